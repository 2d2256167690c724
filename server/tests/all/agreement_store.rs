//! The storage suite for agreeing a plan and referring it: written once
//! against `Store`, run on SQLite and on PostgreSQL, a fresh database per
//! story. Each write that must be whole is checked to be whole.

use crate::support;

use app::domain::account::Role;
use app::domain::agreement::{Comment, Stage, fingerprint};
use app::domain::calendar::Day;
use app::domain::plan::Plan;
use app::domain::referral::Referral;
use app::domain::sharing::{ConsentChange, Recipient};
use app::ports::{Signing, Store};
use std::sync::Arc;
use support::records::*;
use support::{Engine, TestDb};
use uuid::Uuid;

async fn with_db<F, Fut>(engine: Engine, story: F)
where
    F: FnOnce(TestDb) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let Some(db) = TestDb::on(engine).await else { return };
    story(db).await;
}

on_both_engines!(with_db =>
    signing_is_whole_or_nothing_and_only_what_was_read,
    an_agreed_plan_is_never_changed,
    comments_keep_their_order_and_a_stale_step_writes_nothing,
    a_referral_stands_only_on_a_current_share_as_the_worker_saw_it,
);

/// A carer whose plan is handed off and picked up by a worker.
async fn allocated(store: &Arc<dyn Store>) -> (app::ports::UserRecord, app::ports::UserRecord) {
    let carer = account(store, "Cara", Role::Carer).await;
    let worker = account(store, "Wendy", Role::Worker).await;
    hand_off(store, &carer, "no", 2, 5_000).await;
    save_area(store, &carer, "Tired all the time").await;
    assert_eq!(store.pick_up(carer.user_id, worker.user_id, 6_000).await.expect("pick up"), app::ports::PickUp::PickedUp);
    (carer, worker)
}

fn review_day() -> Day {
    Day::parse("2027-06-30").expect("day")
}

/// What the carer's check page would name now: the plan and the review date it shows.
async fn fingerprint_now(store: &Arc<dyn Store>, carer: Uuid) -> String {
    let review_on = store.agreement_of(carer).await.expect("agreement").and_then(|a| a.review_on);
    fingerprint(&Plan { records: store.plan_records(carer).await.expect("records") }, review_on)
}

async fn signing_is_whole_or_nothing_and_only_what_was_read(db: TestDb) {
    let store = db.store.clone();
    let (carer, _) = allocated(&store).await;
    assert!(store.send_for_signing(carer.user_id, 0, review_day(), None, 7_000).await.expect("send"));
    assert!(!store.send_for_signing(carer.user_id, 1, review_day(), None, 7_001).await.expect("send"), "already with the carer");
    let seen = fingerprint_now(&store, carer.user_id).await;

    // Something saved after the carer read the plan: nothing is signed.
    let worse = std::collections::BTreeMap::from([("now".to_owned(), "Worse this week".to_owned())]);
    let saved =
        store.save_plan_fields(carer.user_id, &app::domain::plan::RecordKey::Area("health".into()), 1, &worse, 7_500).await.expect("save");
    assert!(matches!(saved, app::domain::plan::SaveOutcome::Saved { .. }), "{saved:?}");
    let signed = store.sign_plan(carer.user_id, 1, &seen, Uuid::new_v4(), 8_000).await.expect("sign");
    assert_eq!(signed, Signing::Changed);
    let agreement = store.agreement_of(carer.user_id).await.expect("agreement").expect("one");
    assert_eq!((agreement.stage, agreement.version), (Stage::Sent, 1), "the stage was rolled back");
    assert!(store.agreed_plans(carer.user_id).await.expect("plans").is_empty(), "no snapshot");

    let seen = fingerprint_now(&store, carer.user_id).await;
    // A page that showed another review date signs nothing either.
    let records = store.plan_records(carer.user_id).await.expect("records");
    let other_date = fingerprint(&Plan { records }, Some(Day::parse("2027-12-06").expect("day")));
    assert_eq!(store.sign_plan(carer.user_id, 1, &other_date, Uuid::new_v4(), 8_050).await.expect("sign"), Signing::Changed);
    assert!(store.agreed_plans(carer.user_id).await.expect("plans").is_empty(), "no snapshot");
    let Signing::Signed(snapshot) = store.sign_plan(carer.user_id, 1, &seen, Uuid::new_v4(), 8_100).await.expect("sign") else {
        panic!("not signed")
    };
    assert_eq!(snapshot.review_on, review_day());
    assert_eq!(snapshot.worker_name, "Wendy");
    let kept = store.agreed_plans(carer.user_id).await.expect("plans");
    assert_eq!(kept, vec![snapshot.clone()], "the snapshot is stored as returned");
    assert!(kept[0].plan.records.iter().any(|r| r.get("now") == "Worse this week"));
    let agreement = store.agreement_of(carer.user_id).await.expect("agreement").expect("one");
    assert_eq!((agreement.stage, agreement.agreed_at), (Stage::Agreed, Some(8_100)));
    assert_eq!(store.sign_plan(carer.user_id, 1, &seen, Uuid::new_v4(), 8_200).await.expect("sign"), Signing::NotWaiting);
    assert_eq!(store.agreed_plans(carer.user_id).await.expect("plans").len(), 1, "a second signing at the same version writes nothing");
}

