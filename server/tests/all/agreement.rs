//! Agreeing a plan through the real server, on both engines: the worker
//! sends it, the carer comments (without JavaScript), the worker answers
//! and sends again, the carer signs; the signed plan is kept as it was and
//! read beside the plan now; a review comes round; and the only email the
//! carer gets says there is something to look at.

use crate::support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use std::sync::{Arc, Mutex};
use support::people::*;
use support::with_server as run;
use support::{Engine, TestServer, fields, on_engine};

on_both_engines!(run =>
    a_plan_goes_to_the_carer_comes_back_with_a_comment_and_is_signed,
    a_carer_who_withdrew_cannot_sign_and_a_stale_step_changes_nothing,
    the_review_date_the_carer_was_told_is_kept_through_a_comment_and_is_the_date_signed,
    the_plan_as_agreed_shows_both_ratings_the_notes_the_support_plan_and_the_actions,
);

on_both_engines!(email_sqlite, email_postgres; on_engine =>
    the_carer_is_emailed_only_that_there_is_something_to_look_at,
);

/// The default review date on the test clock's today, readable: a year on, on a working day.
fn a_year_on(s: &TestServer) -> String {
    app::domain::agreement::default_review_on(s.state.today(), 12, &s.state.holidays).readable()
}

/// The value of the form field `name` on a page, as a browser would post it.
fn field_value(html: &str, name: &str) -> Option<String> {
    let at = html.find(&format!("name=\"{name}\""))?;
    let start = html[..at].rfind('<')?;
    let tag = &html[start..at + html[at..].find('>')?];
    let value = tag.split("value=\"").nth(1)?;
    Some(decoded(&value[..value.find('"')?]))
}

/// The carer's check-and-sign page, and the sign form on it as the browser would post it.
async fn check_page(s: &TestServer, carer: &Actor) -> (String, Vec<(String, String)>) {
    let (_, _, page) = carer.page(s, "/plan/agree").await;
    let sign = page.split("value=\"sign\"").nth(1).expect("a sign form").split("</form>").next().expect("its end").to_owned();
    let form = ["version", "fingerprint"]
        .into_iter()
        .map(|name| (name.to_owned(), field_value(&sign, name).unwrap_or_else(|| panic!("no {name} in {sign}"))))
        .chain([("intent".to_owned(), "sign".to_owned())])
        .collect();
    (decoded(&page), form)
}

/// Posts a form read from a page.
async fn post_as_shown(s: &TestServer, who: &Actor, path: &str, form: &[(String, String)]) -> (StatusCode, String) {
    let fields: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, page) = who.post(s, path, &fields).await;
    (status, decoded(&page))
}

/// The version of the carer's Health and wellbeing answers now.
async fn version_of_health(s: &TestServer, carer: &Actor) -> i64 {
    let page = carer.answer(s, app::api::plan::MyPlan {}).await;
    page["plan"]["records"]
        .as_array()
        .expect("records")
        .iter()
        .find(|r| r["key"] == json!({"Area": "health"}))
        .and_then(|r| r["version"].as_i64())
        .expect("the health area")
}

fn decoded(html: &str) -> String {
    html.replace("&#x27;", "'").replace("&quot;", "\"").replace("&amp;", "&")
}

