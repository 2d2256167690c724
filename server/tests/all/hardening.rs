//! Whole-server tests of what a visitor, a script or a power cut can do,
//! on SQLite and PostgreSQL: nothing anyone sends stalls the server or
//! fills the database, guessing is throttled however it is parallelised,
//! and a save the server confirmed is there after the server is killed.

use crate::support;

use app::error::AppError;
use app::services::network::TrustedProxies;
use reqwest::{Client, StatusCode, header};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use support::{
    Engine, PASSWORD, TestDb, TestServer, call, carer, on_engine, page, people, save, session_cookie, whoami_with, with_server as run,
};

async fn save_from(client: &Client, s: &TestServer, key: &str, version: i64, changes: Value, base: Value) -> Value {
    let (status, body) =
        call(client, s, "plan/answers", json!({"key": key, "base_version": version, "changes": changes, "base": base})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

async fn stored(client: &Client, s: &TestServer, key: Value) -> Value {
    let (_, body) = call(client, s, "plan", json!({})).await;
    let records = body["plan"]["records"].as_array().cloned().unwrap_or_default();
    records.into_iter().find(|r| r["key"] == key).map_or(Value::Null, |r| r["fields"].clone())
}

fn error_of(body: &Value) -> AppError {
    serde_json::from_value(body.clone()).unwrap_or_else(|_| panic!("not an AppError: {body}"))
}

/// Signs in as `email` from a fresh browser, as if from `client_ip` behind a proxy.
async fn sign_in_from(s: &TestServer, email: &str, password: &str, client_ip: &str) -> StatusCode {
    s.browser()
        .post(s.url("/api/sign-in"))
        .header("x-forwarded-for", client_ip)
        .json(&json!({"form": {"email": email, "password": password}}))
        .send()
        .await
        .unwrap()
        .status()
}

on_both_engines!(run =>
    a_post_of_a_hundred_thousand_fields_is_refused_at_once,
    parallel_wrong_guesses_are_checked_no_more_than_the_limit,
    wrong_set_password_links_and_refused_registrations_are_throttled,
    a_forwarded_address_from_anyone_but_a_trusted_proxy_is_not_believed,
    limits_count_what_is_sent_and_choices_are_stored_trimmed,
    a_plan_holds_at_most_twenty_people,
    answers_that_belong_nowhere_are_not_echoed_back,
    a_devices_own_landed_save_is_not_a_conflict_but_a_real_clash_is,
    a_session_ends_after_twelve_hours_however_busy,
    ended_sessions_are_removed_without_waiting_for_their_token,
    server_functions_take_only_json,
);

async fn a_post_of_a_hundred_thousand_fields_is_refused_at_once(s: TestServer) {
    let sam = carer(&s, "Sam").await;
    let body = "answer=1&".repeat(100_000);
    for (client, path) in [(s.browser(), "/register"), (sam.clone(), "/plan/area/health")] {
        let started = Instant::now();
        let res = client
            .post(s.url(path))
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::ORIGIN, s.base.clone())
            .body(body.clone())
            .send()
            .await
            .unwrap();
        let took = started.elapsed();
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE, "{path}");
        assert!(took < Duration::from_secs(1), "{path} took {took:?}");
    }
    let health = reqwest::get(s.url("/health")).await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
    assert_eq!(stored(&sam, &s, json!({"Area": "health"})).await, Value::Null, "nothing was saved");
}

