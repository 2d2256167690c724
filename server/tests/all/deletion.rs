//! Deleting a carer's data through the real server, on both engines: a plan
//! never shared goes at once; a shared one is deleted by a manager on
//! request, unless held; and erased means gone — from every column of every
//! table and, on SQLite, from the bytes of the database and its log —
//! while another carer's data stays whole.

use crate::support;

use reqwest::StatusCode;
use serde_json::{Value, json};
use support::people::*;
use support::with_server as run;
use support::{Engine, TestServer};

on_both_engines!(run =>
    an_erased_carer_leaves_no_trace_and_every_other_carer_keeps_everything,
    a_held_request_erases_nothing_until_the_hold_is_released,
    an_erasure_stopped_half_way_finishes_when_the_server_starts_again,
    a_plan_never_shared_is_deleted_at_once_after_the_password,
    asking_for_deletion_withdraws_every_share_and_shows_where_it_stands,
    a_carer_is_told_once_that_they_asked_for_deletion_and_told_when_a_hold_ends,
);

/// The second carer's words: they must all survive the first carer's erasure.
const KEPT: &str = "otter-under-the-bridge";

/// Writes `word` into every free-text field a carer and their worker can
/// fill, and makes every kind of row about the carer: plan records, the
/// hand-off and its contact answers, consent to the centre and to social
/// work, a legal-reason referral, an agreed plan, comments, and looks.
async fn fill_everything(s: &TestServer, carer: &Actor, carer_id: uuid::Uuid, worker: &Actor, word: &str) {
    let save = |key: String, changes: Value| {
        let carer = carer.clone();
        async move { carer.json(s, "plan/answers", json!({"key": key, "base_version": 0, "changes": changes})).await }
    };
    let person = uuid::Uuid::new_v4();
    save("about-me".into(), json!({"able_willing": format!("About me {word}")})).await;
    save(
        format!("person:{person}"),
        json!({"name": format!("Name {word}"), "relationship": "Mum", "condition": format!("Condition {word}")}),
    )
    .await;
    save(
        "area:health".into(),
        json!({"now": format!("Now {word}"), "matters": format!("Matters {word}"), "can_do": format!("Can do {word}"),
               "would_help": format!("Would help {word}"), "rating": "substantial"}),
    )
    .await;
    save(format!("outcome:{}", uuid::Uuid::new_v4()), json!({"kind": "improve", "text": format!("Outcome {word}")})).await;
    save(format!("action:{}", uuid::Uuid::new_v4()), json!({"text": format!("Action {word}"), "who": "me"})).await;
    save(
        "emergency".into(),
        json!({"who_steps_in": format!("Steps in {word}"), "contacts": format!("Contacts {word}"), "future": format!("Future {word}")}),
    )
    .await;
    save("breaks".into(), json!({"kind": format!("Break {word}")})).await;
    save("review".into(), json!({"triggers": format!("Triggers {word}")})).await;
    let chosen = carer.json(s, "sharing/choose", json!({"version": 0, "sections": ["about-me", "area-health"]})).await;
    let answers = json!({"phone": "07700 900 123", "email": format!("{word}@mail.example"), "good_times": format!("Times {word}"),
        "safe_message": "no", "safe_write": "yes", "terminal": "no"});
    let saved = carer.json(s, "plan/section", json!({"key": "hand-off", "base_version": version_of(&chosen), "fields": answers})).await;
    carer.json(s, "sharing/hand-off", json!({"version": version_of(&saved)})).await;

    worker.answer(s, app::api::worker::PickUp { carer_id }).await;
    worker.json(s, "worker/plan", json!({"carer_id": carer_id, "section": "area-health"})).await;
    let notes = json!({"carer_id": carer_id, "key": "worker-area:health", "base_version": 0, "changes": {"notes": format!("Notes {word}"), "rating": "critical"}});
    worker.json(s, "worker/answers", notes).await;
    let part = json!({"carer_id": carer_id, "key": "worker-plan", "base_version": 0, "changes": {
        "needs": format!("Needs {word}"), "local_support": format!("Local {word}"), "outcomes": format!("Agreed {word}"),
        "other_council": format!("Council {word}"), "eligible_support": format!("Eligible {word}"), "other_support": format!("Other {word}"),
        "break_detail": format!("Break detail {word}"), "support_level": "priority", "level_reason": format!("Reason {word}")}});
    worker.json(s, "worker/answers", part).await;
    let action = json!({"carer_id": carer_id, "key": format!("worker-action:{}", uuid::Uuid::new_v4()), "base_version": 0,
        "changes": {"text": format!("Worker action {word}"), "who": "carers-centre"}});
    worker.json(s, "worker/answers", action).await;
    let (status, text) = send_to_carer(s, worker, carer_id, "", "").await;
    assert_eq!(status, StatusCode::OK, "{text}");
    let version = carer.answer(s, app::api::agreement::MyAgreement {}).await["state"]["version"].clone();
    carer.json(s, "agreement/comment", json!({"version": version, "comment": format!("Comment {word}")})).await;
    let (status, text) = send_to_carer(s, worker, carer_id, "", &format!("Answer {word}")).await;
    assert_eq!(status, StatusCode::OK, "{text}");
    sign(s, carer).await;
    carer.json(s, "sharing/social-work", json!({"sections": ["area-health"]})).await;
    let reason = format!("Legal reason {word}: {}", "the carer said the person they care for is not safe at home tonight. ".repeat(2));
    let referral = worker.json(s, "worker/refer", json!({"carer_id": carer_id, "sections": ["area-health"], "legal_reason": reason})).await;
    worker.json(s, "worker/referral", json!({"id": referral})).await;
}

