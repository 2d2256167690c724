//! The managers' anonymous figures through the real server, on both
//! engines: counts by month with small numbers hidden, the same as a CSV
//! file, and nobody but managers may read them.

use crate::support;

use reqwest::{Client, StatusCode, header};
use serde_json::json;
use support::TestServer;
use support::people::*;
use support::with_server as run;

on_both_engines!(run =>
    managers_see_anonymous_figures_with_small_numbers_hidden,
);

async fn csv(s: &TestServer, who: &Actor) -> (StatusCode, Option<String>, String) {
    let mut request = Client::new().get(s.url("/manager/figures.csv"));
    if let Some(cookie) = &who.cookie {
        request = request.header(header::COOKIE, cookie);
    }
    let res = request.send().await.expect("download");
    let kind = res.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).map(str::to_owned);
    (res.status(), kind, res.text().await.expect("body"))
}

async fn managers_see_anonymous_figures_with_small_numbers_hidden(s: TestServer) {
    let (manager, _) = manager(&s).await;
    let (worker, _) = worker(&s, &manager, "Wendy Worker").await;
    let mut carers = Vec::new();
    for name in ["Ailsa", "Bryony", "Catriona", "Deirdre", "Eilidh", "Fenella"] {
        let (carer, id) = register(&s, name).await;
        write_and_hand_off(&s, &carer, "no").await;
        carers.push(id);
    }
    for id in &carers[..2] {
        worker.answer(&s, app::api::worker::PickUp { carer_id: *id }).await;
    }

    let figures = manager.answer(&s, app::api::figures::MonthlyFigures {}).await;
    let months = figures.as_array().expect("months");
    assert_eq!(months.len(), 12, "a year, oldest first: {figures}");
    let now = &months[11];
    assert_eq!(now["started"], json!({"Exact": 6}), "{now}");
    assert_eq!(now["handed_off"], json!({"Exact": 6}), "{now}");
    assert_eq!(now["picked_up"], json!("FewerThanFive"), "two is hidden: {now}");
    assert_eq!(now["agreed"], json!({"Exact": 0}), "{now}");
    assert!(now["median_working_days_to_agreed"].is_null());
    assert_eq!(months[0]["handed_off"], json!({"Exact": 0}), "empty months are listed");

    let (status, kind, file) = csv(&s, &manager).await;
    assert_eq!(status, StatusCode::OK);
    assert!(kind.is_some_and(|k| k.starts_with("text/csv")));
    assert!(file.starts_with("month,plans started,handed off,picked up,agreed"), "{file}");
    assert!(file.contains(",6,6,fewer than 5,0,"), "{file}");
    for name in ["Ailsa", "Fenella", "Wendy", CANARY] {
        assert!(!file.contains(name), "the file names {name}");
    }
    let (_, _, page) = manager.page(&s, "/manager/figures").await;
    assert!(page.contains("Figures by month, oldest first") && page.contains("fewer than 5"), "{page}");
    assert!(!page.contains("Ailsa"), "no names on the page");

    for (who, caller, status) in [("a worker", &worker, 403), ("a visitor", &Actor { cookie: None }, 401)] {
        let (got, _, body) = csv(&s, caller).await;
        assert_eq!(got.as_u16(), status, "{who}");
        assert!(!body.contains("plans started"), "{who} got the figures");
        let (got, _) = caller.send(&s, app::api::figures::MonthlyFigures {}).await;
        assert_eq!(got.as_u16(), status, "{who}");
    }
}
