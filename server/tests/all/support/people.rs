//! The people of a whole-server test, each calling the real server as a
//! browser would: carers who register, staff a manager creates, and the
//! plans they write and hand off.

use super::{PASSWORD, TestServer, fields, registration};
use app::api::accounts::{CreateStaff, Register, SetPassword, SignIn, Whoami};
use app::api::agreement::{MyAgreement, SendToCarer, SignPlan};
use app::api::plan::{MyPlan, SaveAnswers, SaveSection};
use app::api::sharing::{ChooseSections, HandOff, Sharing};
use app::api::worker::{SaveWorkerAnswers, SharedPlan};
use app::domain::account::{NewStaffForm, SetPasswordForm, SignInForm};
use app::domain::plan::SaveOutcome;
use leptos::server_fn::ServerFn;
use reqwest::{Client, StatusCode, header};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;
use std::collections::BTreeMap;

/// Words written only into the shared carers' plans: staff refused a plan
/// must never receive them.
pub const CANARY: &str = "kingfisher-over-the-loch";
/// Written only into a section that is never shared.
pub const UNSHARED: &str = "heron-in-the-reeds";

/// A client that presents one session cookie and never takes another, so
/// a call that signs someone in or out cannot change who the actor is.
#[derive(Clone)]
pub struct Actor {
    pub cookie: Option<String>,
}

impl Actor {
    pub async fn call(&self, s: &TestServer, function: &str, body: Value) -> (StatusCode, String) {
        self.post_json(s, &format!("/api/{function}"), &body).await
    }

    async fn post_json(&self, s: &TestServer, path: &str, body: &impl Serialize) -> (StatusCode, String) {
        let mut request = Client::new().post(s.url(path)).json(body);
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let res = request.send().await.expect("request");
        (res.status(), res.text().await.expect("body"))
    }

    /// Calls a server function through the type `#[server]` generated for
    /// it (see [`super::call_fn`]): the status and the body as text.
    pub async fn send<F: ServerFn + Serialize>(&self, s: &TestServer, args: F) -> (StatusCode, String) {
        self.post_json(s, F::PATH, &args).await
    }

    /// As [`Actor::send`], for a call that must succeed: its answer as JSON.
    pub async fn answer<F: ServerFn + Serialize>(&self, s: &TestServer, args: F) -> Value {
        let (status, text) = self.send(s, args).await;
        assert!(status.is_success(), "{}: {status} {text}", F::PATH);
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// As [`Actor::send`], for a call that must succeed: its answer, read
    /// as the type the server function returns.
    pub async fn ask<F>(&self, s: &TestServer, args: F) -> F::Output
    where
        F: ServerFn + Serialize,
        F::Output: DeserializeOwned,
    {
        let (status, text) = self.send(s, args).await;
        assert!(status.is_success(), "{}: {status} {text}", F::PATH);
        serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error} in {text}", F::PATH))
    }

