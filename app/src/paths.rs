//! Every address the portal answers, and the links pages build to them.
//!
//! Pages never write a path by hand: they use the constants and builders
//! here. The route table that maps these addresses to pages is apart, in
//! [`crate::routes`], so pages import their links from here and only the
//! table imports pages; its tests check that each link built here reaches
//! a route.

use crate::domain::plan::{ActionId, OutcomeId, PersonId, RecordKey};

/// The start page for visitors, the carer's home (task list).
pub const HOME: &str = "/";
/// A carer creates an account.
pub const REGISTER: &str = "/register";
/// Sign in.
pub const SIGN_IN: &str = "/sign-in";
/// Sign out (a button; the sign-out itself is its POST).
pub const SIGN_OUT: &str = "/sign-out";
/// After signing out.
pub const SIGNED_OUT: &str = "/signed-out";
/// Staff set a password from a one-time link.
pub const SET_PASSWORD: &str = "/set-password";
/// The worker's home.
pub const WORKER: &str = "/worker";
/// The manager's staff accounts.
pub const MANAGER: &str = "/manager";
/// The neutral page "Exit this page" leaves in the history in place of the
/// page the carer was on, so Back shows nothing of theirs.
pub const LEFT: &str = "/left";
/// About me and my caring role.
pub const ABOUT_ME: &str = "/plan/about-me";
/// Outcomes and actions.
pub const OUTCOMES: &str = "/plan/outcomes";
/// Emergency and future planning.
pub const EMERGENCY: &str = "/plan/emergency";
/// Breaks from caring.
pub const BREAKS: &str = "/plan/breaks";
/// Review.
pub const REVIEW: &str = "/plan/review";
/// "My circumstances have changed".
pub const CHANGED: &str = "/plan/changed";
/// Check your answers, with the wellbeing chart.
pub const SUMMARY: &str = "/plan/summary";
/// Check the plan the worker sent, then sign it or comment.
pub const AGREE: &str = "/plan/agree";
/// "I'm ready to talk to someone", question 1: what a worker may see.
pub const READY_SECTIONS: &str = "/ready/sections";
/// Question 2: how to get in touch, and what is safe.
pub const READY_CONTACT: &str = "/ready/contact";
/// Question 3: the person cared for, and when the centre first knew.
pub const READY_PERSON: &str = "/ready/person";
/// Check your answers, then send.
pub const READY_CHECK: &str = "/ready/check";
/// Sent: what happens next.
pub const READY_SENT: &str = "/ready/sent";
/// The carer's shares, consent records and who has seen the plan.
pub const SHARING: &str = "/sharing";
/// Change what is shared.
pub const SHARING_CHANGE: &str = "/sharing/change";
/// Withdraw consent.
pub const SHARING_WITHDRAW: &str = "/sharing/withdraw";
/// Give, or withdraw, consent to share with social work.
pub const SHARING_SOCIAL_WORK: &str = "/sharing/social-work";
/// Referrals made under a legal reason (managers).
pub const LEGAL_REFERRALS: &str = "/manager/referrals";
/// Anonymous figures by month (managers).
pub const FIGURES: &str = "/manager/figures";
/// The same figures as a CSV file.
pub const FIGURES_CSV: &str = "/manager/figures.csv";
/// The carer deletes their plan, or asks for it to be deleted.
pub const DELETE: &str = "/delete";
/// Requests to delete a plan (managers).
pub const DELETIONS: &str = "/manager/deletions";
/// "Download my data": everything held about the signed-in carer, as JSON.
pub const MY_DATA: &str = "/my-data.json";

/// The files the server sends itself (not pages): a link to one of these,
/// or to a referral package's JSON file, is not a missing page.
pub const FILES: &[&str] = &[MY_DATA, FIGURES_CSV];
/// The worker's caseload.
pub const CASELOAD: &str = "/worker/caseload";
/// The manager's view of every allocation.
pub const ALLOCATIONS: &str = "/manager/allocations";

/// The records a carer can add more of, and remove.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Repeated {
    /// A person cared for.
    Person,
    /// A personal outcome.
    Outcome,
    /// An action.
    Action,
}

impl Repeated {
    /// Every kind.
    pub const ALL: [Repeated; 3] = [Repeated::Person, Repeated::Outcome, Repeated::Action];

