//! Benchmark: the worker's queue page with 10,000 handed-off plans waiting,
//! against the carer's home page in the same run, on SQLite and (when it
//! answers) PostgreSQL. Prints median and 99th percentile of 300 loopback
//! requests each, and the ratio of the queue's median to the home page's.
//!
//!     cargo run --release --example queue_page
//!
//! `QUEUE_PLANS` changes how many plans are seeded; `CARERSPACE_TEST_POSTGRES`
//! names the PostgreSQL server (a database is made and dropped for the run).

use app::domain::account::Role;
use app::domain::calendar::Day;
use app::domain::sharing::{ConsentChange, ConsentRecord, Contact, HandOff, HandOffStatus, Recipient};
use app::ports::UserRecord;
use serde_json::json;
use std::time::{Duration, Instant};

const PASSWORD: &str = "correct horse battery";
const REQUESTS: usize = 300;

#[tokio::main]
async fn main() {
    let plans: usize = std::env::var("QUEUE_PLANS").ok().and_then(|n| n.parse().ok()).unwrap_or(10_000);
    let dir = std::env::temp_dir().join(format!("carerspace-queue-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let sqlite = format!("sqlite://{}/bench.db?mode=rwc", dir.display());
    run("SQLite", &sqlite, plans).await;

    let admin = std::env::var("CARERSPACE_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned());
    let name = format!("carerspace_queue_bench_{}", std::process::id());
    match sqlx::PgPool::connect(&admin).await {
        Ok(pool) => {
            sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}"))).execute(&pool).await.expect("create database");
            let url = format!("{}/{name}", admin.rsplit_once('/').map_or(admin.as_str(), |(base, _)| base));
            run("PostgreSQL", &url, plans).await;
            sqlx::query(sqlx::AssertSqlSafe(format!("drop database {name} with (force)"))).execute(&pool).await.expect("drop database");
        }
        Err(_) => println!("PostgreSQL does not answer at {admin}: measured on SQLite only"),
    }
    let _ = std::fs::remove_dir_all(&dir);
}

async fn run(engine: &str, url: &str, plans: usize) {
    let mut config = server::config::Config::for_tests(url);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    config.leptos.site_addr = listener.local_addr().expect("addr");
    let base = format!("http://{}", config.leptos.site_addr);
    let state = server::state(&config).await.expect("state");
    let started = Instant::now();
    seed(&state, plans).await;
    let seeding = started.elapsed();
    // A running deployment's statistics are kept fresh by the engine
    // (autovacuum, or the optimizer's own sampling); a database filled a
    // moment ago has none, and PostgreSQL then plans the queue as if it
    // were empty. Measure the steady state.
    analyze(url).await;
    let manager_link = app::services::accounts::create_first_manager(&state, "Bench Manager", "manager@bench.example")
        .await
        .expect("manager")
        .link;
    tokio::spawn(server::serve(listener, config, state));

    let manager = signed_in(&base, "set-password", json!({"form": {"token": token(&manager_link), "password": PASSWORD}})).await;
    let made: serde_json::Value = manager
        .post(format!("{base}/api/staff/create"))
        .json(&json!({"form": {"name": "Bench Worker", "email": "worker@bench.example", "role": "worker"}}))
        .send()
        .await
        .expect("create worker")
        .json()
        .await
        .expect("worker");
    let worker = signed_in(&base, "set-password", json!({"form": {"token": token(made["link"].as_str().expect("link")), "password": PASSWORD}})).await;
    let carer = signed_in(&base, "register", json!({"form": {"name": "Home", "email": "home@bench.example", "password": PASSWORD}})).await;

    // Interleaved, so both pages see the same machine.
    let (mut queue, mut home) = (Vec::with_capacity(REQUESTS), Vec::with_capacity(REQUESTS));
    for _ in 0..REQUESTS {
        queue.push(time_page(&worker, &format!("{base}/worker"), "Plans waiting for a worker").await);
        home.push(time_page(&carer, &format!("{base}/"), "Hello, Home").await);
    }
    let (q, h) = (percentiles(&mut queue), percentiles(&mut home));
    println!(
        "{engine}: seeded {plans} handed-off plans in {:.1} s; queue page median {:.2} ms, p99 {:.2} ms (target p99 < 50 ms); \
         carer's home median {:.2} ms, p99 {:.2} ms; queue/home median ratio {:.2}",
        seeding.as_secs_f64(),
        q.0,
        q.1,
        h.0,
        h.1,
        q.0 / h.0
    );
}

async fn analyze(url: &str) {
    if url.starts_with("sqlite") {
        let pool = sqlx::SqlitePool::connect(url).await.expect("sqlite");
        sqlx::query("analyze").execute(&pool).await.expect("analyze");
    } else {
        let pool = sqlx::PgPool::connect(url).await.expect("postgres");
        sqlx::query("analyze").execute(&pool).await.expect("analyze");
    }
}

fn token(link: &str) -> String {
    link.split("token=").nth(1).expect("token").to_owned()
}

async fn signed_in(base: &str, function: &str, body: serde_json::Value) -> reqwest::Client {
    let client = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let res = client.post(format!("{base}/api/{function}")).json(&body).send().await.expect("sign in");
    assert!(res.status().is_success(), "{function}: {}", res.status());
    client
}

async fn time_page(client: &reqwest::Client, url: &str, expect: &str) -> Duration {
    let started = Instant::now();
    let res = client.get(url).header("accept", "text/html").send().await.expect("page");
    let ok = res.status().is_success();
    let html = res.text().await.expect("body");
    let took = started.elapsed();
    assert!(ok && html.contains(expect), "{url} did not show {expect:?}");
    took
}

fn percentiles(times: &mut [Duration]) -> (f64, f64) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1_000.0;
    (ms(times[times.len() / 2]), ms(times[(times.len() * 99 / 100).min(times.len() - 1)]))
}

/// Carers with handed-off plans: a fifth caring for someone terminally ill,
/// impact spread over the levels, hand-offs spread over a month.
async fn seed(state: &app::services::AppState, plans: usize) {
    let now = state.clock.now();
    let mut pending = Vec::new();
    for i in 0..plans {
        let store = state.store.clone();
        pending.push(async move {
            let carer = UserRecord {
                user_id: uuid::Uuid::new_v4(),
                email: format!("carer{i}@bench.example"),
                display_name: format!("Carer {i}"),
                password_hash: None,
                role: Role::Carer,
                created_at: now,
                deactivated_at: None,
            };
            store.insert_user(&carer).await.expect("carer");
            let share = uuid::Uuid::new_v4();
            let at = now - (i as i64 % 30) * 86_400 - i as i64;
            let consent = ConsentRecord {
                id: uuid::Uuid::new_v4(),
                share_id: share,
                sequence: 1,
                recipient: Recipient::Centre,
                change: ConsentChange::Given,
                sections: "about-me,area-health".to_owned(),
                purpose: Recipient::Centre.purpose().to_owned(),
                wording: "I agree".to_owned(),
                recorded_at: at,
            };
            let handoff = HandOff {
                carer_id: carer.user_id,
                carer_name: carer.display_name.clone(),
                share_id: share,
                status: HandOffStatus::Waiting,
                sections: consent.sections.clone(),
                handed_off_at: at,
                identified_on: Day::of_timestamp(at),
                terminal: if i % 5 == 0 { "yes" } else { "no" }.to_owned(),
                top_impact: (i % 6) as i64 - 1,
                contact: Contact { phone: "07700 900 982".into(), ..Contact::default() },
                worker: None,
                allocated_at: None,
                needs_reallocation: false,
                withdrawn_at: None,
            };
            assert!(store.hand_off(&consent, &handoff).await.expect("hand off"));
        });
        if pending.len() == 64 {
            futures_util::future::join_all(pending.drain(..)).await;
        }
    }
    futures_util::future::join_all(pending).await;
}