    pub async fn json(&self, s: &TestServer, function: &str, body: Value) -> Value {
        let (status, text) = self.call(s, function, body).await;
        assert!(status.is_success(), "{function}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// Posts a page's form as a browser without JavaScript would.
    pub async fn post(&self, s: &TestServer, path: &str, fields: &[(&str, &str)]) -> (StatusCode, String) {
        let mut request = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
            .post(s.url(path))
            .header(header::ACCEPT, "text/html")
            .header(header::ORIGIN, s.base.clone())
            .form(fields);
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let res = request.send().await.expect("request");
        (res.status(), res.text().await.expect("body"))
    }

    pub async fn page(&self, s: &TestServer, path: &str) -> (StatusCode, header::HeaderMap, String) {
        let mut request = Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
            .get(s.url(path))
            .header(header::ACCEPT, "text/html");
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let res = request.send().await.expect("request");
        let (status, headers) = (res.status(), res.headers().clone());
        (status, headers, res.text().await.expect("body"))
    }
}

pub async fn cookie_of(res: reqwest::Response) -> String {
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers().get(header::SET_COOKIE).expect("a session cookie").to_str().expect("text");
    cookie.split(';').next().expect("name=value").to_owned()
}

/// Calls a server function that signs someone in (registering, signing
/// in, setting a password): an actor with the session it started.
async fn signed_in_by<F: ServerFn + Serialize>(s: &TestServer, args: F) -> Actor {
    let res = Client::new().post(s.url(F::PATH)).json(&args).send().await.expect(F::PATH);
    Actor { cookie: Some(cookie_of(res).await) }
}

pub async fn register(s: &TestServer, name: &str) -> (Actor, uuid::Uuid) {
    let actor = signed_in_by(s, Register { form: registration(name) }).await;
    let me = actor.ask(s, Whoami {}).await.expect("signed in");
    (actor, me.id)
}

pub async fn set_password(s: &TestServer, link: &str) -> Actor {
    let token = link.split("token=").nth(1).expect("token");
    let form = SetPasswordForm { token: token.to_owned(), password: PASSWORD.to_owned() };
    signed_in_by(s, SetPassword { form }).await
}

pub async fn manager(s: &TestServer) -> (Actor, uuid::Uuid) {
    let invitation =
        app::services::accounts::create_first_manager(&s.state, "Morag Manager", "morag@centre.example").await.expect("manager");
    (set_password(s, &invitation.link).await, invitation.user.id)
}

pub async fn worker(s: &TestServer, manager: &Actor, name: &str) -> (Actor, uuid::Uuid) {
    let email = format!("{}@centre.example", name.split(' ').next().expect("name").to_lowercase());
    let made = manager.ask(s, CreateStaff { form: NewStaffForm { name: name.to_owned(), email, role: "worker".to_owned() } }).await;
    (set_password(s, &made.link).await, made.user.id)
}

pub fn version_of(saved: &Value) -> i64 {
    saved["Saved"]["version"].as_i64().unwrap_or_else(|| panic!("not saved: {saved}"))
}

/// The version a save made, which the next save names.
pub fn saved_version(saved: &SaveOutcome) -> i64 {
    match saved {
        SaveOutcome::Saved { version } => *version,
        SaveOutcome::Conflict { .. } => panic!("not saved: {saved:?}"),
    }
}

/// Writes a plan with three filled sections (About me, Health and
/// wellbeing, Breaks) and one it never shares (Finance), then hands off
/// About me and Health and wellbeing.
pub async fn write_and_hand_off(s: &TestServer, carer: &Actor, terminal: &str) {
    let answers = fields([("phone", "07700 900 982"), ("safe_message", "no"), ("terminal", terminal)]);
    write_and_hand_off_with(s, carer, answers).await;
}

/// As [`write_and_hand_off`], with these answers to "how to get in touch".
pub async fn write_and_hand_off_with(s: &TestServer, carer: &Actor, answers: BTreeMap<String, String>) {
    let save = |key: &'static str, changes: BTreeMap<String, String>| {
        let carer = carer.clone();
        async move { carer.ask(s, SaveAnswers { key: key.to_owned(), base_version: 0, changes, base: None }).await }
    };
    save("about-me", fields([("able_willing", &format!("About me: {CANARY}"))])).await;
    save("area:health", fields([("now", &format!("Health: {CANARY}")), ("rating", "substantial")])).await;
    save("area:finance", fields([("now", &format!("Money: {UNSHARED}"))])).await;
    save("breaks", fields([("kind", &format!("Breaks: {UNSHARED}"))])).await;
    let chosen = carer.ask(s, ChooseSections { version: 0, sections: vec!["about-me".into(), "area-health".into()] }).await;
    let saved = carer.ask(s, SaveSection { key: "hand-off".into(), base_version: saved_version(&chosen), fields: answers }).await;
    carer.ask(s, HandOff { version: saved_version(&saved) }).await;
}

/// The carer's current share and its sequence.
pub async fn current_share(s: &TestServer, carer: &Actor) -> (String, i64) {
    let view = carer.ask(s, Sharing { history_before: None, seen_before: None }).await;
    let share = view.shares.iter().find(|s| s.withdrawn_at.is_none()).expect("a current share");
    (share.share_id.to_string(), share.sequence)
}

/// The allocated worker writes the least of a support plan (the level of
/// support), as sending the plan to the carer needs.
pub async fn write_support_plan(s: &TestServer, worker: &Actor, carer_id: uuid::Uuid) {
    let changes = fields([("support_level", "priority"), ("needs", "A regular break")]);
    worker.ask(s, SaveWorkerAnswers { carer_id, key: "worker-plan".into(), base_version: 0, changes, base: None }).await;
}

/// The allocated worker sends the plan to the carer to check and sign, as
/// the page they opened it on would (naming the version it showed).
pub async fn send_to_carer(s: &TestServer, worker: &Actor, carer_id: uuid::Uuid, review_on: &str, answer: &str) -> (StatusCode, String) {
    let opened = worker.ask(s, SharedPlan { carer_id, section: None }).await;
    let version = opened.agreement.version;
    worker.send(s, SendToCarer { carer_id, version, review_on: review_on.to_owned(), answer: answer.to_owned() }).await
}

/// What the carer's check-and-sign page would post to sign: the agreement's
/// version and the fingerprint of the plan and the review date it showed.
pub async fn what_to_sign(s: &TestServer, carer: &Actor) -> (i64, String) {
    let page = carer.ask(s, MyPlan {}).await;
    let agreement = carer.ask(s, MyAgreement {}).await;
    (agreement.state.version, app::domain::agreement::fingerprint(&page.plan, agreement.state.review_day))
}

/// The carer signs what they were sent; the snapshot's id.
pub async fn sign(s: &TestServer, carer: &Actor) -> String {
    let (version, fingerprint) = what_to_sign(s, carer).await;
    carer.ask(s, SignPlan { version, fingerprint }).await;
    let agreement = carer.ask(s, MyAgreement {}).await;
    agreement.agreed.first().expect("an agreed plan").id.to_string()
}

/// Signs a registered carer in again (after their session ended), by the
/// name they registered with.
pub async fn sign_in_again(s: &TestServer, name: &str) -> Actor {
    sign_in_as(s, &format!("{}@example.org", name.to_lowercase())).await
}

/// Signs in (again) with an email address and the test password.
pub async fn sign_in_as(s: &TestServer, email: &str) -> Actor {
    let form = SignInForm { email: email.to_owned(), password: PASSWORD.to_owned(), shared_device: false };
    signed_in_by(s, SignIn { form }).await
}