/// Every cell of every table, as text, with where it is.
async fn every_cell(s: &TestServer, engine: Engine) -> Vec<(String, String)> {
    let mut cells = Vec::new();
    match engine {
        Engine::Sqlite => {
            let pool = sqlx::SqlitePool::connect(&s.db.url).await.expect("open the file");
            let tables: Vec<(String,)> =
                sqlx::query_as("select name from sqlite_master where type = 'table'").fetch_all(&pool).await.expect("tables");
            for (table,) in tables {
                let columns: Vec<(String,)> = sqlx::query_as(sqlx::AssertSqlSafe(format!("select name from pragma_table_info('{table}')")))
                    .fetch_all(&pool)
                    .await
                    .expect("columns");
                for (column,) in columns {
                    // As bytes: some columns (the migrations' checksums) are not text.
                    let values: Vec<(Option<Vec<u8>>,)> =
                        sqlx::query_as(sqlx::AssertSqlSafe(format!("select cast(\"{column}\" as blob) from \"{table}\"")))
                            .fetch_all(&pool)
                            .await
                            .expect("values");
                    cells.extend(
                        values
                            .into_iter()
                            .filter_map(|(v,)| v)
                            .map(|v| (format!("{table}.{column}"), String::from_utf8_lossy(&v).into_owned())),
                    );
                }
            }
            pool.close().await;
        }
        Engine::Postgres => {
            let pool = sqlx::PgPool::connect(&s.db.url).await.expect("connect");
            let columns: Vec<(String, String)> =
                sqlx::query_as("select table_name::text, column_name::text from information_schema.columns where table_schema = 'public'")
                    .fetch_all(&pool)
                    .await
                    .expect("columns");
            for (table, column) in columns {
                let values: Vec<(Option<String>,)> =
                    sqlx::query_as(sqlx::AssertSqlSafe(format!("select \"{column}\"::text from \"{table}\"")))
                        .fetch_all(&pool)
                        .await
                        .expect("values");
                cells.extend(values.into_iter().filter_map(|(v,)| v).map(|v| (format!("{table}.{column}"), v)));
            }
            pool.close().await;
        }
    }
    cells
}

/// The bytes of every file of an SQLite database (the file, its log, its index of the log).
fn sqlite_bytes(s: &TestServer) -> Vec<(String, Vec<u8>)> {
    let path = s.db.url.trim_start_matches("sqlite://").split('?').next().expect("a path").to_owned();
    ["", "-wal", "-shm", "-journal"]
        .iter()
        .filter_map(|suffix| {
            let file = format!("{path}{suffix}");
            std::fs::read(&file).ok().map(|bytes| (file, bytes))
        })
        .collect()
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle.as_bytes())
}

