//! Test harness: a fresh database per test on either engine, and the real
//! server spawned on port 0 against it.
#![allow(dead_code, reason = "each test binary uses a different part of the harness")]

use app::ports::{Clock, Store, Timestamp};
use reqwest::{Client, StatusCode, header};
use serde_json::Value;
use std::future::Future;
use app::services::{AppState, Settings};
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// The PostgreSQL server tests use; each test makes and drops its own database.
pub fn postgres_admin_url() -> String {
    std::env::var("CARERSPACE_TEST_POSTGRES")
        .unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A clock the test moves by hand.
#[derive(Debug, Default)]
pub struct TestClock(pub AtomicI64);

impl TestClock {
    pub fn advance(&self, secs: i64) {
        self.0.fetch_add(secs, Ordering::SeqCst);
    }
}

impl Clock for TestClock {
    fn now(&self) -> Timestamp {
        self.0.load(Ordering::SeqCst)
    }
}

/// A database that exists for one test.
pub struct TestDb {
    pub url: String,
    pub store: Arc<dyn Store>,
    cleanup: Option<Cleanup>,
    _dir: Option<TempDir>,
}

enum Cleanup {
    DropPostgres { admin: String, name: String },
}

/// A directory removed when dropped.
pub struct TempDir(pub std::path::PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

impl TempDir {
    pub fn new() -> TempDir {
        let dir = std::env::temp_dir().join(format!("carerspace-test-{}", uuid::Uuid::new_v4().simple()));
        std::fs::create_dir_all(&dir).expect("make temp dir");
        TempDir(dir)
    }
}

impl TestDb {
    /// A fresh SQLite file.
    pub async fn sqlite() -> TestDb {
        let dir = TempDir::new();
        let url = format!("sqlite://{}/test.db?mode=rwc", dir.0.display());
        let store = server::store::connect(&url).await.expect("open sqlite");
        TestDb { url, store, cleanup: None, _dir: Some(dir) }
    }

    /// A fresh PostgreSQL database, or `None` (loudly) when PostgreSQL is
    /// not running outside CI. In CI a missing PostgreSQL fails the test.
    pub async fn postgres() -> Option<TestDb> {
        use sqlx::Connection;
        let admin = postgres_admin_url();
        let mut conn = match sqlx::PgConnection::connect(&admin).await {
            Ok(conn) => conn,
            Err(error) => {
                if std::env::var_os("CI").is_some() {
                    panic!("PostgreSQL is required in CI but could not be reached at {admin}: {error}");
                }
                eprintln!("SKIPPED on PostgreSQL: cannot reach {admin} ({error}); set CARERSPACE_TEST_POSTGRES to test it");
                return None;
            }
        };
        let name = format!("carerspace_test_{}", uuid::Uuid::new_v4().simple());
        sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}")))
            .execute(&mut conn)
            .await
            .expect("create test database");
        let _ = conn.close().await;
        let url = match admin.rsplit_once('/') {
            Some((base, _)) => format!("{base}/{name}"),
            None => panic!("CARERSPACE_TEST_POSTGRES must end with /database"),
        };
        let store = server::store::connect(&url).await.expect("open postgres");
        Some(TestDb { url, store, cleanup: Some(Cleanup::DropPostgres { admin, name }), _dir: None })
    }

    /// A fresh database on the named engine.
    pub async fn on(engine: Engine) -> Option<TestDb> {
        match engine {
            Engine::Sqlite => Some(TestDb::sqlite().await),
            Engine::Postgres => TestDb::postgres().await,
        }
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some(Cleanup::DropPostgres { admin, name }) = self.cleanup.take() {
            // Drop runs outside async; give the cleanup its own runtime.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
                rt.block_on(async move {
                    use sqlx::Connection;
                    if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                        let _ = sqlx::query(sqlx::AssertSqlSafe(format!("drop database if exists {name} with (force)")))
                            .execute(&mut conn)
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

/// Which engine a test runs on.
#[derive(Debug, Clone, Copy)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// Shared state over a test database with a hand-moved clock.
pub fn state(db: &TestDb, clock: Arc<TestClock>) -> AppState {
    AppState {
        store: db.store.clone(),
        clock,
        settings: Settings::default(),
        framework: Arc::new(app::framework::Framework::shipped("scotland").expect("shipped framework")),
    }
}

/// A clock starting at a fixed, realistic time.
pub fn clock() -> Arc<TestClock> {
    Arc::new(TestClock(AtomicI64::new(1_790_000_000)))
}

/// The real server, listening on a free port.
pub struct TestServer {
    pub base: String,
    pub db: TestDb,
    pub state: AppState,
    pub clock: Arc<TestClock>,
    handle: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.handle.abort();
    }
}

impl TestServer {
    pub async fn start(engine: Engine) -> Option<TestServer> {
        TestServer::start_with(engine, |_| {}).await
    }

    /// A server whose settings `configure` changes first (HTTPS, proxies…).
    pub async fn start_with(engine: Engine, configure: impl FnOnce(&mut Settings)) -> Option<TestServer> {
        let db = TestDb::on(engine).await?;
        let clock = clock();
        let mut state = state(&db, clock.clone());
        configure(&mut state.settings);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut config = server::config::Config::for_tests(&db.url);
        config.leptos.site_addr = addr;
        let served = state.clone();
        let handle = tokio::spawn(async move {
            let _ = server::serve(listener, config, served).await;
        });
        Some(TestServer { base: format!("http://{addr}"), db, state, clock, handle })
    }

    /// A client that keeps cookies, like one browser.
    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("client")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// The password every test account uses.
pub const PASSWORD: &str = "correct horse battery";

/// Runs `test` against a fresh server on `engine` (skipped, loudly, when
/// PostgreSQL is missing outside CI).
pub async fn with_server<F, Fut>(engine: Engine, test: F)
where
    F: FnOnce(TestServer) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(server) = TestServer::start(engine).await else { return };
    test(server).await;
}

/// Calls a server function with a JSON body; the answer as JSON (or as a
/// string when it is not JSON).
pub async fn call(client: &Client, s: &TestServer, function: &str, body: Value) -> (StatusCode, Value) {
    let res = client.post(s.url(&format!("/api/{function}"))).json(&body).send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// Opens a page as a browser would.
pub async fn page(client: &Client, s: &TestServer, path: &str) -> (StatusCode, header::HeaderMap, String) {
    let res = client.get(s.url(path)).header(header::ACCEPT, "text/html").send().await.unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, res.text().await.unwrap())
}

/// Posts a page's form as a browser without JavaScript would.
pub async fn post_form(client: &Client, s: &TestServer, path: &str, fields: &[(&str, &str)]) -> (StatusCode, header::HeaderMap, String) {
    let res = client
        .post(s.url(path))
        .header(header::ACCEPT, "text/html")
        .header(header::ORIGIN, s.base.clone())
        .form(fields)
        .send()
        .await
        .unwrap();
    let (status, headers) = (res.status(), res.headers().clone());
    (status, headers, res.text().await.unwrap())
}

/// Where a response redirects to.
pub fn location(headers: &header::HeaderMap) -> Option<&str> {
    headers.get(header::LOCATION).and_then(|l| l.to_str().ok())
}

/// Fails a test that takes longer than two minutes instead of hanging the run.
pub async fn within_time_limit(test: impl Future<Output = ()>) {
    if tokio::time::timeout(std::time::Duration::from_secs(120), test).await.is_err() {
        panic!("the test took more than two minutes");
    }
}

/// Runs each named async test body on SQLite and on PostgreSQL, each on a
/// multi-threaded runtime like the real server's. (Rendering pages on many
/// single-threaded test runtimes at once was seen to stall now and then.)
#[macro_export]
macro_rules! on_both_engines {
    ($runner:ident => $($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::support::within_time_limit(super::$runner(super::support::Engine::Sqlite, super::$name)).await;
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::support::within_time_limit(super::$runner(super::support::Engine::Postgres, super::$name)).await;
                }
            )*
        }
    };
}