    /// Its name in addresses (and in the "add another" buttons' value).
    pub fn as_str(self) -> &'static str {
        match self {
            Repeated::Person => "person",
            Repeated::Outcome => "outcome",
            Repeated::Action => "action",
        }
    }

    /// Reads the name used in addresses.
    pub fn parse(s: &str) -> Option<Repeated> {
        Repeated::ALL.into_iter().find(|k| k.as_str() == s)
    }

    /// The key of the record of this kind with this id.
    pub fn key(self, id: uuid::Uuid) -> RecordKey {
        match self {
            Repeated::Person => RecordKey::Person(id),
            Repeated::Outcome => RecordKey::Outcome(id),
            Repeated::Action => RecordKey::Action(id),
        }
    }

    /// The kind of a record key, if it is one that repeats.
    pub fn of(key: &RecordKey) -> Option<(Repeated, uuid::Uuid)> {
        match key {
            RecordKey::Person(id) => Some((Repeated::Person, *id)),
            RecordKey::Outcome(id) => Some((Repeated::Outcome, *id)),
            RecordKey::Action(id) => Some((Repeated::Action, *id)),
            _ => None,
        }
    }
}

/// One wellbeing area.
pub fn area(id: &str) -> String {
    format!("/plan/area/{id}")
}

/// One person cared for.
pub fn person(id: PersonId) -> String {
    format!("/plan/person/{id}")
}

/// One personal outcome.
pub fn outcome(id: OutcomeId) -> String {
    format!("/plan/outcome/{id}")
}

/// One action.
pub fn action(id: ActionId) -> String {
    format!("/plan/action/{id}")
}

/// Starts a new record of this kind (the page gives it a fresh id).
pub fn new_record(kind: Repeated) -> String {
    format!("/plan/{}/new", kind.as_str())
}

/// Confirms removing a person, outcome or action.
pub fn remove(kind: Repeated, id: uuid::Uuid) -> String {
    format!("/plan/remove/{}/{id}", kind.as_str())
}

/// A plan the carer signed, beside the plan now.
pub fn agreed(id: uuid::Uuid) -> String {
    format!("/plan/agreed/{id}")
}

/// The worker sends a carer's plan to them to check and sign.
pub fn send_plan(carer: uuid::Uuid) -> String {
    format!("/worker/send/{carer}")
}

/// Refer a carer's plan to social work.
pub fn refer(carer: uuid::Uuid) -> String {
    format!("/worker/refer/{carer}")
}

/// A referral package, to print.
pub fn referral(id: uuid::Uuid) -> String {
    format!("/worker/referral/{id}")
}

/// A referral package as a JSON file.
pub fn referral_json(id: uuid::Uuid) -> String {
    format!("/worker/referral/{id}/package.json")
}

/// A printable receipt for one consent record.
pub fn receipt(id: uuid::Uuid) -> String {
    format!("/sharing/receipt/{id}")
}

/// The shared part of a carer's plan: contact details and the list of sections.
pub fn shared_plan(carer: uuid::Uuid) -> String {
    format!("/worker/plan/{carer}")
}

/// One shared section (or `all` of them, to print).
pub fn shared_section(carer: uuid::Uuid, section: &str) -> String {
    format!("/worker/plan/{carer}/{section}")
}

/// The worker's part of a carer's support plan.
pub fn support_plan(carer: uuid::Uuid) -> String {
    format!("/worker/support/{carer}")
}

/// An action agreed with the carer, which the worker writes.
pub fn worker_action(carer: uuid::Uuid, action: uuid::Uuid) -> String {
    format!("/worker/action/{carer}/{action}")
}

/// Starts a new agreed action (the page gives it a fresh id).
pub fn new_worker_action(carer: uuid::Uuid) -> String {
    format!("/worker/action/{carer}/new")
}

/// A manager gives a plan to a worker.
pub fn reallocate(carer: uuid::Uuid) -> String {
    format!("/manager/reallocate/{carer}")
}

/// A manager deactivates a staff account.
pub fn deactivate(user: uuid::Uuid) -> String {
    format!("/manager/deactivate/{user}")
}

/// One request to delete a plan (managers).
pub fn deletion_request(carer: uuid::Uuid) -> String {
    format!("/manager/deletions/{carer}")
}

/// The page that edits `key`.
pub fn record(key: &RecordKey) -> String {
    match key {
        RecordKey::AboutMe => ABOUT_ME.to_owned(),
        RecordKey::Person(id) => person(PersonId(*id)),
        RecordKey::Area(id) => area(id),
        RecordKey::Outcomes => OUTCOMES.to_owned(),
        RecordKey::Outcome(id) => outcome(OutcomeId(*id)),
        RecordKey::Action(id) => action(ActionId(*id)),
        RecordKey::Emergency => EMERGENCY.to_owned(),
        RecordKey::Breaks => BREAKS.to_owned(),
        RecordKey::Review => REVIEW.to_owned(),
        RecordKey::HandOff => READY_CONTACT.to_owned(),
        // The worker's records are read by the carer beside their own answers.
        RecordKey::WorkerArea(id) => area(id),
        RecordKey::WorkerPlan | RecordKey::WorkerAction(_) => SUMMARY.to_owned(),
    }
}

