//! Records for storage stories: accounts, consent records and hand-offs
//! made straight through the `Store`, as the services would make them.

use app::domain::account::Role;
use app::domain::calendar::{Day, Holidays};
use app::domain::plan::RecordKey;
use app::domain::sharing::{ConsentChange, ConsentRecord, Contact, HandOff, HandOffStatus, Recipient};
use app::ports::{Store, UserRecord, Viewer};
use std::collections::BTreeMap;
use std::sync::Arc;
use uuid::Uuid;

pub async fn account(store: &Arc<dyn Store>, name: &str, role: Role) -> UserRecord {
    let user = UserRecord {
        user_id: Uuid::new_v4(),
        email: format!("{}@example.com", name.to_lowercase()),
        display_name: name.to_owned(),
        password_hash: Some("$argon2id$stand-in".to_owned()),
        role,
        created_at: 1_000,
        deactivated_at: None,
    };
    store.insert_user(&user).await.expect("account");
    user
}

pub fn viewer(user: &UserRecord) -> Viewer {
    Viewer { id: user.user_id, name: user.display_name.clone(), role: user.role }
}

pub fn consent(share: Uuid, sequence: i64, change: ConsentChange, sections: &str, at: i64) -> ConsentRecord {
    ConsentRecord {
        id: Uuid::new_v4(),
        share_id: share,
        sequence,
        recipient: Recipient::Centre,
        change,
        sections: sections.to_owned(),
        purpose: "To talk with you".to_owned(),
        wording: format!("I agree to share {sections}"),
        recorded_at: at,
    }
}

pub fn handoff(carer: &UserRecord, share: Uuid, terminal: &str, top_impact: i64, at: i64) -> HandOff {
    identified_handoff(carer, share, terminal, top_impact, at, "2026-11-20")
}

/// As [`handoff`], for a carer identified on `identified` (YYYY-MM-DD), with
/// the next clock's day worked out as the service works it out.
pub fn identified_handoff(carer: &UserRecord, share: Uuid, terminal: &str, top_impact: i64, at: i64, identified: &str) -> HandOff {
    let mut handoff = HandOff {
        carer_id: carer.user_id,
        carer_name: carer.display_name.clone(),
        share_id: share,
        status: HandOffStatus::Waiting,
        sections: "about-me,area-health".to_owned(),
        handed_off_at: at,
        identified_on: Day::parse(identified).expect("day"),
        terminal: app::domain::plan::Answer::parse(terminal).expect("yes, no or not-sure"),
        top_impact: usize::try_from(top_impact).ok().and_then(|i| app::domain::plan::ImpactLevel::ALL.get(i).copied()),
        contact: Contact { phone: "07700 900 982".into(), safe_to_leave_message: false, ..Contact::default() },
        worker: None,
        allocated_at: None,
        needs_reallocation: false,
        withdrawn_at: None,
        next_due_on: None,
    };
    handoff.next_due_on = handoff.next_clock_due(&Holidays::scotland());
    handoff
}

/// Hands off a carer's plan; returns the share id.
pub async fn hand_off(store: &Arc<dyn Store>, carer: &UserRecord, terminal: &str, top_impact: i64, at: i64) -> Uuid {
    let share = Uuid::new_v4();
    let given = consent(share, 1, ConsentChange::Given, "about-me,area-health", at);
    assert!(store.hand_off(&given, &handoff(carer, share, terminal, top_impact, at)).await.expect("hand off"));
    share
}

pub async fn save_area(store: &Arc<dyn Store>, carer: &UserRecord, text: &str) {
    let fields = BTreeMap::from([("now".to_owned(), text.to_owned())]);
    store.save_plan_fields(carer.user_id, &RecordKey::Area("health".into()), 0, &fields, 1_000).await.expect("save");
}
