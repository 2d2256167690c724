//! A form sent without JavaScript after the session ended, through the real
//! server on both engines: the sign-in page answers it, says why, and
//! carries what was sent (nothing is kept on the server); signing in sends
//! it on to its page as the new session, where the plan's version check
//! decides as always. Nothing is carried anywhere but back to a page of
//! the site, and never a password.

use crate::support;

use app::pages::Carried;
use reqwest::{StatusCode, header};
use serde_json::json;
use support::people::{manager, sign_in_as, worker};
use support::{PASSWORD, TestServer, carer, location, post_form, save, with_server as run};

on_both_engines!(run =>
    a_form_sent_after_the_session_ended_is_saved_once_the_carer_signs_in_again,
    a_carried_form_meets_the_usual_choice_when_the_plan_changed_meanwhile,
    a_failed_sign_in_keeps_carrying_the_form_and_a_password_is_never_carried,
    a_carried_form_goes_only_to_a_page_of_the_site_and_only_as_whoever_signs_in,
    at_a_shared_computer_a_carried_form_is_never_saved_into_the_next_persons_plan,
);

/// The value of the hidden field `name` in a page, as the browser sends it.
fn hidden(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let tag_start = html[..at].rfind('<')?;
    let tag = &html[tag_start..tag_start + html[tag_start..].find('>')?];
    let value = tag.split("value=\"").nth(1)?;
    let value = &value[..value.find('"')?];
    Some(
        value
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#39;", "'")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&"),
    )
}

/// The page and form the sign-in page carries, if it carries one.
fn carried(html: &str) -> Option<(String, Vec<(String, String)>)> {
    let path = hidden(html, Carried::PATH)?;
    let form = hidden(html, Carried::FORM)?;
    Some((path, form_urlencoded::parse(form.as_bytes()).into_owned().collect()))
}

/// What the sign-in form sends: the email, the password and what it carries.
fn sign_in_carrying<'a>(html: &str, email: &'a str, password: &'a str) -> Vec<(&'a str, String)> {
    let mut fields = vec![("email", email.to_owned()), ("password", password.to_owned())];
    fields.push((Carried::PATH, hidden(html, Carried::PATH).expect("a carried page")));
    fields.push((Carried::FORM, hidden(html, Carried::FORM).expect("a carried form")));
    if let Some(owner) = hidden(html, Carried::OWNER) {
        fields.push((Carried::OWNER, owner));
    }
    fields
}

async fn post_owned(
    client: &reqwest::Client,
    s: &TestServer,
    path: &str,
    fields: &[(&str, String)],
) -> (StatusCode, header::HeaderMap, String) {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    post_form(client, s, path, &borrowed).await
}

/// The stored answers of one record of a carer's plan.
async fn stored(s: &TestServer, email: &str, key: &str) -> Option<(i64, std::collections::BTreeMap<String, String>)> {
    let user = s.db.store.user_by_email(email).await.expect("read").expect("the account");
    let records = s.db.store.plan_records(user.user_id).await.expect("read");
    records.into_iter().find(|r| r.key.to_string() == key).map(|r| (r.version, r.fields))
}