#[cfg(all(test, feature = "ssr"))]
pub(crate) mod tests {
    use super::*;

    /// The paths the server registers, as axum writes them (`/plan/area/{id}`):
    /// the route table of [`crate::routes`], as the app mounts it.
    pub(crate) fn route_table() -> Vec<String> {
        leptos_axum::generate_route_list(crate::App).iter().map(|r| r.path().to_owned()).collect()
    }

    /// True when a link (an absolute path, maybe with a query or fragment)
    /// reaches a route of the table, not the "Page not found" fallback.
    pub(crate) fn resolves(table: &[String], link: &str) -> bool {
        let path = link.split(['?', '#']).next().unwrap_or_default();
        if FILES.contains(&path) || (path.starts_with("/worker/referral/") && path.ends_with("/package.json")) {
            return true;
        }
        let wanted: Vec<&str> = path.split('/').collect();
        table.iter().any(|pattern| {
            let pattern: Vec<&str> = pattern.split('/').collect();
            pattern.len() == wanted.len()
                && pattern.iter().zip(&wanted).all(|(p, w)| {
                    let param = p.starts_with('{') || p.starts_with(':');
                    (param && !w.is_empty()) || p == w
                })
        })
    }

    /// Every `href` and form `action` in some HTML that stays on this site.
    pub(crate) fn local_links(html: &str) -> Vec<String> {
        let mut links = Vec::new();
        for attribute in ["href=\"", "action=\""] {
            for (start, _) in html.match_indices(attribute) {
                let rest = &html[start + attribute.len()..];
                let link = &rest[..rest.find('"').unwrap_or(rest.len())];
                if link.starts_with('/') && !link.starts_with("//") && !link.starts_with("/pkg/") && link != "/favicon.svg" {
                    links.push(link.to_owned());
                }
            }
        }
        links
    }

    #[tokio::test]
    async fn every_address_built_here_has_a_route() {
        let table = route_table();
        let id = uuid::Uuid::new_v4();
        let mut links: Vec<String> = [
            HOME,
            REGISTER,
            SIGN_IN,
            SIGN_OUT,
            SIGNED_OUT,
            SET_PASSWORD,
            WORKER,
            MANAGER,
            LEFT,
            ABOUT_ME,
            OUTCOMES,
            EMERGENCY,
            BREAKS,
            REVIEW,
            CHANGED,
            SUMMARY,
            READY_SECTIONS,
            READY_CONTACT,
            READY_PERSON,
            READY_CHECK,
            READY_SENT,
            SHARING,
            SHARING_CHANGE,
            SHARING_WITHDRAW,
            CASELOAD,
            ALLOCATIONS,
        ]
        .map(str::to_owned)
        .to_vec();
        links.extend([area("health"), person(PersonId(id)), outcome(OutcomeId(id)), action(ActionId(id))]);
        links.extend([
            receipt(id),
            shared_plan(id),
            shared_section(id, "area-health"),
            support_plan(id),
            worker_action(id, id),
            new_worker_action(id),
            reallocate(id),
            deactivate(id),
        ]);
        for kind in Repeated::ALL {
            links.push(new_record(kind));
            links.push(remove(kind, id));
            assert_eq!(Repeated::parse(kind.as_str()), Some(kind));
            assert_eq!(Repeated::of(&kind.key(id)), Some((kind, id)));
        }
        for key in [
            RecordKey::AboutMe,
            RecordKey::Person(id),
            RecordKey::Area("finance".into()),
            RecordKey::Outcomes,
            RecordKey::Outcome(id),
            RecordKey::Action(id),
            RecordKey::Emergency,
            RecordKey::Breaks,
            RecordKey::Review,
            RecordKey::HandOff,
        ] {
            links.push(record(&key));
        }
        for link in &links {
            assert!(resolves(&table, link), "{link} has no route in {table:?}");
        }
        for role in [crate::domain::account::Role::Carer, crate::domain::account::Role::Worker, crate::domain::account::Role::Manager] {
            assert!(resolves(&table, role.home_path()), "{role:?}'s home has no route");
        }
    }
}
