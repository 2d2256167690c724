//! The people of a whole-server test, each calling the real server as a
//! browser would: carers who register, staff a manager creates, and the
//! plans they write and hand off.

use super::{PASSWORD, TestServer};
use reqwest::{Client, StatusCode, header};
use serde_json::{Value, json};

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
        let mut request = Client::new().post(s.url(&format!("/api/{function}"))).json(&body);
        if let Some(cookie) = &self.cookie {
            request = request.header(header::COOKIE, cookie);
        }
        let res = request.send().await.expect("request");
        (res.status(), res.text().await.expect("body"))
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

pub async fn register(s: &TestServer, name: &str) -> (Actor, uuid::Uuid) {
    let email = format!("{}@example.org", name.to_lowercase());
    let res = Client::new()
        .post(s.url("/api/register"))
        .json(&json!({"form": {"name": name, "email": email, "password": PASSWORD}}))
        .send()
        .await
        .expect("register");
    let actor = Actor { cookie: Some(cookie_of(res).await) };
    let me = actor.json(s, "whoami", json!({})).await;
    (actor, uuid::Uuid::parse_str(me["id"].as_str().expect("id")).expect("uuid"))
}

pub async fn set_password(s: &TestServer, link: &str) -> Actor {
    let token = link.split("token=").nth(1).expect("token");
    let res = Client::new()
        .post(s.url("/api/set-password"))
        .json(&json!({"form": {"token": token, "password": PASSWORD}}))
        .send()
        .await
        .expect("set password");
    Actor { cookie: Some(cookie_of(res).await) }
}

pub async fn manager(s: &TestServer) -> (Actor, uuid::Uuid) {
    let invitation =
        app::services::accounts::create_first_manager(&s.state, "Morag Manager", "morag@centre.example").await.expect("manager");
    (set_password(s, &invitation.link).await, invitation.user.id)
}

pub async fn worker(s: &TestServer, manager: &Actor, name: &str) -> (Actor, uuid::Uuid) {
    let email = format!("{}@centre.example", name.split(' ').next().expect("name").to_lowercase());
    let made = manager.json(s, "staff/create", json!({"form": {"name": name, "email": email, "role": "worker"}})).await;
    let id = uuid::Uuid::parse_str(made["user"]["id"].as_str().expect("id")).expect("uuid");
    (set_password(s, made["link"].as_str().expect("link")).await, id)
}

pub fn version_of(saved: &Value) -> i64 {
    saved["Saved"]["version"].as_i64().unwrap_or_else(|| panic!("not saved: {saved}"))
}

/// Writes a plan with three filled sections (About me, Health and
/// wellbeing, Breaks) and one it never shares (Finance), then hands off
/// About me and Health and wellbeing.
pub async fn write_and_hand_off(s: &TestServer, carer: &Actor, terminal: &str) {
    let answers = json!({"phone": "07700 900 982", "safe_message": "no", "terminal": terminal});
    write_and_hand_off_with(s, carer, answers).await;
}

/// As [`write_and_hand_off`], with these answers to "how to get in touch".
pub async fn write_and_hand_off_with(s: &TestServer, carer: &Actor, answers: Value) {
    let save = |key: &'static str, changes: Value| {
        let carer = carer.clone();
        async move { carer.json(s, "plan/answers", json!({"key": key, "base_version": 0, "changes": changes})).await }
    };
    save("about-me", json!({"able_willing": format!("About me: {CANARY}")})).await;
    save("area:health", json!({"now": format!("Health: {CANARY}"), "rating": "substantial"})).await;
    save("area:finance", json!({"now": format!("Money: {UNSHARED}")})).await;
    save("breaks", json!({"kind": format!("Breaks: {UNSHARED}")})).await;
    let chosen = carer.json(s, "sharing/choose", json!({"version": 0, "sections": ["about-me", "area-health"]})).await;
    let saved = carer.json(s, "plan/section", json!({"key": "hand-off", "base_version": version_of(&chosen), "fields": answers})).await;
    carer.json(s, "sharing/hand-off", json!({"version": version_of(&saved)})).await;
}

/// The carer's current share and its sequence.
pub async fn current_share(s: &TestServer, carer: &Actor) -> (String, i64) {
    let view = carer.json(s, "sharing", json!({})).await;
    let share = view["shares"].as_array().expect("shares").iter().find(|s| s["withdrawn_at"].is_null()).expect("a current share").clone();
    (share["share_id"].as_str().expect("id").to_owned(), share["sequence"].as_i64().expect("sequence"))
}

/// The allocated worker writes the least of a support plan (the level of
/// support), as sending the plan to the carer needs.
pub async fn write_support_plan(s: &TestServer, worker: &Actor, carer_id: uuid::Uuid) {
    let body = json!({"carer_id": carer_id, "key": "worker-plan", "base_version": 0,
        "changes": {"support_level": "priority", "needs": "A regular break"}});
    worker.json(s, "worker/answers", body).await;
}

/// The allocated worker sends the plan to the carer to check and sign, as
/// the page they opened it on would (naming the version it showed).
pub async fn send_to_carer(s: &TestServer, worker: &Actor, carer_id: uuid::Uuid, review_on: &str, answer: &str) -> (StatusCode, String) {
    let opened = worker.json(s, "worker/plan", json!({"carer_id": carer_id, "section": null})).await;
    let version = opened["agreement"]["version"].as_i64().expect("a version");
    worker.call(s, "worker/send", json!({"carer_id": carer_id, "version": version, "review_on": review_on, "answer": answer})).await
}

/// What the carer's check-and-sign page would post to sign: the agreement's
/// version and the fingerprint of the plan and the review date it showed.
pub async fn what_to_sign(s: &TestServer, carer: &Actor) -> (i64, String) {
    let page: app::views::plan::PlanPage = serde_json::from_value(carer.json(s, "plan", json!({})).await).expect("a plan page");
    let agreement: app::views::agreement::CarerAgreement =
        serde_json::from_value(carer.json(s, "agreement", json!({})).await).expect("an agreement");
    (agreement.state.version, app::domain::agreement::fingerprint(&page.plan, agreement.state.review_day))
}

/// The carer signs what they were sent; the snapshot's id.
pub async fn sign(s: &TestServer, carer: &Actor) -> String {
    let (version, fingerprint) = what_to_sign(s, carer).await;
    carer.json(s, "agreement/sign", json!({"version": version, "fingerprint": fingerprint})).await;
    let agreement = carer.json(s, "agreement", json!({})).await;
    agreement["agreed"][0]["id"].as_str().expect("an agreed plan").to_owned()
}

/// Signs a registered carer in again (after their session ended), by the
/// name they registered with.
pub async fn sign_in_again(s: &TestServer, name: &str) -> Actor {
    sign_in_as(s, &format!("{}@example.org", name.to_lowercase())).await
}

/// Signs in (again) with an email address and the test password.
pub async fn sign_in_as(s: &TestServer, email: &str) -> Actor {
    let res = Client::new()
        .post(s.url("/api/sign-in"))
        .json(&json!({"form": {"email": email, "password": PASSWORD}}))
        .send()
        .await
        .expect("sign in");
    Actor { cookie: Some(cookie_of(res).await) }
}