async fn a_plan_goes_to_the_carer_comes_back_with_a_comment_and_is_signed(s: TestServer) {
    let (manager, _) = manager(&s).await;
    let (worker, _) = worker(&s, &manager, "Wendy Worker").await;
    let (carer, carer_id) = register(&s, "Cara").await;
    write_and_hand_off(&s, &carer, "no").await;
    worker.answer(&s, app::api::worker::PickUp { carer_id }).await;

    let (_, _, page) = carer.page(&s, "/plan/agree").await;
    assert!(decoded(&page).contains("Wendy Worker has not sent your plan to you yet"), "{page}");
    let (_, _, home) = carer.page(&s, "/").await;
    assert!(!home.contains("Something needs you"), "nothing needs the carer yet");

    // The support plan comes first.
    let (status, text) = send_to_carer(&s, &worker, carer_id, "", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("Write the support plan"), "{text}");
    write_support_plan(&s, &worker, carer_id).await;
    let rating = json!({"carer_id": carer_id, "key": "worker-area:health", "base_version": 0,
        "changes": {"rating": "critical", "notes": "Not sleeping: curlew"}});
    worker.json(&s, "worker/answers", rating).await;
    let (status, text) = send_to_carer(&s, &worker, carer_id, "2020-01-01", "").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "a review date in the past is refused: {text}");
    assert!(text.contains("review_on"), "{text}");
    let (status, text) = send_to_carer(&s, &worker, carer_id, "", "").await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let (status, text) = send_to_carer(&s, &worker, carer_id, "", "").await;
    assert_eq!(status, StatusCode::CONFLICT, "it is already with the carer: {text}");

    // The carer is told, and reads both ratings with the difference in words.
    let (_, _, home) = carer.page(&s, "/").await;
    assert!(home.contains("Your plan is ready for you to check and sign") && home.contains("href=\"/plan/agree\""), "{home}");
    let (_, _, page) = carer.page(&s, "/plan/agree").await;
    let page = decoded(&page);
    for words in [
        "Your rating: Substantial impact",
        "Your worker's rating: Critical impact",
        "Different from yours",
        "Not sleeping: curlew",
        "A regular break",
        &a_year_on(&s),
    ] {
        assert!(page.contains(words), "{words} is not on the check-and-sign page");
    }

    // A comment, posted as a browser without JavaScript: empty is refused beside the field.
    let version = carer.answer(&s, app::api::agreement::MyAgreement {}).await["state"]["version"].as_i64().expect("version").to_string();
    let (status, page) = carer.post(&s, "/plan/agree", &[("intent", "comment"), ("version", &version), ("comment", "  ")]).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "the form comes back with its message");
    assert!(page.contains("Enter your comment") && page.contains("href=\"#comment\""), "{page}");
    let comment = "Please add that my sister helps on Sundays: wren";
    let (_, page) = carer.post(&s, "/plan/agree", &[("intent", "comment"), ("version", &version), ("comment", comment)]).await;
    assert!(page.contains("Your comment has been sent"), "{page}");
    let (_, page) = carer.post(&s, "/plan/agree", &[("intent", "comment"), ("version", &version), ("comment", "again")]).await;
    assert!(page.contains("There is a problem"), "a second post of the same page changes nothing: {page}");

    // The worker sees it, and must answer before sending again.
    let (_, _, overview) = worker.page(&s, &format!("/worker/plan/{carer_id}")).await;
    assert!(overview.contains("wren") && overview.contains("The carer sent a comment"), "{overview}");
    let (status, text) = send_to_carer(&s, &worker, carer_id, "", " ").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("answer"), "{text}");
    let (status, text) = send_to_carer(&s, &worker, carer_id, "", "Added your sister as natural support: robin").await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let (_, _, home) = carer.page(&s, "/").await;
    assert!(decoded(&home).contains("Your worker has answered your comment"), "{home}");
    let (_, _, page) = carer.page(&s, "/plan/agree").await;
    assert!(page.contains("robin") && page.contains("wren"), "both comments are on the page");

    // Signing what was read: a plan saved since is not signed unseen.
    let (version, seen) = what_to_sign(&s, &carer).await;
    let health_version = version_of_health(&s, &carer).await;
    carer
        .json(
            &s,
            "plan/answers",
            json!({"key": "area:health", "base_version": health_version, "changes": {"would_help": "A night sitter"}}),
        )
        .await;
    let (status, text) = carer.call(&s, "agreement/sign", json!({"version": version, "fingerprint": seen})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{text}");
    assert!(text.contains("changed since you opened"), "{text}");
    let (version, seen) = what_to_sign(&s, &carer).await;
    let (status, page) =
        carer.post(&s, "/plan/agree", &[("intent", "sign"), ("version", &version.to_string()), ("fingerprint", &seen)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Your plan is agreed") && page.contains(&a_year_on(&s)), "{page}");

    // The signed plan is kept, listed on the summary, and read beside the plan now.
    let agreement = carer.answer(&s, app::api::agreement::MyAgreement {}).await;
    assert_eq!(agreement["state"]["stage"], "Agreed", "{agreement}");
    let first = agreement["agreed"][0]["id"].as_str().expect("a snapshot").to_owned();
    let (_, _, summary) = carer.page(&s, "/plan/summary").await;
    assert!(summary.contains(&format!("href=\"/plan/agreed/{first}\"")) && summary.contains("Agreed on"), "{summary}");
    let (_, _, agreed) = carer.page(&s, &format!("/plan/agreed/{first}")).await;
    assert!(agreed.contains("Nothing has changed since you agreed this plan") && agreed.contains("A night sitter"), "{agreed}");
    let health_version = version_of_health(&s, &carer).await;
    carer
        .json(&s, "plan/answers", json!({"key": "area:health", "base_version": health_version, "changes": {"would_help": "A day centre"}}))
        .await;
    let (_, _, agreed) = carer.page(&s, &format!("/plan/agreed/{first}")).await;
    for words in ["Health and wellbeing: what would help", "When agreed: A night sitter", "Now: A day centre", "Changed"] {
        assert!(agreed.contains(words), "{words} is not marked on the agreed plan: {agreed}");
    }
    let (_, _, caseload) = worker.page(&s, "/worker/caseload").await;
    assert!(caseload.contains("Agreed on") && caseload.contains("No plan is due for review"), "{caseload}");

    // "My circumstances have changed" puts it in the worker's reviews due, and the carer is told.
    // At half past midnight British Summer Time (23:30 UTC) it is already Tuesday in the UK:
    // the plan and the request for a review both say so.
    s.clock.advance(23 * 3_600 + 30 * 60 - s.state.clock.now().rem_euclid(86_400));
    // Hours on, both have signed in again.
    let (carer, worker) = (sign_in_again(&s, "Cara").await, sign_in_as(&s, "wendy@centre.example").await);
    let (status, _) = carer.post(&s, "/plan/changed", &[]).await;
    assert_eq!(status, StatusCode::OK);
    let (_, _, caseload) = worker.page(&s, "/worker/caseload").await;
    assert!(decoded(&caseload).contains("The carer's circumstances changed on Tuesday 22 September 2026"), "{caseload}");
    let review = carer.answer(&s, app::api::plan::MyPlan {}).await["plan"]["records"]
        .as_array()
        .expect("records")
        .iter()
        .find(|r| r["key"] == json!("Review"))
        .map(|r| r["fields"]["changed_on"].clone());
    assert_eq!(review, Some(json!("2026-09-22")), "the same day in the carer's plan");
    let (_, _, home) = carer.page(&s, "/").await;
    assert!(home.contains("You told us your circumstances have changed"), "{home}");

    // The review starts from the plan as it stands; signing again keeps both versions.
    let (status, text) = send_to_carer(&s, &worker, carer_id, "", "").await;
    assert_eq!(status, StatusCode::OK, "{text}");
    sign(&s, &carer).await;
    let agreement = carer.answer(&s, app::api::agreement::MyAgreement {}).await;
    assert_eq!(agreement["agreed"].as_array().map(Vec::len), Some(2), "{agreement}");
    let (_, _, old) = carer.page(&s, &format!("/plan/agreed/{first}")).await;
    assert!(old.contains("When agreed: A night sitter"), "the first agreed plan is kept exactly as signed");
    let (_, _, caseload) = worker.page(&s, "/worker/caseload").await;
    assert!(caseload.contains("No plan is due for review"), "signing ends the review: {caseload}");
}

/// A plan handed off, picked up by Wendy Worker, rated and with a support
/// plan: ready to send. The worker, the carer and the carer's id.
async fn ready_to_send(s: &TestServer) -> (Actor, Actor, uuid::Uuid) {
    let (manager, _) = manager(s).await;
    let (worker, _) = worker(s, &manager, "Wendy Worker").await;
    let (carer, carer_id) = register(s, "Cara").await;
    write_and_hand_off(s, &carer, "no").await;
    worker.answer(s, app::api::worker::PickUp { carer_id }).await;
    write_support_plan(s, &worker, carer_id).await;
    let rating = json!({"carer_id": carer_id, "key": "worker-area:health", "base_version": 0,
        "changes": {"rating": "critical", "notes": "Not sleeping: curlew"}});
    worker.json(s, "worker/answers", rating).await;
    (worker, carer, carer_id)
}

async fn the_review_date_the_carer_was_told_is_kept_through_a_comment_and_is_the_date_signed(s: TestServer) {
    let (worker, carer, carer_id) = ready_to_send(&s).await;
    let send = app::paths::send_plan(carer_id);

    // The worker proposes a sooner review than the year the form offers.
    let (_, _, form) = worker.page(&s, &send).await;
    assert_eq!(field_value(&form, "review_on"), Some("2027-09-21".to_owned()), "a year on, a Tuesday");
    let version = field_value(&form, "version").expect("a version");
    let (status, page) = worker.post(&s, &send, &[("version", &version), ("review_on", "2027-06-04")]).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let (page, first_page) = check_page(&s, &carer).await;
    assert!(page.contains("your plan will be reviewed by Friday 4 June 2027"), "{page}");

    // The carer comments; the worker's answer form starts from the date the carer was told.
    let version = carer.answer(&s, app::api::agreement::MyAgreement {}).await["state"]["version"].as_i64().expect("version").to_string();
    carer.post(&s, "/plan/agree", &[("intent", "comment"), ("version", &version), ("comment", "Can my sister come: wren")]).await;
    let (_, _, form) = worker.page(&s, &send).await;
    assert_eq!(field_value(&form, "review_on"), Some("2027-06-04".to_owned()), "not the one-year default");
    assert!(decoded(&form).contains("You proposed Friday 4 June 2027, and Cara was told that date."), "{form}");

    // Sent as shown, with the worker's answer.
    let mut answer: Vec<(String, String)> =
        ["version", "review_on"].into_iter().map(|n| (n.to_owned(), field_value(&form, n).expect("a field"))).collect();
    answer.push(("answer".to_owned(), "Yes, of course: robin".to_owned()));
    let (status, page) = post_as_shown(&s, &worker, &send, &answer).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Cara's plan has been sent to them"), "{page}");

    // The carer reads the date they were told, signs the page as shown, and that date is agreed.
    let (page, sign) = check_page(&s, &carer).await;
    assert!(page.contains("your plan will be reviewed by Friday 4 June 2027") && page.contains("robin"), "{page}");
    // The page opened before the comment (still open in another window, say) signs nothing.
    let (status, page) = post_as_shown(&s, &carer, app::paths::AGREE, &first_page).await;
    assert!(status.is_client_error() && page.contains("There is a problem"), "{status}: {page}");
    assert!(carer.answer(&s, app::api::agreement::MyAgreement {}).await["agreed"].as_array().is_some_and(Vec::is_empty), "nothing signed");
    let (status, page) = post_as_shown(&s, &carer, app::paths::AGREE, &sign).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(page.contains("Your plan is agreed") && page.contains("It will be reviewed by Friday 4 June 2027"), "{page}");
    let agreement = carer.answer(&s, app::api::agreement::MyAgreement {}).await;
    assert_eq!(agreement["state"]["review_on"], "Friday 4 June 2027", "{agreement}");
    assert_eq!(agreement["agreed"][0]["review_on"], "Friday 4 June 2027", "the signed plan keeps it: {agreement}");
    let (_, _, agreed) =
        carer.page(&s, &app::paths::agreed(uuid::Uuid::parse_str(agreement["agreed"][0]["id"].as_str().expect("id")).expect("uuid"))).await;
    assert!(agreed.contains("Review by Friday 4 June 2027"), "{agreed}");
}

async fn the_plan_as_agreed_shows_both_ratings_the_notes_the_support_plan_and_the_actions(s: TestServer) {
    let (worker, carer, carer_id) = ready_to_send(&s).await;
    let action = json!({"carer_id": carer_id, "key": format!("worker-action:{}", uuid::Uuid::new_v4()), "base_version": 0,
        "changes": {"text": "Find a sitter for Tuesday nights: plover", "who": "carers-centre", "target": "2027-01-29"}});
    worker.json(&s, "worker/answers", action).await;
    let outcome = format!("outcome:{}", uuid::Uuid::new_v4());
    carer
        .json(
            &s,
            "plan/answers",
            json!({"key": outcome, "base_version": 0, "changes": {"kind": "improve", "text": "Sleep through: dunlin"}}),
        )
        .await;
    let (status, text) = send_to_carer(&s, &worker, carer_id, "", "").await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let id = sign(&s, &carer).await;

    let (status, _, page) = carer.page(&s, &format!("/plan/agreed/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    let page = decoded(&page);
    for words in [
        // Both ratings, and what the worker noted.
        "Impact of caring (your own rating)",
        "Substantial impact",
        "Your worker's rating",
        "Critical impact (you rated it substantial impact)",
        "Your worker's notes",
        "Not sleeping: curlew",
        // The support plan, the carer's outcomes and the actions agreed.
        "Your worker's part of the plan",
        "A regular break",
        "Sleep through: dunlin",
        "Find a sitter for Tuesday nights: plover",
        "by 29 January 2027",
        &format!("Review by {}", a_year_on(&s)),
    ] {
        assert!(page.contains(words), "{words} is not on the plan as agreed: {page}");
    }
    assert!(page.contains("Nothing has changed since you agreed this plan"), "{page}");
}

async fn a_carer_who_withdrew_cannot_sign_and_a_stale_step_changes_nothing(s: TestServer) {
    let (manager, _) = manager(&s).await;
    let (worker, _) = worker(&s, &manager, "Wendy Worker").await;
    let (carer, carer_id) = register(&s, "Cara").await;
    let (other, _) = register(&s, "Olive").await;
    write_and_hand_off(&s, &carer, "no").await;
    worker.answer(&s, app::api::worker::PickUp { carer_id }).await;
    write_support_plan(&s, &worker, carer_id).await;
    let (status, _) = send_to_carer(&s, &worker, carer_id, "", "").await;
    assert_eq!(status, StatusCode::OK);
    let (version, seen) = what_to_sign(&s, &carer).await;

    // Another carer cannot sign or comment on it: they have nothing of their own to sign.
    let (status, _) = other.call(&s, "agreement/sign", json!({"version": version, "fingerprint": seen})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(carer.answer(&s, app::api::agreement::MyAgreement {}).await["state"]["stage"], "Sent", "nothing changed");
    // A step from an old page is refused.
    let (status, _) = carer.call(&s, "agreement/comment", json!({"version": version - 1, "comment": "old page"})).await;
    assert_eq!(status, StatusCode::CONFLICT);
    let comments: Value = carer.answer(&s, app::api::agreement::MyAgreement {}).await["state"]["comments"].clone();
    assert_eq!(comments, json!([]), "nothing was written");

    let (share, sequence) = current_share(&s, &carer).await;
    carer.json(&s, "sharing/withdraw", json!({"share_id": share, "sequence": sequence})).await;
    let (status, text) = carer.call(&s, "agreement/sign", json!({"version": version, "fingerprint": seen})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{text}");
    let agreement = carer.answer(&s, app::api::agreement::MyAgreement {}).await;
    assert_eq!(agreement["agreed"], json!([]), "nothing was signed: {agreement}");
    assert!(agreement["notice"].is_null(), "no plan to sign is announced after withdrawal: {agreement}");
    let (_, _, page) = carer.page(&s, "/plan/agree").await;
    assert!(page.contains("not with a worker"), "{page}");
    let opened = worker.call(&s, "worker/send", json!({"carer_id": carer_id, "version": version, "review_on": "", "answer": ""})).await;
    assert_eq!(opened.0, StatusCode::FORBIDDEN, "the worker can no longer send it: {}", opened.1);
}

/// A small SMTP server that accepts every message and keeps what it was sent.
async fn smtp_listener() -> (String, Arc<Mutex<Vec<String>>>) {
    use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let url = format!("smtp://{}", listener.local_addr().expect("addr"));
    let received = Arc::new(Mutex::new(Vec::new()));
    let kept = received.clone();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let kept = kept.clone();
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                let _ = write.write_all(b"220 test ESMTP\r\n").await;
                let mut message = String::new();
                let mut in_data = false;
                while let Ok(Some(line)) = lines.next_line().await {
                    if in_data {
                        if line == "." {
                            in_data = false;
                            kept.lock().expect("lock").push(std::mem::take(&mut message));
                            let _ = write.write_all(b"250 queued\r\n").await;
                        } else {
                            message.push_str(&line);
                            message.push('\n');
                        }
                        continue;
                    }
                    let upper = line.to_ascii_uppercase();
                    let reply: &[u8] = if upper.starts_with("EHLO") || upper.starts_with("HELO") {
                        b"250 test\r\n"
                    } else if upper.starts_with("DATA") {
                        in_data = true;
                        b"354 go ahead\r\n"
                    } else if upper.starts_with("QUIT") {
                        let _ = write.write_all(b"221 bye\r\n").await;
                        break;
                    } else {
                        if upper.starts_with("RCPT TO") {
                            message.push_str(&format!("{line}\n"));
                        }
                        b"250 ok\r\n"
                    };
                    let _ = write.write_all(reply).await;
                }
            });
        }
    });
    (url, received)
}

async fn the_carer_is_emailed_only_that_there_is_something_to_look_at(engine: Engine) {
    let (url, received) = smtp_listener().await;
    let mailer = server::mail::SmtpMailer::new(&url, server::config::DEFAULT_MAIL_FROM).expect("a mailer");
    let Some(s) = TestServer::start_with(engine, move |state| state.mailer = Some(Arc::new(mailer))).await else { return };
    let (manager, _) = manager(&s).await;
    let (worker, _) = worker(&s, &manager, "Wendy Worker").await;

    // One carer said writing is safe; another gave an email but said it is not.
    let (safe, safe_id) = register(&s, "Sam").await;
    write_and_hand_off_with(&s, &safe, fields([("email", "sam.home@example.org"), ("safe_write", "yes"), ("terminal", "no")])).await;
    let (unsafe_, unsafe_id) = register(&s, "Una").await;
    write_and_hand_off_with(&s, &unsafe_, fields([("email", "una.home@example.org"), ("safe_write", "no"), ("terminal", "no")])).await;
    for carer in [safe_id, unsafe_id] {
        worker.answer(&s, app::api::worker::PickUp { carer_id: carer }).await;
        write_support_plan(&s, &worker, carer).await;
        let (status, text) = send_to_carer(&s, &worker, carer, "", "").await;
        assert_eq!(status, StatusCode::OK, "{text}");
    }

    let messages = received.lock().expect("lock").clone();
    assert_eq!(messages.len(), 1, "one email, to the carer who said writing is safe: {messages:?}");
    let message = &messages[0];
    assert!(message.contains("sam.home@example.org"), "{message}");
    assert!(message.contains("Something to look at in CarerSpace") && message.contains("something for you to look at"), "{message}");
    for secret in [CANARY, UNSHARED, "A regular break", "Sam", "Wendy"] {
        assert!(!message.contains(secret), "the email holds {secret}: {message}");
    }
    assert!(!messages.iter().any(|m| m.contains("una.home")), "nothing is sent against the carer's choice");
    // The home page says so too, email or not.
    let (_, _, home) = unsafe_.page(&s, "/").await;
    assert!(home.contains("Your plan is ready for you to check and sign"), "{home}");

    // Both sign; eleven months on, each is reminded of the review once, by
    // email only where writing is safe (the home page says so to both).
    sign(&s, &safe).await;
    sign(&s, &unsafe_).await;
    assert_eq!(app::services::notify::remind_reviews(&s.state).await, Ok(0), "no review is near yet");
    s.clock.advance(335 * 24 * 60 * 60);
    assert_eq!(app::services::notify::remind_reviews(&s.state).await, Ok(2), "both are marked as reminded");
    assert_eq!(app::services::notify::remind_reviews(&s.state).await, Ok(0), "once only");
    let messages = received.lock().expect("lock").clone();
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[1].contains("sam.home@example.org") && !messages[1].contains(CANARY), "{}", messages[1]);
    let una = sign_in_again(&s, "Una").await;
    let (_, _, home) = una.page(&s, "/").await;
    assert!(home.contains("Your plan is due for review by"), "{home}");
}
