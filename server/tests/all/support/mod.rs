//! Test harness: a fresh database per test on either engine, and the real
//! server spawned on port 0 against it.

pub mod people;
pub mod records;

use app::domain::agreement::{AgreedPlan, Agreement, Comment};
use app::domain::calendar::Day;
use app::domain::plan::{PlanRecord, RecordKey, SaveOutcome};
use app::domain::referral::Referral;
use app::domain::sharing::{AccessRecord, ConsentRecord, HandOff, Older, Share};
use app::ports::{
    AccessStore, AccountStore, AgreementStore, AllocationStore, AttemptStore, Clock, DeletionStore, FailedAttempts, FiguresStore,
    HealthStore, PickUp, PlanStore, Queue, ReferralStore, SessionRecord, SessionStore, SessionWindow, SharingStore, Signing, Store,
    StoreError, Timestamp, UserRecord, Viewer,
};
use app::services::{AppState, Settings};
use reqwest::{Client, StatusCode, header};
use serde_json::Value;
use std::collections::BTreeMap;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::AtomicUsize;
use std::sync::atomic::{AtomicI64, Ordering};
use uuid::Uuid;

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
    let res = client.post(s.url(&format!("/api/{function}"))).json(&body).send().await.unwrap();
    let status = res.status();
    let text = res.text().await.unwrap();
    (status, serde_json::from_str(&text).unwrap_or(Value::String(text)))
}

/// Registers a carer called `name` (email `name@example.org`) in a browser of their own.
pub async fn carer(s: &TestServer, name: &str) -> Client {
    let client = s.browser();
    let email = format!("{}@example.org", name.to_lowercase());
    let (status, body) =
        call(&client, s, "register", serde_json::json!({"form": {"name": name, "email": email, "password": PASSWORD}})).await;
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
    let res = Client::new().post(s.url("/api/whoami")).header(header::COOKIE, cookie).json(&serde_json::json!({})).send().await.unwrap();
    res.json().await.unwrap()
}