async fn a_form_sent_after_the_session_ended_is_saved_once_the_carer_signs_in_again(s: TestServer) {
    let sam = carer(&s, "Sam").await;
    s.clock.advance(31 * 60);
    let typed = "Tired & worried: Mum's \"bad\" nights <again> – 100% true";
    let (status, headers, html) =
        post_form(&sam, &s, "/plan/area/health", &[("__version", "0"), ("now", typed), ("rating", "substantial")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{html}");
    assert_eq!(location(&headers), None, "the sign-in page itself: a redirect would lose the form");
    assert!(html.contains(">Sign in</h1>"), "{html}");
    assert!(
        html.contains("You were signed out because you had not used CarerSpace for 30 minutes. Sign in and your answers will be saved."),
        "{html}"
    );
    assert!(html.contains("Sign in without these answers"), "someone else at the computer can leave them behind");
    let (path, form) = carried(&html).expect("the form is carried");
    assert_eq!(path, "/plan/area/health");
    assert!(form.contains(&("now".to_owned(), typed.to_owned())), "{form:?}");
    assert!(form.contains(&("__version".to_owned(), "0".to_owned())), "{form:?}");
    assert_eq!(stored(&s, "sam@example.org", "area:health").await, None, "nothing is kept before signing in");

    let (status, headers, _) = post_owned(&sam, &s, "/sign-in", &sign_in_carrying(&html, "sam@example.org", PASSWORD)).await;
    assert_eq!(status, StatusCode::FOUND);
    let next = location(&headers).expect("on to the next page").to_owned();
    assert!(next.starts_with("/plan/area/") && next != "/plan/area/health", "the page's own next step: {next}");
    assert!(headers.get(header::SET_COOKIE).is_some(), "signed in");
    let (version, fields) = stored(&s, "sam@example.org", "area:health").await.expect("saved");
    assert_eq!((version, fields.get("now").map(String::as_str)), (1, Some(typed)));
    let (status, _, html) = support::page(&sam, &s, &next).await;
    assert_eq!(status, StatusCode::OK, "the browser is signed in: {html}");
}

async fn a_carried_form_meets_the_usual_choice_when_the_plan_changed_meanwhile(s: TestServer) {
    let laptop = carer(&s, "Sam").await;
    save(&laptop, &s, "area:health", 0, json!({"now": "First words"})).await;
    // The laptop's page showed version 1; the carer typed, then left it.
    s.clock.advance(31 * 60);
    let phone = sign_in_as(&s, "sam@example.org").await;
    phone.json(&s, "plan/answers", json!({"key": "area:health", "base_version": 1, "changes": {"now": "From my phone"}})).await;

    let (status, _, html) = post_form(&laptop, &s, "/plan/area/health", &[("__version", "1"), ("now", "Typed on the laptop")]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let (status, _, html) = post_owned(&laptop, &s, "/sign-in", &sign_in_carrying(&html, "sam@example.org", PASSWORD)).await;
    assert_eq!(status, StatusCode::OK, "{html}");
    assert!(html.contains("These answers were changed somewhere else"), "{html}");
    assert!(html.contains("Typed on the laptop"), "what was typed is on the page to keep");
    let (version, fields) = stored(&s, "sam@example.org", "area:health").await.expect("stored");
    assert_eq!((version, fields["now"].as_str()), (2, "From my phone"), "nothing was overwritten");
}

async fn a_failed_sign_in_keeps_carrying_the_form_and_a_password_is_never_carried(s: TestServer) {
    let sam = carer(&s, "Sam").await;
    save(&sam, &s, "emergency", 0, json!({"contacts": "Iain"})).await;
    s.clock.advance(31 * 60);
    let (status, _, html) = post_form(&sam, &s, "/delete", &[("scope", "plan"), ("password", PASSWORD)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{html}");
    assert!(!html.contains(PASSWORD), "a password is never put in a page");
    let (path, form) = carried(&html).expect("carried");
    assert_eq!((path.as_str(), form), ("/delete", vec![("scope".to_owned(), "plan".to_owned())]));

    let (status, _, again) = post_owned(&sam, &s, "/sign-in", &sign_in_carrying(&html, "sam@example.org", "not my password")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(again.contains("The email address or password is not right"), "{again}");
    assert!(again.contains("Sign in and your answers will be saved."), "{again}");
    assert_eq!(carried(&again), carried(&html), "still carried after a mistake");
    assert!(!again.contains("not my password"));

    // Signed in, the page answers as it would: it asks for the password.
    let (status, _, page) = post_owned(&sam, &s, "/sign-in", &sign_in_carrying(&again, "sam@example.org", PASSWORD)).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("There is a problem"), "{page}");
    assert!(stored(&s, "sam@example.org", "emergency").await.is_some(), "nothing was deleted");
}

async fn a_carried_form_goes_only_to_a_page_of_the_site_and_only_as_whoever_signs_in(s: TestServer) {
    carer(&s, "Sam").await;
    for path in [
        "//evil.example/plan/area/health",
        "https://evil.example/",
        "/sign-in",
        "/register",
        "/nowhere",
        "/plan/area/health?x=1",
        "/plan/../sign-in",
    ] {
        let fields =
            [("email", "sam@example.org"), ("password", PASSWORD), (Carried::PATH, path), (Carried::FORM, "__version=0&now=Sent+on")];
        let (status, headers, html) = post_form(&s.browser(), &s, "/sign-in", &fields).await;
        assert_eq!((status, location(&headers)), (StatusCode::FOUND, Some("/")), "{path}: {html}");
        assert_eq!(stored(&s, "sam@example.org", "area:health").await, None, "{path}");
    }

    // A worker who signs in over a carer's carried form is refused by the page.
    let (manager, _) = manager(&s).await;
    let (_, wendy) = worker(&s, &manager, "Wendy Worker").await;
    let wendy = wendy.to_string();
    let fields = [
        ("email", "wendy@centre.example"),
        ("password", PASSWORD),
        (Carried::PATH, "/plan/area/health"),
        (Carried::FORM, "__version=0&now=Sent+on"),
        (Carried::OWNER, wendy.as_str()),
    ];
    let (status, _, html) = post_form(&s.browser(), &s, "/sign-in", &fields).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{html}");
    assert_eq!(stored(&s, "sam@example.org", "area:health").await, None);
}

/// Sam's session ended with a form unsent; Kim, next at the same computer,
/// signs in on the page that carries it. Sam's words go into nobody's plan,
/// and Kim's home page shows none of them. (Sam's own sign-in sends it on:
/// see the first test.)
async fn at_a_shared_computer_a_carried_form_is_never_saved_into_the_next_persons_plan(s: TestServer) {
    let computer = carer(&s, "Sam").await;
    carer(&s, "Kim").await;
    s.clock.advance(31 * 60);
    let typed = "Sam's words: not for anyone else";
    let (status, _, html) = post_form(&computer, &s, "/plan/area/health", &[("__version", "0"), ("now", typed)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED, "{html}");
    assert!(hidden(&html, Carried::OWNER).is_some(), "the carried form says whose it is");

    let (status, headers, _) = post_owned(&computer, &s, "/sign-in", &sign_in_carrying(&html, "kim@example.org", PASSWORD)).await;
    assert_eq!((status, location(&headers)), (StatusCode::FOUND, Some("/")), "Kim goes to their own home page");
    assert_eq!(stored(&s, "kim@example.org", "area:health").await, None, "nothing of Sam's is in Kim's plan");
    assert_eq!(stored(&s, "sam@example.org", "area:health").await, None);
    let (_, _, home) = support::page(&computer, &s, "/").await;
    assert!(!home.contains("not for anyone else"), "{home}");
}