async fn parallel_wrong_guesses_are_checked_no_more_than_the_limit(s: TestServer) {
    carer(&s, "Sam").await;
    let guesses = (0..30).map(|i| {
        let client = s.browser();
        let s = &s;
        async move {
            call(&client, s, "sign-in", json!({"form": {"email": "sam@example.org", "password": format!("guess number {i}")}})).await.0
        }
    });
    let answers = futures_util::future::join_all(guesses).await;
    let checked = answers.iter().filter(|s| **s == StatusCode::UNPROCESSABLE_ENTITY).count();
    let refused = answers.iter().filter(|s| **s == StatusCode::TOO_MANY_REQUESTS).count();
    assert!(checked <= 5, "{checked} of 30 parallel guesses were checked against the password");
    assert_eq!(checked + refused, 30, "{answers:?}");
    // Refused guesses were never checked, so they are not counted either:
    // exactly five checked failures in all lock the account.
    for i in checked..5 {
        let wrong = json!({"form": {"email": "sam@example.org", "password": format!("later guess {i}")}});
        assert_eq!(call(&s.browser(), &s, "sign-in", wrong).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (status, body) = call(&s.browser(), &s, "sign-in", json!({"form": {"email": "sam@example.org", "password": PASSWORD}})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "the account is locked: {body}");
}

async fn wrong_set_password_links_and_refused_registrations_are_throttled(s: TestServer) {
    let browser = s.browser();
    for i in 0..20 {
        let (status, _) =
            call(&browser, &s, "set-password", json!({"form": {"token": format!("made-up-{i}"), "password": PASSWORD}})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    }
    let (status, body) = call(&browser, &s, "set-password", json!({"form": {"token": "made-up", "password": PASSWORD}})).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(error_of(&body).to_string().contains("Try again in 15 minutes"));

    // A front desk registering many carers, even all at once, is never held
    // up by refusals: registrations that succeed are not refusals …
    let at_once = (0..19).map(|i| {
        let client = browser.clone();
        let s = &s;
        async move {
            let form = json!({"form": {"name": "Carer", "email": format!("carer{i}@example.org"), "password": PASSWORD}});
            call(&client, s, "register", form).await.0
        }
    });
    for status in futures_util::future::join_all(at_once).await {
        assert_eq!(status, StatusCode::OK);
    }
    // … but a script trying addresses that are taken is.
    let taken = json!({"form": {"name": "Sam", "email": "carer0@example.org", "password": PASSWORD}});
    for _ in 0..20 {
        assert_eq!(call(&browser, &s, "register", taken.clone()).await.0, StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(call(&browser, &s, "register", taken).await.0, StatusCode::TOO_MANY_REQUESTS);
    let fresh = json!({"form": {"name": "Kim", "email": "kim@example.org", "password": PASSWORD}});
    assert_eq!(call(&browser, &s, "register", fresh.clone()).await.0, StatusCode::TOO_MANY_REQUESTS);
    s.clock.advance(15 * 60);
    assert_eq!(call(&browser, &s, "register", fresh).await.0, StatusCode::OK, "fifteen minutes later");
}

async fn a_forwarded_address_from_anyone_but_a_trusted_proxy_is_not_believed(s: TestServer) {
    carer(&s, "Sam").await;
    for i in 0..20 {
        let email = format!("nobody{i}@example.org");
        assert_eq!(sign_in_from(&s, &email, "wrong password", "198.51.100.66").await, StatusCode::UNPROCESSABLE_ENTITY);
    }
    // Without a trusted proxy, everyone here is one client, whatever they write.
    assert_eq!(sign_in_from(&s, "sam@example.org", PASSWORD, "198.51.100.2").await, StatusCode::TOO_MANY_REQUESTS);
}

/// Registers `n` carers at once from `client_ip` (believed: the server
/// trusts this machine as its proxy); the status of each.
async fn register_many(s: &TestServer, from: usize, n: usize, client_ip: &str) -> Vec<(StatusCode, Value)> {
    let at_once = (from..from + n).map(|i| {
        let client = s.browser();
        async move {
            let res = client
                .post(s.url("/api/register"))
                .header("x-forwarded-for", client_ip)
                .json(&json!({"form": {"name": "Carer", "email": format!("carer{i}@example.org"), "password": PASSWORD}}))
                .send()
                .await
                .unwrap();
            let status = res.status();
            (status, res.json::<Value>().await.unwrap_or(Value::Null))
        }
    });
    futures_util::future::join_all(at_once).await
}

/// 200 accounts were once made from one address in ten seconds. Now one
/// address makes at most 20 an hour, however fast they come; the rest are
/// told plainly, with or without JavaScript, and no account is made for
/// them. Other addresses are not held up.
async fn new_accounts_from_one_address_stop_at_twenty_an_hour(engine: Engine) {
    let Some(s) = TestServer::start_with(engine, |state| {
        state.settings.trusted_proxies = TrustedProxies::parse("127.0.0.1, ::1").unwrap();
    })
    .await
    else {
        return;
    };
    const REFUSED: &str = "Too many new accounts have been made from this internet connection in the last hour. Try again in 60 minutes.";
    // A burst makes exactly the limit: each is counted before its password
    // is hashed, in turn, so none gets past it and the refused do not crowd
    // out the rest (one refused is not counted) …
    let burst = register_many(&s, 0, 25, "198.51.100.7").await;
    let made = burst.iter().filter(|(status, _)| *status == StatusCode::OK).count();
    assert_eq!(made, 20, "{burst:?}");
    for (status, body) in burst.iter().filter(|(status, _)| *status != StatusCode::OK) {
        assert_eq!((*status, error_of(body).to_string().as_str()), (StatusCode::TOO_MANY_REQUESTS, REFUSED));
    }
    // … and the next one is refused too.
    let next = 25;
    let answer = register_many(&s, next, 1, "198.51.100.7").await;
    assert_eq!((answer[0].0, error_of(&answer[0].1).to_string().as_str()), (StatusCode::TOO_MANY_REQUESTS, REFUSED));
    let mut accounts = 0;
    for i in 0..=next {
        accounts += usize::from(s.db.store.user_by_email(&format!("carer{i}@example.org")).await.unwrap().is_some());
    }
    assert_eq!(accounts, 20, "no account for a refused registration");

    // Without JavaScript: the same words, beside the form, with what was typed.
    let res = s
        .browser()
        .post(s.url("/register"))
        .header("x-forwarded-for", "198.51.100.7")
        .header(header::ORIGIN, s.base.clone())
        .form(&[("name", "Kim"), ("email", "kim@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let html = res.text().await.unwrap();
    assert!(html.contains("There is a problem") && html.contains("Too many new accounts have been made"), "{html}");
    assert!(html.contains(r#"value="kim@example.org""#), "what was typed is kept");

    // Another address is not held up; this one may again an hour later.
    assert!(register_many(&s, 100, 1, "198.51.100.8").await.iter().all(|(status, _)| *status == StatusCode::OK));
    s.clock.advance(60 * 60);
    assert!(register_many(&s, 200, 1, "198.51.100.7").await.iter().all(|(status, _)| *status == StatusCode::OK));

    // How many is a setting.
    let Some(strict) = TestServer::start_with(engine, |state| {
        state.settings.trusted_proxies = TrustedProxies::parse("127.0.0.1, ::1").unwrap();
        state.settings.registrations_per_hour = 2;
    })
    .await
    else {
        return;
    };
    let statuses: Vec<StatusCode> = register_many(&strict, 0, 3, "198.51.100.9").await.into_iter().map(|(status, _)| status).collect();
    assert_eq!(statuses.iter().filter(|s| **s == StatusCode::OK).count(), 2, "{statuses:?}");
}

/// Behind a proxy every carer arrives from one address; once the proxy is
/// named, one noisy client no longer locks everybody out.
async fn behind_a_trusted_proxy_one_noisy_client_does_not_lock_out_everyone(engine: Engine) {
    let Some(s) = TestServer::start_with(engine, |state| {
        state.settings.trusted_proxies = TrustedProxies::parse("127.0.0.1, ::1").unwrap();
    })
    .await
    else {
        return;
    };
    carer(&s, "Sam").await;
    for i in 0..20 {
        let email = format!("nobody{i}@example.org");
        assert_eq!(sign_in_from(&s, &email, "wrong password", "198.51.100.66").await, StatusCode::UNPROCESSABLE_ENTITY);
    }
    assert_eq!(sign_in_from(&s, "nobody@example.org", "wrong password", "198.51.100.66").await, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(sign_in_from(&s, "sam@example.org", PASSWORD, "198.51.100.2").await, StatusCode::OK);
}

async fn limits_count_what_is_sent_and_choices_are_stored_trimmed(s: TestServer) {
    let sam = carer(&s, "Sam").await;
    let (status, body) = save(&sam, &s, "area:health", 0, json!({"now": " ".repeat(300_000)})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    let (status, body) = save(&sam, &s, "area:health", 0, json!({"rating": "  low ", "matters": "   ", "now": " Tired "})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(stored(&sam, &s, json!({"Area": "health"})).await, json!({"rating": "low", "matters": "", "now": " Tired "}));
    let (status, _) = save(&sam, &s, "area:health", 1, json!({"rating": "   "})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(stored(&sam, &s, json!({"Area": "health"})).await["rating"], "", "a blank choice is no choice");
}

async fn a_plan_holds_at_most_twenty_people(s: TestServer) {
    let sam = carer(&s, "Sam").await;
    let mut first = String::new();
    for i in 0..20 {
        let key = format!("person:{}", uuid::Uuid::new_v4());
        let (status, body) = save(&sam, &s, &key, 0, json!({"name": format!("Person {i}")})).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        if i == 0 {
            first = key;
        }
    }
    let (status, body) = save(&sam, &s, &format!("person:{}", uuid::Uuid::new_v4()), 0, json!({"name": "One more"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_of(&body).field_errors().unwrap().get("name"),
        Some("You can add up to 20 people you care for. Remove one to add someone else")
    );
    let (status, _) = save(&sam, &s, &first, 1, json!({"relationship": "Mum"})).await;
    assert_eq!(status, StatusCode::OK, "the people already there can still be changed");
    // Without JavaScript the same limit is explained on the page.
    let (status, _, html) =
        support::post_form(&sam, &s, &format!("/plan/person/{}", uuid::Uuid::new_v4()), &[("__version", "0"), ("name", "One more")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("You can add up to 20 people you care for"));
    assert!(html.contains(r#"value="One more""#), "what was typed is kept");
}

async fn answers_that_belong_nowhere_are_not_echoed_back(s: TestServer) {
    let sam = carer(&s, "Sam").await;
    let junk: serde_json::Map<String, Value> = (0..500).map(|i| (format!("<script>alert({i})</script>"), json!("x"))).collect();
    let (status, body) = save(&sam, &s, "area:health", 0, Value::Object(junk)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!body.to_string().contains("script"), "{body}");
    assert_eq!(error_of(&body).field_errors().unwrap().0.len(), 1);
}

async fn a_devices_own_landed_save_is_not_a_conflict_but_a_real_clash_is(s: TestServer) {
    let sam = carer(&s, "Sam").await;
    // A save sent just before a reload lands after the reloaded page was drawn at version 0 …
    save(&sam, &s, "area:health", 0, json!({"now": "Tired"})).await;
    // … and the reloaded page sends the same answer again from version 0: it is this device's own.
    let body = save_from(&sam, &s, "area:health", 0, json!({"now": "Tired"}), json!({"now": ""})).await;
    assert_eq!(body, json!({"Saved": {"version": 1}}));
    // A field nobody else touched saves over the newer version, keeping the other answer.
    let body = save_from(&sam, &s, "area:health", 0, json!({"rating": "low"}), json!({"rating": ""})).await;
    assert_eq!(body, json!({"Saved": {"version": 2}}));
    assert_eq!(stored(&sam, &s, json!({"Area": "health"})).await, json!({"now": "Tired", "rating": "low"}));
    // Another device changed this very field: the carer is told, nothing is overwritten.
    let body = save_from(&sam, &s, "area:health", 0, json!({"now": "Fine, really"}), json!({"now": ""})).await;
    assert_eq!(body, json!({"Conflict": {"version": 2, "theirs": {"now": "Tired"}}}));
    // Without saying what it started from, any newer version is a conflict.
    let (_, body) = save(&sam, &s, "area:health", 1, json!({"matters": "Sleep"})).await;
    assert!(body.get("Conflict").is_some(), "{body}");
    // A person removed on another device is not brought back by a merge.
    let person = format!("person:{}", uuid::Uuid::new_v4());
    save(&sam, &s, &person, 0, json!({"name": "Mum"})).await;
    call(&sam, &s, "plan/remove", json!({"key": person, "base_version": 1})).await;
    let body = save_from(&sam, &s, &person, 1, json!({"condition": "Dementia"}), json!({"condition": ""})).await;
    assert!(body.get("Conflict").is_some(), "{body}");
}

/// The session cookie a response set, as `name=value`.
fn cookie_of(res: &reqwest::Response) -> String {
    let set = res.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap();
    set.split(';').next().unwrap().to_owned()
}

async fn a_session_ends_after_twelve_hours_however_busy(s: TestServer) {
    let cookie =
        session_cookie(&s.browser(), &s, "register", json!({"name": "Sam", "email": "sam@example.org", "password": PASSWORD})).await;
    for _ in 0..35 {
        s.clock.advance(20 * 60);
        assert_eq!(whoami_with(&s, &cookie).await["name"], "Sam", "in use all day");
    }
    s.clock.advance(21 * 60);
    assert_eq!(whoami_with(&s, &cookie).await, Value::Null, "twelve hours after signing in");
}

async fn ended_sessions_are_removed_without_waiting_for_their_token(s: TestServer) {
    let cookie =
        session_cookie(&s.browser(), &s, "register", json!({"name": "Sam", "email": "sam@example.org", "password": PASSWORD})).await;
    let token = cookie.split_once('=').unwrap().1.to_owned();
    let hash = app::services::accounts::Secret::from_presented(&token).hash();
    let any_age = app::ports::SessionWindow { idle_since: 0, started_since: 0, refresh_before: i64::MIN };
    s.clock.advance(31 * 60);
    assert!(s.db.store.touch_session(&hash, 0, any_age).await.unwrap().is_some(), "still stored, though ended");
    app::services::accounts::remove_expired(&s.state).await.unwrap();
    assert_eq!(s.db.store.touch_session(&hash, 0, any_age).await.unwrap(), None, "deleted, not merely hidden");
}

async fn server_functions_take_only_json(s: TestServer) {
    let sam = carer(&s, "Sam").await;
    let res = sam
        .post(s.url("/api/plan/answers"))
        .header(header::CONTENT_TYPE, "text/plain")
        .body(r#"{"key": "breaks", "base_version": 0, "changes": {"kind": "A day out"}}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(error_of(&res.json().await.unwrap()), AppError::BadRequest);
    let res = s.browser().post(s.url("/api/sign-in")).form(&[("email", "sam@example.org"), ("password", PASSWORD)]).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
    assert_eq!(stored(&sam, &s, json!("Breaks")).await, Value::Null, "nothing was saved");
}

/// Over HTTPS the session cookie is `__Host-`, `Secure` and for the whole
/// site, and browsers are told to stay on HTTPS; over plain HTTP neither.
async fn over_https_the_cookie_is_host_only_and_browsers_stay_on_https(engine: Engine) {
    let Some(s) = TestServer::start_with(engine, |state| {
        state.settings.secure_cookies = true;
        state.settings.public_url = "https://carerspace.example".to_owned();
    })
    .await
    else {
        return;
    };
    let res = s
        .browser()
        .post(s.url("/api/register"))
        .json(&json!({"form": {"name": "Sam", "email": "sam@example.org", "password": PASSWORD}}))
        .send()
        .await
        .unwrap();
    let set = res.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().to_owned();
    assert!(set.starts_with("__Host-carerspace_session="), "{set}");
    assert!(set.contains("; Secure") && set.contains("Path=/") && !set.contains("Domain"), "{set}");
    assert_eq!(whoami_with(&s, &cookie_of(&res)).await["name"], "Sam");
    let token = cookie_of(&res).split_once('=').unwrap().1.to_owned();
    assert_eq!(whoami_with(&s, &format!("carerspace_session={token}")).await, Value::Null, "only the __Host- cookie counts");
    let (_, headers, _) = page(&s.browser(), &s, "/sign-in").await;
    assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).unwrap().to_str().unwrap().starts_with("max-age="));

    let Some(plain) = TestServer::start(engine).await else { return };
    let (_, headers, _) = page(&plain.browser(), &plain, "/sign-in").await;
    assert!(headers.get(header::STRICT_TRANSPORT_SECURITY).is_none());
}

/// The real server binary, killed with SIGKILL when dropped.
struct Process(std::process::Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

async fn start_process(database_url: &str) -> (Process, String) {
    let port = free_port();
    let site = support::TempDir::new();
    let child = std::process::Command::new(env!("CARGO_BIN_EXE_server"))
        .env("DATABASE_URL", database_url)
        .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{port}"))
        .env("LEPTOS_SITE_ROOT", &site.0)
        .env("RUST_LOG", "error")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start the server binary");
    let process = Process(child);
    let base = format!("http://127.0.0.1:{port}");
    for _ in 0..200 {
        if reqwest::get(format!("{base}/health")).await.is_ok_and(|r| r.status().is_success()) {
            return (process, base);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the server did not start");
}

/// Sixteen carers autosave as fast as they can; the server is killed
/// mid-save; after a restart every answer the server confirmed is there.
async fn every_confirmed_save_survives_the_server_being_killed(engine: Engine) {
    let Some(db) = TestDb::on(engine).await else { return };
    let (process, base) = start_process(&db.url).await;
    let mut carers = Vec::new();
    for i in 0..16 {
        let client = Client::builder().cookie_store(true).build().unwrap();
        let res = client
            .post(format!("{base}/api/register"))
            .json(&json!({"form": {"name": format!("Carer {i}"), "email": format!("carer{i}@example.org"), "password": PASSWORD}}))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        carers.push(client);
    }
    let confirmed: Vec<_> = carers
        .iter()
        .cloned()
        .map(|client| {
            let base = base.clone();
            tokio::spawn(async move {
                let (mut version, mut last) = (0_i64, None::<u64>);
                for n in 0_u64.. {
                    let sent = client
                        .post(format!("{base}/api/plan/answers"))
                        .json(&json!({"key": "area:health", "base_version": version, "changes": {"now": format!("answer {n}")}}))
                        .send()
                        .await;
                    let Ok(res) = sent else { break };
                    let Ok(body) = res.json::<Value>().await else { break };
                    match body["Saved"]["version"].as_i64() {
                        Some(v) => (version, last) = (v, Some(n)),
                        None => panic!("not saved: {body}"),
                    }
                }
                last
            })
        })
        .collect();
    tokio::time::sleep(Duration::from_millis(1_500)).await;
    drop(process);
    let confirmed: Vec<Option<u64>> = futures_util::future::join_all(confirmed).await.into_iter().map(Result::unwrap).collect();
    assert!(confirmed.iter().all(Option::is_some), "every carer had a save confirmed before the kill: {confirmed:?}");

    let (_restarted, base) = start_process(&db.url).await;
    for (client, last) in carers.iter().zip(confirmed) {
        let plan: Value = client.post(format!("{base}/api/plan")).json(&json!({})).send().await.unwrap().json().await.unwrap();
        let now = plan["plan"]["records"][0]["fields"]["now"].as_str().unwrap_or_default().to_owned();
        let kept: u64 = now.strip_prefix("answer ").and_then(|n| n.parse().ok()).unwrap_or_else(|| panic!("lost: {plan}"));
        assert!(kept >= last.unwrap(), "confirmed answer {last:?} but {kept} is stored");
    }
}

/// Every page runs two or three server functions; the session is looked
/// up once for the whole request, never once per function.
async fn a_page_looks_the_session_up_once(engine: Engine) {
    let Some(s) = TestServer::start(engine).await else { return };
    let metrics = s.state.metrics.clone();
    let sam = carer(&s, "Sam").await;
    for path in ["/", "/plan/area/health", "/plan/summary", "/plan/about-me"] {
        let before = metrics.session_lookups();
        let (status, _, _) = page(&sam, &s, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(metrics.session_lookups() - before, 1, "{path} looked the session up more than once");
    }
    let before = metrics.session_lookups();
    save(&sam, &s, "breaks", 0, json!({"kind": "A day out"})).await;
    assert_eq!(metrics.session_lookups() - before, 1, "one autosave, one look-up");
    let before = metrics.session_lookups();
    page(&s.browser(), &s, "/").await;
    reqwest::get(s.url("/health")).await.unwrap();
    reqwest::get(s.url("/pkg/carerspace.css")).await.unwrap();
    assert_eq!(metrics.session_lookups(), before, "no cookie, no look-up; static files never look");
}

/// Calls a server function on another server with `cookie`.
async fn call_at(base: &str, cookie: &str, function: &str, body: Value) -> (StatusCode, Value) {
    let res = Client::new().post(format!("{base}/api/{function}")).header(header::COOKIE, cookie).json(&body).send().await.unwrap();
    let status = res.status();
    (status, res.json().await.unwrap_or(Value::Null))
}

/// The server keeps nothing but the database, so two of them (here the test's
/// own and a second process of the real binary) serve one deployment as one:
/// a session, autosaves, the sign-in lock and a withdrawal hold across both.
async fn two_servers_on_one_database_serve_as_one(engine: Engine) {
    // Both servers read the real time, so a session one starts is live on the other.
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_secs() as i64;
    let Some(a) = TestServer::start_with(engine, move |state| {
        state.clock = std::sync::Arc::new(support::TestClock(std::sync::atomic::AtomicI64::new(now)));
    })
    .await
    else {
        return;
    };
    let (_second, b) = start_process(&a.db.url).await;

    // Registered through one, signed in through the other.
    let (sam, _) = people::register(&a, "Sam").await;
    let sam_cookie = sam.cookie.clone().unwrap();
    let (status, me) = call_at(&b, &sam_cookie, "whoami", json!({})).await;
    assert_eq!((status, me["name"].as_str()), (StatusCode::OK, Some("Sam")), "{me}");

    // Autosaves alternating between the two never conflict falsely.
    // The n-th save is made on version n.
    for n in 0_i64..10 {
        let version = n;
        let base = if n % 2 == 0 { &a.base } else { &b };
        let body = json!({"key": "area:health", "base_version": version, "changes": {"now": format!("answer {n}")}});
        let (status, saved) = call_at(base, &sam_cookie, "plan/answers", body).await;
        assert_eq!(status, StatusCode::OK, "{saved}");
        assert_eq!(people::version_of(&saved), version + 1, "save {n} through {base}: {saved}");
    }
    let (_, plan) = call_at(&a.base, &sam_cookie, "plan", json!({})).await;
    assert!(plan.to_string().contains("answer 9"), "the last save, made through the second server, is what the first reads: {plan}");

    // The sign-in lock counts attempts made through either.
    people::register(&a, "Ailsa").await;
    for n in 0..5 {
        let base = if n % 2 == 0 { &a.base } else { &b };
        let (status, body) =
            call_at(base, "", "sign-in", json!({"form": {"email": "ailsa@example.org", "password": "not my password"}})).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    for base in [&a.base, &b] {
        let (status, _) = call_at(base, "", "sign-in", json!({"form": {"email": "ailsa@example.org", "password": PASSWORD}})).await;
        assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "five wrong guesses across both servers lock the account on {base}");
    }

    // A withdrawal made through one is honoured by the other at once.
    let (morven, morven_id) = people::register(&a, "Morven").await;
    people::write_and_hand_off(&a, &morven, "no").await;
    let (manager, _) = people::manager(&a).await;
    let (worker, _) = people::worker(&a, &manager, "Wendy Worker").await;
    let worker_cookie = worker.cookie.clone().unwrap();
    let (status, _) = call_at(&b, &worker_cookie, "worker/pick-up", json!({"carer_id": morven_id})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, shared) = call_at(&a.base, &worker_cookie, "worker/plan", json!({"carer_id": morven_id, "section": "all"})).await;
    assert_eq!(status, StatusCode::OK, "picked up through the second, open on the first");
    assert!(shared.to_string().contains(people::CANARY));
    let (share_id, sequence) = people::current_share(&a, &morven).await;
    let (status, _) =
        call_at(&b, morven.cookie.as_deref().unwrap(), "sharing/withdraw", json!({"share_id": share_id, "sequence": sequence})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, refused) = call_at(&a.base, &worker_cookie, "worker/plan", json!({"carer_id": morven_id, "section": "all"})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "withdrawn through the second, refused on the first: {refused}");
    assert!(!refused.to_string().contains(people::CANARY));
}

/// Pages with no island send no WebAssembly, and the build's files, named
/// after their contents, are kept by browsers for good.
async fn light_pages_load_no_webassembly_and_built_files_are_kept_for_good(engine: Engine) {
    const HASH: &str = "Zm9vYmFyYmF6cXV4LV9hYg";
    let site = std::env::temp_dir().join(format!("carerspace-site-{}-{engine:?}", std::process::id()));
    let pkg = site.join("pkg");
    std::fs::create_dir_all(&pkg).unwrap();
    for ext in ["css", "js", "wasm"] {
        std::fs::write(pkg.join(format!("carerspace.{HASH}.{ext}")), "built").unwrap();
    }
    std::fs::write(pkg.join("notes.css"), "not named by a hash").unwrap();
    let Some(s) = TestServer::start_serving(engine, &site).await else { return };

    let visitor = s.browser();
    let sam = carer(&s, "Sam").await;
    for (who, path) in [(&visitor, "/sign-in"), (&visitor, "/register"), (&sam, "/"), (&sam, "/plan/summary")] {
        let (status, _, html) = page(who, &s, path).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(html.contains(&format!("href=\"/pkg/carerspace.{HASH}.css\"")), "{path} links the build's stylesheet: {html}");
        assert!(
            !html.contains(".wasm") && !html.contains("modulepreload") && !html.contains("<leptos-island"),
            "{path} loads WebAssembly: {html}"
        );
        assert!(html.contains("data-exit=\"/left\""), "{path} has the quick exit, woken by the inline script");
    }
    let (_, _, plan) = page(&sam, &s, "/plan/area/health").await;
    assert!(plan.contains("<leptos-island"), "the check above can fail: {plan}");
    assert!(
        plan.contains(&format!("href=\"/pkg/carerspace.{HASH}.js\"")) && plan.contains(&format!("/pkg/carerspace.{HASH}.wasm")),
        "{plan}"
    );

    let client = reqwest::Client::new();
    for ext in ["css", "js", "wasm"] {
        let res = client.get(s.url(&format!("/pkg/carerspace.{HASH}.{ext}"))).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
        assert_eq!(res.headers()[reqwest::header::CACHE_CONTROL], "public, max-age=31536000, immutable", "{ext}");
    }
    let plain = client.get(s.url("/pkg/notes.css")).send().await.unwrap();
    assert_eq!(plain.status(), StatusCode::OK);
    assert_eq!(plain.headers()[reqwest::header::CACHE_CONTROL], "no-cache", "a file whose name may be reused is checked each time");
    let missing = client.get(s.url(&format!("/pkg/carerspace.{}.wasm", "A".repeat(22)))).send().await.unwrap();
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_ne!(
        missing.headers().get(reqwest::header::CACHE_CONTROL).map(|v| v.to_str().unwrap()),
        Some("public, max-age=31536000, immutable"),
        "a 404 is never kept"
    );
    let _ = std::fs::remove_dir_all(&site);
}

/// Rendering a page keeps its database connection for the next one. (Each
/// page once dropped its load half-way through a query, which closed the
/// connection, and the next page waited about 8 ms to open another.)
async fn pages_reuse_their_database_connections(engine: Engine) {
    let Some(s) = TestServer::start(engine).await else { return };
    let sam = carer(&s, "Sam").await;
    let stats = sqlx::PgPool::connect(&s.db.url).await.unwrap();
    let sessions = || async {
        // Backends report their statistics within a second.
        tokio::time::sleep(Duration::from_millis(1_500)).await;
        let (n,): (i64,) =
            sqlx::query_as("select sessions from pg_stat_database where datname = current_database()").fetch_one(&stats).await.unwrap();
        n
    };
    for path in ["/", "/plan/area/health", "/plan/summary"] {
        page(&sam, &s, path).await;
    }
    let before = sessions().await;
    for _ in 0..10 {
        for path in ["/", "/plan/area/health", "/plan/summary"] {
            let (status, _, _) = page(&sam, &s, path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
        }
    }
    let opened = sessions().await - before;
    assert!(opened <= 2, "30 pages opened {opened} database connections");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_reuse_their_postgresql_connections() {
    support::within_time_limit(on_engine(Engine::Postgres, pages_reuse_their_database_connections)).await;
}

/// Two servers share one deployment only on PostgreSQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_servers_on_one_postgresql_database_serve_as_one() {
    support::within_time_limit(on_engine(Engine::Postgres, two_servers_on_one_database_serve_as_one)).await;
}

on_both_engines!(sqlite_own_server, postgres_own_server; on_engine =>
    light_pages_load_no_webassembly_and_built_files_are_kept_for_good,
    behind_a_trusted_proxy_one_noisy_client_does_not_lock_out_everyone,
    new_accounts_from_one_address_stop_at_twenty_an_hour,
    over_https_the_cookie_is_host_only_and_browsers_stay_on_https,
    every_confirmed_save_survives_the_server_being_killed,
    a_page_looks_the_session_up_once,
);