/// Autosaves answers to one record of the carer's plan, as the island does.
pub async fn save(client: &Client, s: &TestServer, key: &str, version: i64, changes: Value) -> (StatusCode, Value) {
    call(client, s, "plan/answers", serde_json::json!({"key": key, "base_version": version, "changes": changes})).await
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

/// A store that counts session look-ups and passes everything on, so a
/// test can see how often one request touches the session.
pub struct CountingStore {
    pub inner: Arc<dyn Store>,
    pub touches: AtomicUsize,
}

impl CountingStore {
    pub fn touches(&self) -> usize {
        self.touches.load(Ordering::SeqCst)
    }
}

#[async_trait::async_trait]
impl HealthStore for CountingStore {
    async fn ping(&self) -> Result<(), StoreError> {
        self.inner.ping().await
    }
}

#[async_trait::async_trait]
impl AccountStore for CountingStore {
    async fn insert_user(&self, user: &UserRecord) -> Result<(), StoreError> {
        self.inner.insert_user(user).await
    }
    async fn user_by_email(&self, email: &str) -> Result<Option<UserRecord>, StoreError> {
        self.inner.user_by_email(email).await
    }
    async fn user_by_id(&self, user_id: Uuid) -> Result<Option<UserRecord>, StoreError> {
        self.inner.user_by_id(user_id).await
    }
    async fn staff(&self) -> Result<Vec<UserRecord>, StoreError> {
        self.inner.staff().await
    }
    async fn count_managers(&self) -> Result<u64, StoreError> {
        self.inner.count_managers().await
    }
    async fn insert_user_with_invitation(&self, user: &UserRecord, token_hash: &str, expires_at: Timestamp) -> Result<(), StoreError> {
        self.inner.insert_user_with_invitation(user, token_hash, expires_at).await
    }
    async fn accept_invitation(&self, token_hash: &str, now: Timestamp, password_hash: &str) -> Result<Option<UserRecord>, StoreError> {
        self.inner.accept_invitation(token_hash, now, password_hash).await
    }
    async fn invitation_is_live(&self, token_hash: &str, now: Timestamp) -> Result<bool, StoreError> {
        self.inner.invitation_is_live(token_hash, now).await
    }
    async fn deactivate_staff(&self, user_id: Uuid, by: Uuid, now: Timestamp) -> Result<bool, StoreError> {
        self.inner.deactivate_staff(user_id, by, now).await
    }
}

#[async_trait::async_trait]
impl SessionStore for CountingStore {
    async fn insert_session(&self, session: &SessionRecord) -> Result<(), StoreError> {
        self.inner.insert_session(session).await
    }
    async fn touch_session(
        &self,
        token_hash: &str,
        now: Timestamp,
        window: SessionWindow,
    ) -> Result<Option<(SessionRecord, UserRecord)>, StoreError> {
        self.touches.fetch_add(1, Ordering::SeqCst);
        self.inner.touch_session(token_hash, now, window).await
    }
    async fn delete_session(&self, token_hash: &str) -> Result<(), StoreError> {
        self.inner.delete_session(token_hash).await
    }
    async fn remove_ended_sessions(&self, window: SessionWindow) -> Result<u64, StoreError> {
        self.inner.remove_ended_sessions(window).await
    }
    async fn take_erased_session(&self, token_hash: &str) -> Result<bool, StoreError> {
        self.inner.take_erased_session(token_hash).await
    }
    async fn forget_erased_sessions(&self, before: Timestamp) -> Result<u64, StoreError> {
        self.inner.forget_erased_sessions(before).await
    }
}

#[async_trait::async_trait]
impl AttemptStore for CountingStore {
    async fn begin_attempt(
        &self,
        account_key: &str,
        client_key: &str,
        at: Timestamp,
        since: Timestamp,
    ) -> Result<(i64, FailedAttempts), StoreError> {
        self.inner.begin_attempt(account_key, client_key, at, since).await
    }
    async fn count_attempts(&self, account_key: &str, client_key: &str, since: Timestamp) -> Result<FailedAttempts, StoreError> {
        self.inner.count_attempts(account_key, client_key, since).await
    }
    async fn forget_attempt(&self, attempt_id: i64) -> Result<(), StoreError> {
        self.inner.forget_attempt(attempt_id).await
    }
    async fn clear_failed_sign_ins(&self, account_key: &str) -> Result<(), StoreError> {
        self.inner.clear_failed_sign_ins(account_key).await
    }
    async fn forget_attempts_before(&self, before: Timestamp) -> Result<u64, StoreError> {
        self.inner.forget_attempts_before(before).await
    }
}

#[async_trait::async_trait]
impl PlanStore for CountingStore {
    async fn plan_records(&self, carer_id: Uuid) -> Result<Vec<PlanRecord>, StoreError> {
        self.inner.plan_records(carer_id).await
    }
    async fn save_plan_fields(
        &self,
        carer_id: Uuid,
        key: &RecordKey,
        base_version: i64,
        changes: &BTreeMap<String, String>,
        now: Timestamp,
    ) -> Result<SaveOutcome, StoreError> {
        self.inner.save_plan_fields(carer_id, key, base_version, changes, now).await
    }
    async fn count_plan_records(&self, carer_id: Uuid, prefix: &str, except: &RecordKey) -> Result<u64, StoreError> {
        self.inner.count_plan_records(carer_id, prefix, except).await
    }
    async fn delete_plan_record(&self, carer_id: Uuid, key: &RecordKey, base_version: i64) -> Result<bool, StoreError> {
        self.inner.delete_plan_record(carer_id, key, base_version).await
    }
}

#[async_trait::async_trait]
impl SharingStore for CountingStore {
    async fn hand_off(&self, consent: &ConsentRecord, handoff: &HandOff) -> Result<bool, StoreError> {
        self.inner.hand_off(consent, handoff).await
    }
    async fn change_share(
        &self,
        carer_id: Uuid,
        consent: &ConsentRecord,
        top_impact: Option<app::domain::plan::ImpactLevel>,
    ) -> Result<bool, StoreError> {
        self.inner.change_share(carer_id, consent, top_impact).await
    }
    async fn withdraw_share(&self, carer_id: Uuid, consent: &ConsentRecord) -> Result<bool, StoreError> {
        self.inner.withdraw_share(carer_id, consent).await
    }
    async fn give_share(&self, carer_id: Uuid, consent: &ConsentRecord) -> Result<bool, StoreError> {
        self.inner.give_share(carer_id, consent).await
    }
    async fn consent_records(&self, carer_id: Uuid) -> Result<Vec<ConsentRecord>, StoreError> {
        self.inner.consent_records(carer_id).await
    }
    async fn shares(&self, carer_id: Uuid, limit: u32) -> Result<Vec<Share>, StoreError> {
        self.inner.shares(carer_id, limit).await
    }
    async fn consent_history(&self, carer_id: Uuid, before: Option<&Older>, limit: u32) -> Result<Vec<ConsentRecord>, StoreError> {
        self.inner.consent_history(carer_id, before, limit).await
    }
    async fn consent_record(&self, carer_id: Uuid, record_id: Uuid) -> Result<Option<ConsentRecord>, StoreError> {
        self.inner.consent_record(carer_id, record_id).await
    }
    async fn consent_changes_since(&self, carer_id: Uuid, since: Timestamp) -> Result<(u32, Option<Timestamp>), StoreError> {
        self.inner.consent_changes_since(carer_id, since).await
    }
    async fn hand_off_of(&self, carer_id: Uuid) -> Result<Option<HandOff>, StoreError> {
        self.inner.hand_off_of(carer_id).await
    }
}

#[async_trait::async_trait]
impl AllocationStore for CountingStore {
    async fn ever_held(&self, carer_id: Uuid, worker_id: Uuid) -> Result<bool, StoreError> {
        self.inner.ever_held(carer_id, worker_id).await
    }
    async fn queue(&self, limit: u32) -> Result<Queue, StoreError> {
        self.inner.queue(limit).await
    }
    async fn caseload(&self, worker_id: Uuid) -> Result<Vec<HandOff>, StoreError> {
        self.inner.caseload(worker_id).await
    }
    async fn allocations(&self) -> Result<Vec<HandOff>, StoreError> {
        self.inner.allocations().await
    }
    async fn pick_up(&self, carer_id: Uuid, worker_id: Uuid, now: Timestamp) -> Result<PickUp, StoreError> {
        self.inner.pick_up(carer_id, worker_id, now).await
    }
    async fn reallocate(&self, carer_id: Uuid, worker_id: Uuid, by: Uuid, now: Timestamp) -> Result<bool, StoreError> {
        self.inner.reallocate(carer_id, worker_id, by, now).await
    }
}

#[async_trait::async_trait]
impl AccessStore for CountingStore {
    async fn open_shared(
        &self,
        carer_id: Uuid,
        viewer: &Viewer,
        what: &app::domain::sharing::Looked,
        now: Timestamp,
        allowed: &(dyn for<'h> Fn(&'h HandOff) -> bool + Send + Sync),
    ) -> Result<Option<(HandOff, Vec<PlanRecord>)>, StoreError> {
        self.inner.open_shared(carer_id, viewer, what, now, allowed).await
    }
    async fn access_log(&self, carer_id: Uuid) -> Result<Vec<AccessRecord>, StoreError> {
        self.inner.access_log(carer_id).await
    }
    async fn access_history(&self, carer_id: Uuid, before: Option<&Older>, limit: u32) -> Result<Vec<AccessRecord>, StoreError> {
        self.inner.access_history(carer_id, before, limit).await
    }
}

