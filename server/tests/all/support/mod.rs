//! Test harness: a fresh database per test on either engine, and the real
//! server spawned on port 0 against it.

pub mod people;
pub mod records;

use app::api::accounts::{Register, Whoami};
use app::api::plan::SaveAnswers;
use app::ports::{Clock, Store, Timestamp};
use app::services::{AppState, Settings};
use leptos::server_fn::ServerFn;
use reqwest::{Client, StatusCode, header};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};

/// The PostgreSQL server tests use; each test makes and drops its own database.
pub fn postgres_admin_url() -> String {
    std::env::var("CARERSPACE_TEST_POSTGRES").unwrap_or_else(|_| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
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
        sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}"))).execute(&mut conn).await.expect("create test database");
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
            drop_postgres_database(admin, name);
        }
    }
}

/// Drops a test's PostgreSQL database. Drop runs outside async, so the
/// cleanup gets its own runtime.
fn drop_postgres_database(admin: String, name: String) {
    let _ = std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime");
        rt.block_on(async move {
            use sqlx::Connection;
            if let Ok(mut conn) = sqlx::PgConnection::connect(&admin).await {
                let _ = sqlx::query(sqlx::AssertSqlSafe(format!("drop database if exists {name} with (force)"))).execute(&mut conn).await;
            }
        });
    })
    .join();
}

/// A fresh database nobody has migrated yet, for a test of a migration
/// itself; removed when dropped.
pub struct BlankDb {
    pub url: String,
    cleanup: Option<Cleanup>,
    _dir: Option<TempDir>,
}

impl BlankDb {
    /// An empty database on `engine`, or `None` (loudly) when PostgreSQL is
    /// not running outside CI.
    pub async fn on(engine: Engine) -> Option<BlankDb> {
        match engine {
            Engine::Sqlite => {
                let dir = TempDir::new();
                let url = format!("sqlite://{}/test.db?mode=rwc", dir.0.display());
                Some(BlankDb { url, cleanup: None, _dir: Some(dir) })
            }
            Engine::Postgres => {
                use sqlx::Connection;
                let admin = postgres_admin_url();
                let mut conn = match sqlx::PgConnection::connect(&admin).await {
                    Ok(conn) => conn,
                    Err(error) => {
                        if std::env::var_os("CI").is_some() {
                            panic!("PostgreSQL is required in CI but could not be reached at {admin}: {error}");
                        }
                        eprintln!("SKIPPED on PostgreSQL: cannot reach {admin} ({error})");
                        return None;
                    }
                };
                let name = format!("carerspace_test_{}", uuid::Uuid::new_v4().simple());
                sqlx::query(sqlx::AssertSqlSafe(format!("create database {name}"))).execute(&mut conn).await.expect("create test database");
                let _ = conn.close().await;
                let (base, _) = admin.rsplit_once('/').expect("CARERSPACE_TEST_POSTGRES must end with /database");
                Some(BlankDb { url: format!("{base}/{name}"), cleanup: Some(Cleanup::DropPostgres { admin, name }), _dir: None })
            }
        }
    }
}