async fn an_agreed_plan_is_never_changed(db: TestDb) {
    let store = db.store.clone();
    let (carer, _) = allocated(&store).await;
    store.send_for_signing(carer.user_id, 0, review_day(), None, 7_000).await.expect("send");
    let seen = fingerprint_now(&store, carer.user_id).await;
    assert!(matches!(store.sign_plan(carer.user_id, 1, &seen, Uuid::new_v4(), 8_000).await.expect("sign"), Signing::Signed(_)));
    // Straight at the database, past the store: the database itself refuses.
    let changed = if db.url.starts_with("sqlite:") {
        let pool = sqlx::sqlite::SqlitePool::connect(&db.url).await.expect("connect");
        sqlx::query("update agreed_plans set records = '[]'").execute(&pool).await.map(|r| r.rows_affected())
    } else {
        let pool = sqlx::postgres::PgPool::connect(&db.url).await.expect("connect");
        sqlx::query("update agreed_plans set records = '[]'").execute(&pool).await.map(|r| r.rows_affected())
    };
    assert!(changed.is_err(), "an agreed plan was changed: {changed:?}");
    let kept = store.agreed_plans(carer.user_id).await.expect("plans");
    assert!(kept[0].plan.records.iter().any(|r| r.get("now") == "Tired all the time"));
}

async fn comments_keep_their_order_and_a_stale_step_writes_nothing(db: TestDb) {
    let store = db.store.clone();
    let (carer, _) = allocated(&store).await;
    let comment = |role: Role, body: &str| Comment {
        id: Uuid::new_v4(),
        author_role: role,
        author_name: "Someone".into(),
        body: body.into(),
        written_at: 9_000, // the same second, every one
    };
    store.send_for_signing(carer.user_id, 0, review_day(), None, 7_000).await.expect("send");
    assert!(!store.comment_on_plan(carer.user_id, 0, &comment(Role::Carer, "stale")).await.expect("comment"));
    assert!(store.comment_on_plan(carer.user_id, 1, &comment(Role::Carer, "first")).await.expect("comment"));
    assert!(
        !store.comment_on_plan(carer.user_id, 2, &comment(Role::Carer, "not sent")).await.expect("comment"),
        "nothing is with the carer"
    );
    assert!(!store.send_for_signing(carer.user_id, 1, review_day(), Some(&comment(Role::Worker, "old page")), 9_000).await.expect("send"));
    assert!(store.send_for_signing(carer.user_id, 2, review_day(), Some(&comment(Role::Worker, "second")), 9_000).await.expect("send"));
    assert!(store.comment_on_plan(carer.user_id, 3, &comment(Role::Carer, "third")).await.expect("comment"));
    let said: Vec<String> = store.comments(carer.user_id).await.expect("comments").into_iter().map(|c| c.body).collect();
    assert_eq!(said, ["first", "second", "third"]);
}

async fn a_referral_stands_only_on_a_current_share_as_the_worker_saw_it(db: TestDb) {
    let store = db.store.clone();
    let (carer, worker) = allocated(&store).await;
    let other = account(&store, "Oscar", Role::Worker).await;
    let share = Uuid::new_v4();
    let mut given = consent(share, 1, ConsentChange::Given, "area-health", 7_000);
    given.recipient = Recipient::SocialWork;
    assert!(store.give_share(carer.user_id, &given).await.expect("give"));
    assert!(!store.give_share(carer.user_id, &given).await.expect("give"), "the same record twice");
    let package = store.plan_records(carer.user_id).await.expect("records");
    let referral = |legal: Option<&str>, by: &app::ports::UserRecord| Referral {
        id: Uuid::new_v4(),
        carer_id: carer.user_id,
        share_id: if legal.is_some() { None } else { Some(share) },
        sections: "area-health".into(),
        legal_reason: legal.map(str::to_owned),
        referred_by: by.user_id,
        referred_by_name: by.display_name.clone(),
        referred_at: 8_000,
        withdrawn_at: None,
    };
    let made = referral(None, &worker);
    assert!(!store.refer(&made, 0, &package, &viewer(&worker)).await.expect("refer"), "a share the worker did not see");
    assert!(!store.refer(&referral(None, &other), 1, &package, &viewer(&other)).await.expect("refer"), "not their plan");
    assert!(store.refer(&made, 1, &package, &viewer(&worker)).await.expect("refer"));
    let log = store.access_log(carer.user_id).await.expect("log");
    assert_eq!(log[0].what, app::domain::sharing::Looked::Referral, "the carer sees it");
    let (opened, records) = store.open_referral(made.id, &viewer(&worker), 8_100).await.expect("open").expect("allowed");
    assert_eq!((opened.id, records.len()), (made.id, package.len()));
    assert!(store.open_referral(made.id, &viewer(&other), 8_100).await.expect("open").is_none());

    // Withdrawing the share withdraws the referral; a legal reason stands on its own.
    let legal = referral(Some("A risk of serious harm that cannot wait, written out in full by the worker."), &worker);
    assert!(store.refer(&legal, 0, &package, &viewer(&worker)).await.expect("refer"));
    let mut withdrawn = consent(share, 2, ConsentChange::Withdrawn, "area-health", 9_000);
    withdrawn.recipient = Recipient::SocialWork;
    assert!(store.withdraw_share(carer.user_id, &withdrawn).await.expect("withdraw"));
    assert!(store.open_referral(made.id, &viewer(&worker), 9_100).await.expect("open").is_none(), "nobody can open it");
    assert_eq!(store.referral(made.id).await.expect("referral").and_then(|r| r.withdrawn_at), Some(9_000));
    assert!(!store.refer(&referral(None, &worker), 2, &package, &viewer(&worker)).await.expect("refer"), "nothing on a withdrawn share");
    assert!(store.open_referral(legal.id, &viewer(&worker), 9_100).await.expect("open").is_some());
    let listed = store.legal_referrals().await.expect("list");
    assert_eq!(listed.len(), 1);
    assert_eq!(listed[0].1, "Cara");
    // The carer's own share to the centre is untouched.
    assert_eq!(
        store.hand_off_of(carer.user_id).await.expect("hand-off").map(|h| h.status),
        Some(app::domain::sharing::HandOffStatus::Allocated)
    );
}