#[async_trait::async_trait]
impl AgreementStore for CountingStore {
    async fn agreement_of(&self, carer_id: Uuid) -> Result<Option<Agreement>, StoreError> {
        self.inner.agreement_of(carer_id).await
    }
    async fn comments(&self, carer_id: Uuid) -> Result<Vec<Comment>, StoreError> {
        self.inner.comments(carer_id).await
    }
    async fn send_for_signing(
        &self,
        carer_id: Uuid,
        version: i64,
        review_on: Day,
        answer: Option<&Comment>,
        now: Timestamp,
    ) -> Result<bool, StoreError> {
        self.inner.send_for_signing(carer_id, version, review_on, answer, now).await
    }
    async fn comment_on_plan(&self, carer_id: Uuid, version: i64, comment: &Comment) -> Result<bool, StoreError> {
        self.inner.comment_on_plan(carer_id, version, comment).await
    }
    async fn sign_plan(&self, carer_id: Uuid, version: i64, fingerprint: &str, id: Uuid, now: Timestamp) -> Result<Signing, StoreError> {
        self.inner.sign_plan(carer_id, version, fingerprint, id, now).await
    }
    async fn agreed_plans(&self, carer_id: Uuid) -> Result<Vec<AgreedPlan>, StoreError> {
        self.inner.agreed_plans(carer_id).await
    }
    async fn ask_for_review(&self, carer_id: Uuid, day: Day) -> Result<bool, StoreError> {
        self.inner.ask_for_review(carer_id, day).await
    }
    async fn reviews_to_remind(&self, by: Day, limit: u32) -> Result<Vec<Uuid>, StoreError> {
        self.inner.reviews_to_remind(by, limit).await
    }
    async fn mark_reminded(&self, carer_id: Uuid, now: Timestamp) -> Result<bool, StoreError> {
        self.inner.mark_reminded(carer_id, now).await
    }
    async fn agreements_of_worker(&self, worker_id: Uuid) -> Result<Vec<Agreement>, StoreError> {
        self.inner.agreements_of_worker(worker_id).await
    }
}

