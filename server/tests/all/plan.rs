//! Whole-server tests of the carer's plan, on SQLite and PostgreSQL: what
//! a carer can do with their own plan, and that nobody else can touch it.

use crate::support;

use reqwest::{Client, StatusCode};
use serde_json::{Value, json};
use support::{PASSWORD, TestServer, call, carer, location, save, with_server as run};

async fn plan_of(client: &Client, s: &TestServer) -> Value {
    let (status, body) = call(client, s, "plan", json!({})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    body["plan"]["records"].clone()
}

async fn page(client: &Client, s: &TestServer, path: &str) -> (StatusCode, String) {
    let (status, _, html) = support::page(client, s, path).await;
    (status, html)
}

async fn post_form(client: &Client, s: &TestServer, path: &str, fields: &[(&str, &str)]) -> (StatusCode, Option<String>, String) {
    let (status, headers, html) = support::post_form(client, s, path, fields).await;
    (status, location(&headers).map(str::to_owned), html)
}

on_both_engines!(run =>
    answers_save_as_they_are_typed_and_come_back,
    a_save_from_an_older_version_is_refused_with_what_is_stored_now,
    no_one_else_can_read_change_or_remove_a_carers_plan,
    staff_and_visitors_cannot_use_the_plan_functions,
    bad_answers_are_refused_beside_the_field,
    a_whole_section_saves_without_javascript_and_moves_on,
    a_stale_page_saved_without_javascript_keeps_what_was_typed,
    the_task_list_and_summary_show_progress_and_ratings,
    asking_for_a_review_records_the_day,
);

async fn answers_save_as_they_are_typed_and_come_back(s: TestServer) {
    let sam = carer(&s, "Sam").await;
    let (status, body) = save(&sam, &s, "area:health", 0, json!({"now": "Tired all the time"})).await;
    assert_eq!((status, &body), (StatusCode::OK, &json!({"Saved": {"version": 1}})));
    let (_, body) = save(&sam, &s, "area:health", 1, json!({"rating": "substantial"})).await;
    assert_eq!(body, json!({"Saved": {"version": 2}}));
    let records = plan_of(&sam, &s).await;
    assert_eq!(records[0]["key"], json!({"Area": "health"}));
    assert_eq!(records[0]["fields"], json!({"now": "Tired all the time", "rating": "substantial"}));
}

async fn a_save_from_an_older_version_is_refused_with_what_is_stored_now(s: TestServer) {
    let sam = carer(&s, "Sam").await;
    save(&sam, &s, "breaks", 0, json!({"kind": "A day out"})).await;
    // The same carer on a second device, still on version 0 …
    let (status, body) = save(&sam, &s, "breaks", 0, json!({"kind": "A week away"})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"Conflict": {"version": 1, "theirs": {"kind": "A day out"}}}));
    // … is told, and nothing was overwritten until they choose to.
    assert_eq!(plan_of(&sam, &s).await[0]["fields"]["kind"], "A day out");
    let (_, body) = save(&sam, &s, "breaks", 1, json!({"kind": "A week away"})).await;
    assert_eq!(body, json!({"Saved": {"version": 2}}));
}

async fn no_one_else_can_read_change_or_remove_a_carers_plan(s: TestServer) {
    let sam = carer(&s, "Sam").await;
    let alex = carer(&s, "Alex").await;
    let person = format!("person:{}", uuid::Uuid::new_v4());
    save(&sam, &s, &person, 0, json!({"name": "Mum", "terminal": "yes"})).await;
    save(&sam, &s, "area:finance", 0, json!({"now": "Sam's private words"})).await;

    assert_eq!(plan_of(&alex, &s).await, json!([]), "Alex sees nothing of Sam's plan");
    let (_, body) = save(&alex, &s, &person, 1, json!({"name": "Changed by Alex"})).await;
    assert!(body.get("Conflict").is_some(), "Alex's save never reaches Sam's record: {body}");
    let (_, body) = save(&alex, &s, "area:finance", 1, json!({"now": "overwritten"})).await;
    assert!(body.get("Conflict").is_some(), "{body}");
    let (status, removed) = call(&alex, &s, "plan/remove", json!({"key": person, "base_version": 1})).await;
    assert_eq!((status, removed), (StatusCode::OK, json!(false)));
    let (status, _) = call(&alex, &s, "plan/review-now", json!({})).await;
    assert_eq!(status, StatusCode::OK);

    let sams = plan_of(&sam, &s).await.to_string();
    assert!(sams.contains("Sam's private words") && sams.contains("Mum"), "{sams}");
    assert!(!sams.contains("Alex") && !sams.contains("overwritten") && !sams.contains("changed_on"), "{sams}");
    for path in ["/", "/plan/summary", "/plan/area/finance"] {
        let (_, html) = page(&alex, &s, path).await;
        assert!(!html.contains("Sam&#x27;s private words") && !html.contains("Sam's private words") && !html.contains(">Mum<"), "{path}");
    }
}

async fn staff_and_visitors_cannot_use_the_plan_functions(s: TestServer) {
    let invitation = app::services::accounts::create_first_manager(&s.state, "Morag", "morag@centre.example").await.unwrap();
    let manager = s.browser();
    let token = invitation.link.split("token=").nth(1).unwrap();
    call(&manager, &s, "set-password", json!({"form": {"token": token, "password": PASSWORD}})).await;
    let calls = [
        ("plan", json!({})),
        ("plan/answers", json!({"key": "breaks", "base_version": 0, "changes": {"kind": "x"}})),
        ("plan/section", json!({"key": "breaks", "base_version": 0, "fields": {"kind": "x"}})),
        ("plan/remove", json!({"key": format!("person:{}", uuid::Uuid::new_v4()), "base_version": 1})),
        ("plan/review-now", json!({})),
    ];
    for (function, body) in calls {
        let (status, _) = call(&manager, &s, function, body.clone()).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "manager calling {function}");
        let (status, _) = call(&s.browser(), &s, function, body).await;
        assert_eq!(status, StatusCode::UNAUTHORIZED, "visitor calling {function}");
    }
    let (status, _) = page(&s.browser(), &s, "/plan/area/health").await;
    assert_eq!(status, StatusCode::FOUND, "a visitor is sent to sign in");
}