impl Drop for BlankDb {
    fn drop(&mut self) {
        if let Some(Cleanup::DropPostgres { admin, name }) = self.cleanup.take() {
            drop_postgres_database(admin, name);
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
        holidays: Arc::new(app::domain::calendar::Holidays::scotland()),
        mailer: None,
        metrics: Arc::default(),
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

    /// A server whose state `configure` changes first (settings, a wrapped store…).
    pub async fn start_with(engine: Engine, configure: impl FnOnce(&mut AppState)) -> Option<TestServer> {
        TestServer::launch(engine, configure, None).await
    }

    /// A server that serves the built files in `site_root` (its `pkg` folder).
    pub async fn start_serving(engine: Engine, site_root: &std::path::Path) -> Option<TestServer> {
        TestServer::launch(engine, |_| {}, Some(site_root.to_str().expect("a UTF-8 path").into())).await
    }

    async fn launch(engine: Engine, configure: impl FnOnce(&mut AppState), site_root: Option<std::sync::Arc<str>>) -> Option<TestServer> {
        let db = TestDb::on(engine).await?;
        let clock = clock();
        let mut state = state(&db, clock.clone());
        configure(&mut state);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let addr = listener.local_addr().expect("addr");
        let mut config = server::config::Config::for_tests(&db.url);
        config.leptos.site_addr = addr;
        if let Some(root) = site_root {
            config.leptos.site_root = root;
        }
        let served = state.clone();
        let handle = tokio::spawn(async move {
            let _ = server::serve(listener, config, served).await;
        });
        Some(TestServer { base: format!("http://{addr}"), db, state, clock, handle })
    }

    /// A client that keeps cookies, like one browser.
    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().expect("client")
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
    post_json(client, s, &format!("/api/{function}"), &body).await
}

/// Posts `body` as JSON; the answer as JSON (or as a string when it is not JSON).
async fn post_json(client: &Client, s: &TestServer, path: &str, body: &impl Serialize) -> (StatusCode, Value) {
    let res = client.post(s.url(path)).json(body).send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// Calls a server function as the browser does, through the type
/// `#[server]` generated for it: its path and its arguments come from the
/// function itself, so renaming either breaks the test at compile time.
pub async fn call_fn<F: ServerFn + Serialize>(client: &Client, s: &TestServer, args: F) -> (StatusCode, Value) {
    post_json(client, s, F::PATH, &args).await
}

/// Answers as a form or an autosave sends them: field name to value.
pub fn fields<const N: usize>(pairs: [(&str, &str); N]) -> BTreeMap<String, String> {
    pairs.into_iter().map(|(name, value)| (name.to_owned(), value.to_owned())).collect()
}

/// The registration form for `name`, with the email `name@example.org`.
pub fn registration(name: &str) -> app::domain::account::RegistrationForm {
    app::domain::account::RegistrationForm {
        name: name.to_owned(),
        email: format!("{}@example.org", name.to_lowercase()),
        password: PASSWORD.to_owned(),
    }
}

/// Registers a carer called `name` (email `name@example.org`) in a browser of their own.
pub async fn carer(s: &TestServer, name: &str) -> Client {
    let client = s.browser();
    let (status, body) = call_fn(&client, s, Register { form: registration(name) }).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    client
}

/// Registers or signs in through `function`, and returns the session cookie
/// the server set, as `name=value`.
pub async fn session_cookie(browser: &Client, s: &TestServer, function: &str, form: Value) -> String {
    let res = browser.post(s.url(&format!("/api/{function}"))).json(&serde_json::json!({"form": form})).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let cookie = res.headers().get(header::SET_COOKIE).unwrap().to_str().unwrap();
    cookie.split(';').next().unwrap().to_owned()
}

/// Asks who is signed in, presenting only `cookie` (as a replayed copy would).
pub async fn whoami_with(s: &TestServer, cookie: &str) -> Value {
    let res = Client::new().post(s.url(<Whoami as ServerFn>::PATH)).header(header::COOKIE, cookie).json(&Whoami {}).send().await.unwrap();
    res.json().await.unwrap()
}

/// Autosaves answers to one record of the carer's plan, as the island does.
pub async fn save(client: &Client, s: &TestServer, key: &str, version: i64, changes: Value) -> (StatusCode, Value) {
    let changes = serde_json::from_value(changes).expect("answers are text");
    call_fn(client, s, SaveAnswers { key: key.to_owned(), base_version: version, changes, base: None }).await
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
/// multi-threaded runtime like the real server's.
#[macro_export]
macro_rules! on_both_engines {
    ($runner:ident => $($name:ident),* $(,)?) => {
        $crate::on_both_engines!(sqlite, postgres; $runner => $($name),*);
    };
    ($sqlite:ident, $postgres:ident; $runner:ident => $($name:ident),* $(,)?) => {
        mod $sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::support::within_time_limit(super::$runner(super::support::Engine::Sqlite, super::$name)).await;
                }
            )*
        }
        mod $postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $name() {
                    super::support::within_time_limit(super::$runner(super::support::Engine::Postgres, super::$name)).await;
                }
            )*
        }
    };
}

/// Runs a storage story against a fresh database on `engine` (skipped,
/// loudly, when PostgreSQL is missing outside CI).
pub async fn run_story<F, Fut>(engine: Engine, story: F)
where
    F: FnOnce(Arc<dyn Store>) -> Fut,
    Fut: Future<Output = ()>,
{
    let Some(db) = TestDb::on(engine).await else { return };
    story(db.store.clone()).await;
}

/// Runs a test that starts what it needs itself (its own server settings,
/// a server process) on the named engine.
pub async fn on_engine<F, Fut>(engine: Engine, test: F)
where
    F: FnOnce(Engine) -> Fut,
    Fut: Future<Output = ()>,
{
    test(engine).await;
}