/// How many plans the figures count as started (erased ones included).
async fn started(s: &TestServer) -> usize {
    s.state.store.plan_days().await.expect("figures").iter().filter(|d| d.started.is_some()).count()
}

fn engine_of(s: &TestServer) -> Engine {
    if s.db.url.starts_with("sqlite:") { Engine::Sqlite } else { Engine::Postgres }
}

async fn request_version(manager: &Actor, s: &TestServer, carer_id: uuid::Uuid) -> Option<Value> {
    let rows = manager.answer(s, app::api::deletion::DeletionRequests {}).await;
    rows.as_array().expect("rows").iter().find(|r| r["carer_id"] == json!(carer_id)).cloned()
}

async fn an_erased_carer_leaves_no_trace_and_every_other_carer_keeps_everything(s: TestServer) {
    let engine = engine_of(&s);
    let (manager, _) = manager(&s).await;
    let (worker, _) = worker(&s, &manager, "Wendy Worker").await;
    let (carer, carer_id) = register(&s, "Cara").await;
    let (other, other_id) = register(&s, "Olive").await;
    fill_everything(&s, &carer, carer_id, &worker, CANARY).await;
    fill_everything(&s, &other, other_id, &worker, KEPT).await;
    let second_device = sign_in_again(&s, "Cara").await;
    let days_before = started(&s).await;
    let other_before = other.answer(&s, app::api::plan::MyPlan {}).await;
    let other_export_before =
        serde_json::to_string(&other.answer(&s, app::api::sharing::Sharing { history_before: None, seen_before: None }).await)
            .expect("text");

    // Everything is there before (so the scans below can fail).
    assert!(every_cell(&s, engine).await.iter().any(|(_, v)| v.contains(CANARY)), "the canary was written");
    if let Engine::Sqlite = engine {
        assert!(sqlite_bytes(&s).iter().any(|(_, bytes)| contains(bytes, CANARY)), "the canary is in the files");
    }

    carer.answer(&s, app::api::deletion::AskForDeletion {}).await;
    let row = request_version(&manager, &s, carer_id).await.expect("the request is listed");
    assert_eq!(row["overdue"], false);
    manager.json(&s, "manager/deletions/complete", json!({"carer_id": carer_id, "version": row["version"]})).await;

    // (1) No column of any table holds anything of theirs.
    let id = carer_id.to_string();
    for (place, value) in every_cell(&s, engine).await {
        for theirs in [CANARY, "cara@example.org", id.as_str(), "Cara"] {
            assert!(!value.contains(theirs), "{place} still holds {theirs}: {value}");
        }
    }
    // (2) On SQLite, no byte of it is left in the database or its log.
    if let Engine::Sqlite = engine {
        for (file, bytes) in sqlite_bytes(&s) {
            for theirs in [CANARY, "cara@example.org"] {
                assert!(!contains(&bytes, theirs), "{file} still holds {theirs}");
            }
        }
    }
    // (3) The other carer's data is all still there.
    assert_eq!(other.answer(&s, app::api::plan::MyPlan {}).await, other_before, "the other carer's plan is untouched");
    assert_eq!(
        serde_json::to_string(&other.answer(&s, app::api::sharing::Sharing { history_before: None, seen_before: None }).await)
            .expect("text"),
        other_export_before
    );
    let cells = every_cell(&s, engine).await;
    for kept in [format!("About me {KEPT}"), format!("Notes {KEPT}"), format!("Comment {KEPT}"), format!("Legal reason {KEPT}")] {
        assert!(cells.iter().any(|(_, v)| v.contains(&kept)), "{kept} is gone");
    }
    // Signed out everywhere; a browser that comes back is told, once, to
    // forget what it kept for the site (unsent drafts) and its cookie.
    let (_, headers, start) = second_device.page(&s, "/").await;
    assert!(!start.contains("Cara"), "shown the start page, as a visitor");
    assert_eq!(headers.get("clear-site-data").and_then(|v| v.to_str().ok()), Some("\"storage\""));
    assert!(headers.get_all("set-cookie").iter().any(|c| c.to_str().is_ok_and(|c| c.contains("Max-Age=0"))), "the cookie is dropped");
    let (_, again, _) = second_device.page(&s, "/").await;
    assert!(again.get("clear-site-data").is_none(), "only once");
    let (_, stranger, _) = Actor { cookie: Some("carerspace_session=made-up".into()) }.page(&s, "/").await;
    assert!(stranger.get("clear-site-data").is_none(), "not for any dead cookie");
    for (device, who) in [("the device that asked", &carer), ("another device", &second_device)] {
        assert_eq!(who.answer(&s, app::api::accounts::Whoami {}).await, Value::Null, "{device} is still signed in");
    }
    let (status, _) =
        Actor { cookie: None }.call(&s, "sign-in", json!({"form": {"email": "cara@example.org", "password": support::PASSWORD}})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    // Gone from the worker's caseload and the manager's lists; still counted, anonymously.
    let caseload = serde_json::to_string(&worker.answer(&s, app::api::worker::Caseload {}).await).expect("text");
    assert!(!caseload.contains(&id) && caseload.contains(&other_id.to_string()), "{caseload}");
    assert!(request_version(&manager, &s, carer_id).await.is_none());
    let legal = serde_json::to_string(&manager.answer(&s, app::api::referral::LegalReferrals {}).await).expect("text");
    assert!(!legal.contains(CANARY) && legal.contains(KEPT), "{legal}");
    assert_eq!(started(&s).await, days_before, "the figures still count them");
}

async fn a_held_request_erases_nothing_until_the_hold_is_released(s: TestServer) {
    let (manager, _) = manager(&s).await;
    let (carer, carer_id) = register(&s, "Cara").await;
    write_and_hand_off(&s, &carer, "no").await;
    carer.answer(&s, app::api::deletion::AskForDeletion {}).await;
    let row = request_version(&manager, &s, carer_id).await.expect("listed");

    // A hold needs a ground, a real reason and a review date.
    let (status, text) = manager
        .call(
            &s,
            "manager/deletions/hold",
            json!({"carer_id": carer_id, "version": row["version"], "ground": "", "note": "x", "review_on": "soon"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let note = format!("Open adult protection inquiry {UNSHARED}");
    manager
        .json(
            &s,
            "manager/deletions/hold",
            json!({"carer_id": carer_id, "version": row["version"], "ground": "adult-protection",
            "note": note, "review_on": "2026-10-30"}),
        )
        .await;
    let held = request_version(&manager, &s, carer_id).await.expect("listed");
    assert_eq!(held["hold"]["note"], json!(note), "managers read the note");

    // Completing is refused while held, and nothing is erased.
    let (status, text) = manager.call(&s, "manager/deletions/complete", json!({"carer_id": carer_id, "version": held["version"]})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{text}");
    assert!(text.contains("legal hold"), "{text}");
    assert!(!carer.answer(&s, app::api::plan::MyPlan {}).await["plan"]["records"].as_array().expect("records").is_empty());

    // The carer is told it is held, why in general terms, and until when; never the note.
    let mine = carer.answer(&s, app::api::deletion::MyDeletion {}).await;
    assert!(mine["request"]["held"]["why"].as_str().expect("why").contains("safety"), "{mine}");
    assert_eq!(mine["request"]["held"]["review_on"], "Friday 30 October 2026");
    let (_, _, sharing) = carer.page(&s, "/sharing").await;
    assert!(sharing.contains("Your plan is being kept for now") && sharing.contains("30 October 2026"), "{sharing}");
    assert!(!sharing.contains(UNSHARED) && !serde_json::to_string(&mine).expect("text").contains(UNSHARED));
    let file = reqwest::Client::new()
        .get(s.url("/my-data.json"))
        .header(reqwest::header::COOKIE, carer.cookie.clone().expect("cookie"))
        .send()
        .await
        .expect("download")
        .text()
        .await
        .expect("text");
    let data: Value = serde_json::from_str(&file).expect("JSON");
    assert_eq!(data["deletion_request"]["status"], "held");
    assert_eq!(data["deletion_request"]["hold"]["review_on"], "2026-10-30");
    let schema: Value = serde_json::from_str(include_str!("../../../app/schema/my-data.v1.json")).expect("schema");
    assert!(jsonschema::validator_for(&schema).expect("schema").is_valid(&data), "the file matches its schema");

    // Released, it can be completed.
    manager.json(&s, "manager/deletions/release", json!({"carer_id": carer_id, "version": held["version"]})).await;
    let released = request_version(&manager, &s, carer_id).await.expect("listed");
    assert!(released["hold"].is_null());
    manager.json(&s, "manager/deletions/complete", json!({"carer_id": carer_id, "version": released["version"]})).await;
    assert!(s.state.store.user_by_id(carer_id).await.expect("read").is_none(), "erased");
    assert!(every_cell(&s, engine_of(&s)).await.iter().all(|(_, v)| !v.contains(UNSHARED)), "the hold's note went too");
}

async fn an_erasure_stopped_half_way_finishes_when_the_server_starts_again(s: TestServer) {
    let (manager, _) = manager(&s).await;
    let (carer, carer_id) = register(&s, "Cara").await;
    write_and_hand_off(&s, &carer, "no").await;
    carer.answer(&s, app::api::deletion::AskForDeletion {}).await;
    let row = request_version(&manager, &s, carer_id).await.expect("listed");
    // The first step only, as if the server stopped right after it.
    assert!(s.state.store.begin_erasure(carer_id, row["version"].as_i64(), 0).await.expect("first step"));
    assert_eq!(carer.answer(&s, app::api::accounts::Whoami {}).await, Value::Null, "signed out by the first step");
    assert_eq!(s.state.store.erasures_pending().await.expect("pending"), vec![carer_id]);

    // A new server on the same database (a new process would open its own connections).
    let store = server::store::connect(&s.db.url).await.expect("reopen");
    let mut state = s.state.clone();
    state.store = store.clone();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let mut config = server::config::Config::for_tests(&s.db.url);
    config.leptos.site_addr = listener.local_addr().expect("addr");
    let restarted = tokio::spawn(server::serve(listener, config, state));
    let mut waited = 0;
    while store.user_by_id(carer_id).await.expect("read").is_some() {
        assert!(waited < 100, "the erasure was not finished after a restart");
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        waited += 1;
    }
    restarted.abort();
    assert!(store.erasures_pending().await.expect("pending").is_empty());
    assert!(every_cell(&s, engine_of(&s)).await.iter().all(|(_, v)| !v.contains(CANARY)), "nothing half-deleted");
}

async fn a_plan_never_shared_is_deleted_at_once_after_the_password(s: TestServer) {
    let (carer, carer_id) = register(&s, "Cara").await;
    let save = json!({"key": "about-me", "base_version": 0, "changes": {"able_willing": format!("Mine {CANARY}")}});
    carer.json(&s, "plan/answers", save.clone()).await;
    let days_before = started(&s).await;

    // Nothing chosen, or the wrong password: nothing is deleted.
    let (status, text) = carer.call(&s, "deletion/now", json!({"scope": "", "password": ""})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    let (status, text) = carer.call(&s, "deletion/now", json!({"scope": "plan", "password": "not my password"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{text}");
    assert!(text.contains("password"), "{text}");
    assert!(serde_json::to_string(&carer.answer(&s, app::api::plan::MyPlan {}).await).expect("text").contains(CANARY));

    // The plan only: the account stays, the plan is empty, the browser forgets its drafts.
    let res = reqwest::Client::new()
        .post(s.url("/api/deletion/now"))
        .header(reqwest::header::COOKIE, carer.cookie.clone().expect("cookie"))
        .json(&json!({"scope": "plan", "password": support::PASSWORD}))
        .send()
        .await
        .expect("delete");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(res.headers().get("clear-site-data").and_then(|v| v.to_str().ok()), Some("\"storage\""));
    let plan = carer.answer(&s, app::api::plan::MyPlan {}).await;
    assert!(plan["plan"]["records"].as_array().expect("records").is_empty(), "{plan}");
    assert_eq!(started(&s).await, days_before, "still counted as started");

    // Then with the account: signed out, and the sign-in no longer works.
    carer.json(&s, "plan/answers", save).await;
    let other_device = sign_in_again(&s, "Cara").await;
    let (status, html) = carer.post(&s, "/delete", &[("intent", "now"), ("scope", "account"), ("password", support::PASSWORD)]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Your plan and your account have been deleted"), "{html}");
    assert_eq!(other_device.answer(&s, app::api::accounts::Whoami {}).await, Value::Null);
    let (status, _) =
        Actor { cookie: None }.call(&s, "sign-in", json!({"form": {"email": "cara@example.org", "password": support::PASSWORD}})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(s.state.store.user_by_id(carer_id).await.expect("read").is_none());
    assert!(every_cell(&s, engine_of(&s)).await.iter().all(|(_, v)| !v.contains(CANARY)));
}

async fn asking_for_deletion_withdraws_every_share_and_shows_where_it_stands(s: TestServer) {
    let (manager, _) = manager(&s).await;
    let (worker, _) = worker(&s, &manager, "Wendy Worker").await;
    let (carer, carer_id) = register(&s, "Cara").await;
    write_and_hand_off(&s, &carer, "no").await;
    worker.answer(&s, app::api::worker::PickUp { carer_id }).await;
    carer.json(&s, "sharing/social-work", json!({"sections": ["area-health"]})).await;

    // A plan that was shared cannot be deleted at once.
    let (status, text) = carer.call(&s, "deletion/now", json!({"scope": "account", "password": support::PASSWORD})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{text}");

    let (status, page) = carer.post(&s, "/delete", &[("intent", "ask")]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("We have your request to delete your plan") && page.contains("What happens next"), "{page}");
    // Every share is withdrawn at once: the worker sees nothing more.
    let (status, text) = worker.call(&s, "worker/plan", json!({"carer_id": carer_id, "section": null})).await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{text}");
    assert!(!text.contains(CANARY));
    let shares = carer.answer(&s, app::api::sharing::Sharing { history_before: None, seen_before: None }).await;
    assert!(shares["shares"].as_array().expect("shares").iter().all(|s| !s["withdrawn_at"].is_null()), "{shares}");
    // The request shows on the Sharing page with its date, and nothing new can be shared.
    let (_, _, sharing) = carer.page(&s, "/sharing").await;
    assert!(
        sharing.contains("Your request to delete your plan") && sharing.contains("We will delete everything we hold about you by"),
        "{sharing}"
    );
    let (status, text) = carer.call(&s, "sharing/social-work", json!({"sections": ["area-health"]})).await;
    assert_eq!(status, StatusCode::CONFLICT, "{text}");
    // Asking twice changes nothing.
    let again = carer.answer(&s, app::api::deletion::AskForDeletion {}).await;
    assert_eq!(again["erasing"], false);
    let rows = manager.answer(&s, app::api::deletion::DeletionRequests {}).await;
    assert_eq!(rows.as_array().map(Vec::len), Some(1));
    // Two weeks on, it is overdue.
    s.clock.advance(15 * 24 * 60 * 60);
    let manager = sign_in_as(&s, "morag@centre.example").await;
    assert_eq!(request_version(&manager, &s, carer_id).await.expect("listed")["overdue"], true);
    let (_, _, list) = manager.page(&s, "/manager/deletions").await;
    assert!(list.contains("Overdue: due by"), "{list}");
}

/// The carer's Sharing page, home page and "Deleting your plan" page, as read.
async fn carers_pages(s: &TestServer, carer: &Actor) -> [String; 3] {
    let read = |path: &'static str| async move { carer.page(s, path).await.2.replace("&#x27;", "'") };
    [read("/sharing").await, read("/").await, read("/delete").await]
}

async fn a_carer_is_told_once_that_they_asked_for_deletion_and_told_when_a_hold_ends(s: TestServer) {
    let (manager, _) = manager(&s).await;
    let (carer, carer_id) = register(&s, "Cara").await;
    write_and_hand_off(&s, &carer, "no").await;
    // Another carer who only withdrew: told that, once.
    let (other, _) = register(&s, "Olive").await;
    write_and_hand_off(&s, &other, "no").await;
    let (share, sequence) = current_share(&s, &other).await;
    other.json(&s, "sharing/withdraw", json!({"share_id": share, "sequence": sequence})).await;
    let (_, _, withdrew) = other.page(&s, "/sharing").await;
    assert!(withdrew.contains("You withdrew your consent on"), "{withdrew}");
    assert_eq!(withdrew.matches("Nobody else can see your plan").count(), 1, "said once: {withdrew}");

    // Asked on Monday 21 September 2026: what happened, in the carer's terms, once.
    carer.post(&s, "/delete", &[("intent", "ask")]).await;
    let [sharing, home, delete] = carers_pages(&s, &carer).await;
    let asked = "You asked on Monday 21 September 2026 for your plan to be deleted.";
    for (page, text) in [("Sharing", &sharing), ("home", &home), ("Deleting your plan", &delete)] {
        assert_eq!(text.matches(asked).count(), 1, "{page}: {text}");
        assert!(!text.contains("You withdrew your consent"), "{page} says they withdrew: {text}");
        assert!(!text.contains("Nobody else can see your plan"), "{page}: {text}");
    }
    let next =
        "Nobody at the carers' centre can open your plan any more. We will delete everything we hold about you by Monday 5 October 2026.";
    assert_eq!(sharing.matches(next).count(), 1, "{sharing}");
    assert!(delete.contains(next), "{delete}");
    let state = home.split("id=\"plan-state\"").nth(1).and_then(|s| s.split("</div>").next()).expect("where the plan stands");
    assert!(!home.contains("Something needs you") && !state.contains("ready to talk to someone"), "{home}");

    // Held: why, in general terms, and when it will be looked at again; still said once.
    let version = request_version(&manager, &s, carer_id).await.expect("listed")["version"].clone();
    manager
        .json(
            &s,
            "manager/deletions/hold",
            json!({"carer_id": carer_id, "version": version, "ground": "complaint",
            "note": "A complaint about our service is open", "review_on": "2026-10-19"}),
        )
        .await;
    let [sharing, home, _] = carers_pages(&s, &carer).await;
    assert_eq!(sharing.matches(asked).count(), 1, "{sharing}");
    assert_eq!(sharing.matches("Your plan is being kept for now.").count(), 1, "{sharing}");
    assert!(sharing.contains("Monday 19 October 2026") && !sharing.contains("Monday 5 October 2026"), "{sharing}");
    assert!(!home.contains("Your request to delete your plan"), "nothing new on the home page yet: {home}");

    // A month on, the hold is released: the date first promised has gone by, so a new one is given.
    s.clock.advance(30 * 24 * 60 * 60);
    let manager = sign_in_as(&s, "morag@centre.example").await;
    let version = request_version(&manager, &s, carer_id).await.expect("listed")["version"].clone();
    manager.json(&s, "manager/deletions/release", json!({"carer_id": carer_id, "version": version})).await;
    let released = request_version(&manager, &s, carer_id).await.expect("listed");
    assert_eq!((released["due_on"].as_str(), &released["overdue"]), (Some("Wednesday 4 November 2026"), &json!(false)));
    let carer = sign_in_again(&s, "Cara").await;
    let [sharing, home, delete] = carers_pages(&s, &carer).await;
    let ended = "We had to keep your plan for a while, for a legal reason. That ended on Wednesday 21 October 2026, so we will delete everything we hold about you by Wednesday 4 November 2026.";
    for (page, text) in [("Sharing", &sharing), ("home", &home), ("Deleting your plan", &delete)] {
        assert_eq!(text.matches(ended).count(), 1, "{page}: {text}");
        assert_eq!(text.matches(asked).count(), 1, "{page}: {text}");
        assert!(!text.contains("being kept for now"), "{page}: {text}");
    }
    assert!(home.contains("Your request to delete your plan") && home.contains("See what happens next"), "{home}");

    // Held again: the release is no longer news.
    let version = released["version"].clone();
    manager
        .json(
            &s,
            "manager/deletions/hold",
            json!({"carer_id": carer_id, "version": version, "ground": "complaint",
            "note": "The complaint was reopened by the regulator", "review_on": "2026-12-01"}),
        )
        .await;
    let [sharing, home, _] = carers_pages(&s, &carer).await;
    assert!(!home.contains("That ended on") && !sharing.contains("That ended on"), "{home}");
    assert!(sharing.contains("Your plan is being kept for now."), "{sharing}");
}
