//! Whole-server tests: the real router on a free port with a fresh
//! database, on SQLite and on PostgreSQL, driven over HTTP as a browser or
//! a script would.

use crate::support;

use app::error::AppError;
use reqwest::{Client, StatusCode, header};
use serde_json::{Value, json};
use support::{PASSWORD, TestServer, call, page, post_form, session_cookie, whoami_with, with_server as run};

fn error_of(body: &Value) -> AppError {
    serde_json::from_value(body.clone()).unwrap_or_else(|_| panic!("not an AppError: {body}"))
}

async fn register(client: &Client, s: &TestServer, name: &str, email: &str) {
    let (status, body) = call(client, s, "register", json!({"form": {"name": name, "email": email, "password": PASSWORD}})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn whoami(client: &Client, s: &TestServer) -> Value {
    let (status, body) = call(client, s, "whoami", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body
}

/// Makes a manager from the command-line path and signs them in.
async fn signed_in_manager(s: &TestServer) -> Client {
    let invitation = app::services::accounts::create_first_manager(&s.state, "Morag", "morag@centre.example").await.unwrap();
    let token = invitation.link.split("token=").nth(1).unwrap().to_owned();
    let manager = s.browser();
    let (status, body) = call(&manager, s, "set-password", json!({"form": {"token": token, "password": PASSWORD}})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    manager
}

on_both_engines!(run =>
    health_says_the_database_answers,
    a_carer_registers_and_is_signed_in_with_a_cookie_scripts_cannot_read,
    one_email_address_cannot_register_twice,
    malformed_requests_get_a_clear_4xx_and_never_a_500,
    an_oversized_body_is_refused,
    five_wrong_passwords_lock_the_account_for_fifteen_minutes,
    a_carer_cannot_use_any_staff_function,
    a_manager_creates_a_worker_who_sets_a_password_once,
    signing_out_ends_the_session_on_the_server,
    signing_in_again_ends_the_session_the_browser_had,
    an_idle_session_ends_after_thirty_minutes,
    many_requests_at_once_from_one_session_all_succeed,
    registration_works_without_javascript_and_keeps_what_was_typed,
    a_carer_is_refused_the_worker_page_and_a_visitor_is_sent_to_sign_in,
    every_page_carries_the_security_headers,
    pages_are_compressed,
    a_form_posted_from_another_site_is_refused,
    an_unknown_address_is_page_not_found,
);

async fn health_says_the_database_answers(s: TestServer) {
    let res = reqwest::get(s.url("/health")).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.json::<Value>().await.unwrap()["database"], "ok");
}

async fn a_carer_registers_and_is_signed_in_with_a_cookie_scripts_cannot_read(s: TestServer) {
    let browser = s.browser();
    let res = browser
        .post(s.url("/api/register"))
        .json(&json!({"form": {"name": " Sam ", "email": "Sam@Example.org", "password": PASSWORD}}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    let me = whoami(&browser, &s).await;
    assert_eq!(me["name"], "Sam");
    assert_eq!(me["email"], "sam@example.org");
    assert_eq!(me["role"], "carer");
    assert_eq!(whoami(&s.browser(), &s).await, Value::Null, "another browser is not signed in");
}

async fn one_email_address_cannot_register_twice(s: TestServer) {
    register(&s.browser(), &s, "Sam", "sam@example.org").await;
    let (status, body) =
        call(&s.browser(), &s, "register", json!({"form": {"name": "Other", "email": "SAM@example.org", "password": PASSWORD}})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let error = error_of(&body);
    assert!(error.field_errors().unwrap().get("email").unwrap().contains("already uses this email"));
}

async fn malformed_requests_get_a_clear_4xx_and_never_a_500(s: TestServer) {
    let client = s.browser();
    let bodies: [(&str, &str); 6] = [
        ("application/json", "this is not json"),
        ("application/json", ""),
        ("application/json", "{}"),
        ("application/json", r#"{"form": 5}"#),
        ("application/json", r#"{"form": {"name": ["x"], "email": null}}"#),
        ("text/plain", "name=Sam"),
    ];
    for (kind, body) in bodies {
        let res = client.post(s.url("/api/register")).header(header::CONTENT_TYPE, kind).body(body).send().await.unwrap();
        let status = res.status();
        let text = res.text().await.unwrap();
        assert!(status.is_client_error(), "{body:?} got {status}: {text}");
        assert_eq!(serde_json::from_str::<AppError>(&text).ok(), Some(AppError::BadRequest), "{body:?}: {text}");
    }
    let res = client.post(s.url("/api/no-such-function")).json(&json!({})).send().await.unwrap();
    assert!(res.status().is_client_error(), "unknown function: {}", res.status());
    let (status, _, text) = post_form(&client, &s, "/register", &[("name", "%%%"), ("email", "\u{0}")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let res = client.post(s.url("/sign-in")).header(header::CONTENT_TYPE, "application/json").body("{}").send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}

async fn an_oversized_body_is_refused(s: TestServer) {
    let huge = "x".repeat(2 * 1024 * 1024);
    let sent = s
        .browser()
        .post(s.url("/api/register"))
        .json(&json!({"form": {"name": huge, "email": "a@b.org", "password": PASSWORD}}))
        .send()
        .await;
    // The server answers 413 from the declared length without reading the
    // body; a client still uploading may see the connection close instead.
    match sent {
        Ok(res) => assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE),
        Err(error) => assert!(error.is_request() || error.is_body(), "{error}"),
    }
    assert!(s.db.store.user_by_email("a@b.org").await.unwrap().is_none(), "nothing was stored");
}

async fn five_wrong_passwords_lock_the_account_for_fifteen_minutes(s: TestServer) {
    register(&s.browser(), &s, "Sam", "sam@example.org").await;
    let attempt = |password: &'static str| {
        let client = s.browser();
        let s = &s;
        async move { call(&client, s, "sign-in", json!({"form": {"email": "sam@example.org", "password": password}})).await }
    };
    for _ in 0..5 {
        let (status, body) = attempt("wrong password").await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    }
    let (status, body) = attempt(PASSWORD).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "even the right password waits");
    assert_eq!(error_of(&body), AppError::TooManyAttempts { minutes: 15 });
    assert!(error_of(&body).to_string().contains("Try again in 15 minutes"));
    s.clock.advance(15 * 60);
    let (status, body) = attempt(PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
}

async fn a_carer_cannot_use_any_staff_function(s: TestServer) {
    let carer = s.browser();
    register(&carer, &s, "Sam", "sam@example.org").await;
    let staff_calls = [
        ("worker/queue", json!({})),
        ("staff", json!({})),
        ("staff/create", json!({"form": {"name": "Eve", "email": "eve@example.org", "role": "manager"}})),
    ];
    for (function, body) in &staff_calls {
        let (status, answer) = call(&carer, &s, function, body.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "carer calling {function}: {answer}");
        let (status, _) = call(&s.browser(), &s, function, body.clone()).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "visitor calling {function}");
    }
    assert!(s.db.store.user_by_email("eve@example.org").await.unwrap().is_none(), "no account was made");
}

async fn a_manager_creates_a_worker_who_sets_a_password_once(s: TestServer) {
    let manager = signed_in_manager(&s).await;
    let (status, body) =
        call(&manager, &s, "staff/create", json!({"form": {"name": "Wes Worker", "email": "wes@centre.example", "role": "worker"}})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let link = body["link"].as_str().unwrap().to_owned();
    let token = link.split("token=").nth(1).unwrap().to_owned();

    let (status, staff) = call(&manager, &s, "staff", json!({})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(staff.as_array().unwrap().len(), 2);

    let worker = s.browser();
    let (status, _) = call(&worker, &s, "set-password", json!({"form": {"token": token, "password": PASSWORD}})).await;
    assert_eq!(status, StatusCode::OK);
    let (status, queue) = call(&worker, &s, "worker/queue", json!({})).await;
    assert_eq!((status, queue["me"]["name"].as_str()), (StatusCode::OK, Some("Wes Worker")));

    let (status, body) =
        call(&s.browser(), &s, "set-password", json!({"form": {"token": token, "password": "a different password"}})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a used link cannot set the password again: {body}");
    let (status, _) =
        call(&s.browser(), &s, "sign-in", json!({"form": {"email": "wes@centre.example", "password": "a different password"}})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // The worker cannot manage staff.
    let (status, _) = call(&worker, &s, "staff", json!({})).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

async fn signing_out_ends_the_session_on_the_server(s: TestServer) {
    let browser = s.browser();
    let cookie = session_cookie(&browser, &s, "register", json!({"name": "Sam", "email": "sam@example.org", "password": PASSWORD})).await;
    let res = browser.post(s.url("/api/sign-out")).json(&json!({})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get("clear-site-data").unwrap(), "\"storage\"");
    // Replaying the old cookie from elsewhere finds nobody.
    assert_eq!(whoami_with(&s, &cookie).await, Value::Null);
}

async fn signing_in_again_ends_the_session_the_browser_had(s: TestServer) {
    let browser = s.browser();
    let first = session_cookie(&browser, &s, "register", json!({"name": "Sam", "email": "sam@example.org", "password": PASSWORD})).await;
    let second = session_cookie(&browser, &s, "sign-in", json!({"email": "sam@example.org", "password": PASSWORD})).await;
    assert_ne!(first, second, "a new session id on sign-in");
    assert_eq!(whoami(&browser, &s).await["name"], "Sam");
    assert_eq!(whoami_with(&s, &first).await, Value::Null, "the old session id no longer works");
}

async fn an_idle_session_ends_after_thirty_minutes(s: TestServer) {
    let browser = s.browser();
    register(&browser, &s, "Sam", "sam@example.org").await;
    s.clock.advance(29 * 60);
    assert_eq!(whoami(&browser, &s).await["name"], "Sam", "activity keeps the session alive");
    s.clock.advance(29 * 60);
    assert_eq!(whoami(&browser, &s).await["name"], "Sam");
    s.clock.advance(31 * 60);
    assert_eq!(whoami(&browser, &s).await, Value::Null);
}

async fn many_requests_at_once_from_one_session_all_succeed(s: TestServer) {
    let browser = s.browser();
    register(&browser, &s, "Sam", "sam@example.org").await;
    let calls = (0..24).map(|i| {
        let browser = browser.clone();
        let s = &s;
        async move {
            s.clock.advance(i % 2);
            call(&browser, s, "whoami", json!({})).await
        }
    });
    for (status, body) in futures_util::future::join_all(calls).await {
        assert_eq!((status, body["name"].as_str()), (StatusCode::OK, Some("Sam")), "{body}");
    }
}

async fn registration_works_without_javascript_and_keeps_what_was_typed(s: TestServer) {
    let browser = s.browser();
    let (status, _, html) =
        post_form(&browser, &s, "/register", &[("name", "Sam"), ("email", "sam@example"), ("password", "tiny-secret")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("There is a problem"));
    assert!(html.contains("like name@example.com"));
    assert!(html.contains(r#"value="Sam""#) && html.contains(r#"value="sam@example""#), "typed answers are kept");
    assert!(!html.contains("tiny-secret"), "a password is never sent back");

    let (status, headers, _) =
        post_form(&browser, &s, "/register", &[("name", "Sam"), ("email", "sam@example.org"), ("password", PASSWORD)]).await;
    assert_eq!(status, StatusCode::FOUND);
    assert_eq!(headers.get(header::LOCATION).unwrap(), "/");
    let (status, _, home) = page(&browser, &s, "/").await;
    assert_eq!(status, StatusCode::OK);
    assert!(home.contains("Hello, Sam"), "{home}");

    let (status, headers, _) = post_form(&browser, &s, "/sign-out", &[]).await;
    assert_eq!((status, headers.get(header::LOCATION).unwrap().to_str().unwrap()), (StatusCode::FOUND, "/signed-out"));
    let (_, _, home) = page(&browser, &s, "/").await;
    assert!(home.contains("Plan the support you need as a carer"), "signed out: start page again");

    let (status, _, html) = post_form(&browser, &s, "/sign-in", &[("email", "sam@example.org"), ("password", "wrong password")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("The email address or password is not right"));
    assert!(html.contains(r#"value="sam@example.org""#));
    let (status, headers, _) =
        post_form(&browser, &s, "/sign-in", &[("email", "sam@example.org"), ("password", PASSWORD), ("shared_device", "on")]).await;
    assert_eq!((status, headers.get(header::LOCATION).unwrap().to_str().unwrap()), (StatusCode::FOUND, "/"));
    let (_, _, home) = page(&browser, &s, "/").await;
    assert!(home.contains("Shared computer: nothing you type is kept on this device"));
}

async fn a_carer_is_refused_the_worker_page_and_a_visitor_is_sent_to_sign_in(s: TestServer) {
    let carer = s.browser();
    register(&carer, &s, "Sam", "sam@example.org").await;
    for path in ["/worker", "/manager"] {
        let (status, _, html) = page(&carer, &s, path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(html.contains("You cannot see this page"), "{path}");
        let (status, headers, _) = page(&s.browser(), &s, path).await;
        assert_eq!(status, StatusCode::FOUND, "{path}");
        assert_eq!(headers.get(header::LOCATION).unwrap(), "/sign-in");
    }
    let (status, _, html) = post_form(&carer, &s, "/manager", &[("name", "Eve"), ("email", "eve@example.org"), ("role", "manager")]).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{html}");
    assert!(s.db.store.user_by_email("eve@example.org").await.unwrap().is_none());
}

async fn every_page_carries_the_security_headers(s: TestServer) {
    for path in ["/", "/register", "/sign-in", "/signed-out", "/nowhere"] {
        let (_, headers, html) = page(&s.browser(), &s, path).await;
        let csp = headers.get(header::CONTENT_SECURITY_POLICY).unwrap().to_str().unwrap();
        assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'nonce-"), "{path}: {csp}");
        assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{path}: {csp}");
        let nonce = csp.split("'nonce-").nth(1).unwrap().split('\'').next().unwrap();
        for script in html.split("<script").skip(1) {
            assert!(
                script.starts_with(&format!(" type=\"module\" nonce=\"{nonce}\"")) || script.starts_with(&format!(" nonce=\"{nonce}\"")),
                "{path}: every inline script carries this response's nonce"
            );
        }
        assert_eq!(headers.get(header::X_CONTENT_TYPE_OPTIONS).unwrap(), "nosniff");
        assert_eq!(headers.get(header::CACHE_CONTROL).unwrap(), "no-store");
        assert!(headers.get(header::REFERRER_POLICY).is_some());
    }
}

async fn pages_are_compressed(s: TestServer) {
    for encoding in ["br", "gzip"] {
        let res = s.browser().get(s.url("/register")).header(header::ACCEPT_ENCODING, encoding).send().await.unwrap();
        assert_eq!(res.headers().get(header::CONTENT_ENCODING).unwrap(), encoding);
    }
}

async fn a_form_posted_from_another_site_is_refused(s: TestServer) {
    let res = s
        .browser()
        .post(s.url("/register"))
        .header(header::ORIGIN, "https://elsewhere.example")
        .form(&[("name", "Sam"), ("email", "sam@example.org"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(s.db.store.user_by_email("sam@example.org").await.unwrap().is_none());
}

async fn an_unknown_address_is_page_not_found(s: TestServer) {
    let (status, _, html) = page(&s.browser(), &s, "/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(html.contains("Page not found"));
}