async fn bad_answers_are_refused_beside_the_field(s: TestServer) {
    let sam = carer(&s, "Sam").await;
    let (status, body) = save(&sam, &s, "area:health", 0, json!({"now": "x".repeat(10_001), "rating": "awful"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let errors = body["Validation"].as_array().unwrap();
    assert_eq!(errors[0]["field"], "now");
    assert_eq!(errors[1]["field"], "rating");
    let (status, _) = save(&sam, &s, "area:no-such-area", 0, json!({"now": "x"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = save(&sam, &s, "secrets", 0, json!({"now": "x"})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = save(&sam, &s, "breaks", -4, json!({"kind": "x"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, body) = save(&sam, &s, "area:health", 0, json!({"now": "é".repeat(10_000)})).await;
    assert_eq!(status, StatusCode::OK, "ten thousand characters are fine: {body}");
    assert_eq!(plan_of(&sam, &s).await.as_array().unwrap().len(), 1, "nothing refused was stored");
}

async fn a_whole_section_saves_without_javascript_and_moves_on(s: TestServer) {
    let sam = carer(&s, "Sam").await;
    let (status, location, _) = post_form(
        &sam,
        &s,
        "/plan/area/health",
        &[
            ("__version", "0"),
            ("skip", "no"),
            ("now", "Back pain"),
            ("matters", "Sleep"),
            ("rating", "moderate"),
            ("can_do", ""),
            ("would_help", "A sitter"),
            ("done", "yes"),
        ],
    )
    .await;
    assert_eq!((status, location.as_deref()), (StatusCode::FOUND, Some("/plan/area/relationships")));
    let (status, html) = page(&sam, &s, "/plan/area/health").await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Back pain") && html.contains(r#"value="moderate" checked"#), "saved answers are shown again");
    // The last area moves on to outcomes.
    let (_, location, _) = post_form(&sam, &s, "/plan/area/future-planning", &[("__version", "0"), ("now", "Worried")]).await;
    assert_eq!(location.as_deref(), Some("/plan/outcomes"));
    // A person needs a name; the typed answers stay on the page.
    let id = uuid::Uuid::new_v4();
    let (status, _, html) =
        post_form(&sam, &s, &format!("/plan/person/{id}"), &[("__version", "0"), ("name", ""), ("condition", "Dementia")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(html.contains("There is a problem") && html.contains("Enter their first name or a nickname"));
    assert!(html.contains(">Dementia</textarea>"), "typed text kept");
}

async fn a_stale_page_saved_without_javascript_keeps_what_was_typed(s: TestServer) {
    let sam = carer(&s, "Sam").await;
    save(&sam, &s, "emergency", 0, json!({"contacts": "From my phone"})).await;
    let (status, _, html) = post_form(&sam, &s, "/plan/emergency", &[("__version", "0"), ("contacts", "From my laptop")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("These answers were changed somewhere else"));
    assert!(html.contains(">From my laptop</textarea>"), "what was typed is still on the page");
    assert!(html.contains(r#"name="__version" value="1""#), "saving again now overwrites knowingly");
    assert_eq!(plan_of(&sam, &s).await[0]["fields"]["contacts"], "From my phone");
}

async fn the_task_list_and_summary_show_progress_and_ratings(s: TestServer) {
    let sam = carer(&s, "Sam").await;
    let (_, home) = page(&sam, &s, "/").await;
    assert!(home.contains("You have done 0 of 12 sections."), "{home}");
    save(&sam, &s, "area:health", 0, json!({"rating": "critical", "done": "yes"})).await;
    save(&sam, &s, "area:finance", 0, json!({"skip": "yes", "rating": "low"})).await;
    save(&sam, &s, "breaks", 0, json!({"kind": "Anything"})).await;
    let (_, home) = page(&sam, &s, "/").await;
    assert!(home.contains("You have done 2 of 12 sections."));
    let (status, summary) = page(&sam, &s, "/plan/summary").await;
    assert_eq!(status, StatusCode::OK);
    assert!(summary.contains("Health and wellbeing: critical impact"), "chart description");
    assert!(summary.contains("Finance: skipped"));
    assert!(summary.contains("<th scope=\"row\">Health and wellbeing</th><td>Critical impact</td>"));
    assert!(summary.contains("You chose not to talk about this"));
}

async fn asking_for_a_review_records_the_day(s: TestServer) {
    // 23:30 UTC on Monday 21 September 2026 is half past midnight on Tuesday in the UK (summer time).
    s.clock.advance(23 * 3_600 + 30 * 60 - s.state.clock.now().rem_euclid(86_400));
    let sam = carer(&s, "Sam").await;
    let (status, location, html) = post_form(&sam, &s, "/plan/changed", &[]).await;
    assert_eq!((status, location), (StatusCode::OK, None));
    assert!(html.contains("We have asked for a review") && html.contains("Recorded on 22 September 2026"), "{html}");
    assert_eq!(plan_of(&sam, &s).await[0]["fields"]["changed_on"], "2026-09-22", "the UK date, not the UTC one");
    assert_eq!(s.state.today().iso(), "2026-09-22");
}