#[async_trait::async_trait]
impl ReferralStore for CountingStore {
    async fn refer(&self, referral: &Referral, share_sequence: i64, package: &[PlanRecord], viewer: &Viewer) -> Result<bool, StoreError> {
        self.inner.refer(referral, share_sequence, package, viewer).await
    }
    async fn referrals(&self, carer_id: Uuid) -> Result<Vec<Referral>, StoreError> {
        self.inner.referrals(carer_id).await
    }
    async fn open_referral(
        &self,
        referral_id: Uuid,
        viewer: &Viewer,
        now: Timestamp,
    ) -> Result<Option<(Referral, Vec<PlanRecord>)>, StoreError> {
        self.inner.open_referral(referral_id, viewer, now).await
    }
    async fn referral(&self, referral_id: Uuid) -> Result<Option<Referral>, StoreError> {
        self.inner.referral(referral_id).await
    }
    async fn legal_referrals(&self) -> Result<Vec<(Referral, String)>, StoreError> {
        self.inner.legal_referrals().await
    }
}

#[async_trait::async_trait]
impl FiguresStore for CountingStore {
    async fn plan_days(&self) -> Result<Vec<app::domain::figures::PlanDays>, StoreError> {
        self.inner.plan_days().await
    }
}

#[async_trait::async_trait]
impl DeletionStore for CountingStore {
    async fn deletion_request(&self, carer_id: Uuid) -> Result<Option<app::domain::deletion::DeletionRequest>, StoreError> {
        self.inner.deletion_request(carer_id).await
    }
    async fn deletion_requests(&self) -> Result<Vec<(app::domain::deletion::DeletionRequest, String)>, StoreError> {
        self.inner.deletion_requests().await
    }
    async fn request_deletion(
        &self,
        request: &app::domain::deletion::DeletionRequest,
        withdrawals: &[app::domain::sharing::ConsentRecord],
    ) -> Result<bool, StoreError> {
        self.inner.request_deletion(request, withdrawals).await
    }
    async fn set_hold(&self, carer_id: Uuid, version: i64, hold: &app::domain::deletion::Hold) -> Result<bool, StoreError> {
        self.inner.set_hold(carer_id, version, hold).await
    }
    async fn release_hold(&self, carer_id: Uuid, version: i64, released_at: Timestamp, due_on: Day) -> Result<bool, StoreError> {
        self.inner.release_hold(carer_id, version, released_at, due_on).await
    }
    async fn delete_unshared_plan(&self, carer_id: Uuid) -> Result<bool, StoreError> {
        self.inner.delete_unshared_plan(carer_id).await
    }
    async fn begin_erasure(&self, carer_id: Uuid, version: Option<i64>, now: Timestamp) -> Result<bool, StoreError> {
        self.inner.begin_erasure(carer_id, version, now).await
    }
    async fn finish_erasure(&self, carer_id: Uuid, account_key: &str) -> Result<bool, StoreError> {
        self.inner.finish_erasure(carer_id, account_key).await
    }
    async fn erasures_pending(&self) -> Result<Vec<Uuid>, StoreError> {
        self.inner.erasures_pending().await
    }
}
