//! Benchmark: the autosave round trip on loopback. Starts the real server on
//! a fresh SQLite file (or `DATABASE_URL`), registers a carer, then sends
//! 1,000 saves one after another, as the autosave island does, and prints
//! the median and 99th percentile.
//!
//!     cargo run --release --example autosave_roundtrip

use serde_json::json;
use std::time::Instant;

#[tokio::main]
async fn main() {
    let dir = std::env::temp_dir().join(format!("carerspace-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let url = std::env::var("DATABASE_URL").unwrap_or_else(|_| format!("sqlite://{}/bench.db?mode=rwc", dir.display()));
    let mut config = server::config::Config::for_tests(&url);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    config.leptos.site_addr = listener.local_addr().expect("addr");
    let base = format!("http://{}", config.leptos.site_addr);
    let state = server::state(&config).await.expect("state");
    tokio::spawn(server::serve(listener, config, state));

    let client = reqwest::Client::builder().cookie_store(true).build().expect("client");
    let registered = client
        .post(format!("{base}/api/register"))
        .json(&json!({"form": {"name": "Bench", "email": "bench@example.org", "password": "correct horse battery"}}))
        .send()
        .await
        .expect("register");
    assert!(registered.status().is_success());

    let text = "Some days are harder than others. ".repeat(30);
    let mut version = 0_i64;
    let mut times = Vec::with_capacity(1_000);
    for i in 0..1_000 {
        let started = Instant::now();
        let answer: serde_json::Value = client
            .post(format!("{base}/api/plan/answers"))
            .json(&json!({"key": "area:health", "base_version": version, "changes": {"now": format!("{text}{i}")}}))
            .send()
            .await
            .expect("save")
            .json()
            .await
            .expect("answer");
        times.push(started.elapsed());
        version = answer["Saved"]["version"].as_i64().expect("saved");
    }
    times.sort();
    let ms = |d: std::time::Duration| d.as_secs_f64() * 1_000.0;
    println!(
        "autosave round trip, 1000 saves of {} characters on loopback ({}): median {:.2} ms, p99 {:.2} ms, max {:.2} ms",
        text.len() + 3,
        if url.starts_with("sqlite") { "SQLite" } else { "PostgreSQL" },
        ms(times[499]),
        ms(times[989]),
        ms(times[999])
    );
    let _ = std::fs::remove_dir_all(&dir);
}
