//! The storage suite: written once against `Store`, run on SQLite and on
//! PostgreSQL. Each story gets a fresh database.

use crate::support;

use app::domain::account::Role;
use app::domain::plan::{RecordKey, SaveOutcome};
use app::ports::{SessionRecord, SessionStore, SessionWindow, Store, StoreError, UserRecord};
use std::collections::BTreeMap;
use std::sync::Arc;
use support::run_story;
use uuid::Uuid;

fn user(email: &str, role: Role) -> UserRecord {
    UserRecord {
        user_id: Uuid::new_v4(),
        email: email.to_owned(),
        display_name: format!("Name of {email}"),
        password_hash: Some("$argon2id$stand-in".to_owned()),
        role,
        created_at: 1_000,
        deactivated_at: None,
    }
}

fn session(token_hash: &str, user: &UserRecord, at: i64, shared_device: bool) -> SessionRecord {
    SessionRecord { token_hash: token_hash.to_owned(), user_id: user.user_id, created_at: at, last_seen_at: at, shared_device }
}

/// Sessions idle since `idle_since` have ended; none is too old; every touch writes.
fn idle(idle_since: i64) -> SessionWindow {
    SessionWindow { idle_since, started_since: 0, refresh_before: i64::MAX }
}

on_both_engines!(run_story =>
    a_new_account_can_be_found_by_email_and_by_id,
    an_email_address_can_hold_only_one_account,
    the_staff_list_has_workers_and_managers_but_never_carers,
    an_invitation_sets_the_password_once_only,
    an_expired_invitation_sets_nothing,
    a_session_finds_its_account_and_remembers_a_shared_device,
    an_idle_session_ends_and_is_deleted,
    a_session_ends_after_its_lifetime_however_busy,
    a_busy_session_is_written_at_most_once_a_minute,
    signing_out_deletes_the_session,
    attempts_are_counted_per_account_and_per_client_within_the_window,
    parallel_attempts_never_all_slip_under_the_limit,
    old_attempts_are_forgotten_and_success_clears_the_account,
    people_outcomes_and_actions_are_counted_per_carer,
    a_plan_record_is_created_then_merged_field_by_field,
    a_save_from_a_stale_version_is_refused_and_changes_nothing,
    two_first_saves_of_one_section_never_overwrite_each_other,
    many_saves_at_once_each_land_once_and_racing_saves_never_overwrite,
    each_carer_reads_only_their_own_plan,
    a_record_is_removed_only_from_the_version_the_carer_saw,
);

async fn a_new_account_can_be_found_by_email_and_by_id(store: Arc<dyn Store>) {
    let sam = user("sam@example.org", Role::Carer);
    store.insert_user(&sam).await.unwrap();
    assert_eq!(store.user_by_email("sam@example.org").await.unwrap(), Some(sam.clone()));
    assert_eq!(store.user_by_id(sam.user_id).await.unwrap(), Some(sam));
    assert_eq!(store.user_by_email("nobody@example.org").await.unwrap(), None);
    assert_eq!(store.user_by_id(Uuid::new_v4()).await.unwrap(), None);
}

async fn an_email_address_can_hold_only_one_account(store: Arc<dyn Store>) {
    store.insert_user(&user("sam@example.org", Role::Carer)).await.unwrap();
    let again = store.insert_user(&user("sam@example.org", Role::Carer)).await;
    assert!(matches!(again, Err(StoreError::Duplicate(_))), "{again:?}");
    let invited = store.insert_user_with_invitation(&user("sam@example.org", Role::Worker), "t", 9_999).await;
    assert!(matches!(invited, Err(StoreError::Duplicate(_))), "{invited:?}");
    assert!(!store.invitation_is_live("t", 0).await.unwrap(), "a refused account must leave no invitation behind");
}

async fn the_staff_list_has_workers_and_managers_but_never_carers(store: Arc<dyn Store>) {
    store.insert_user(&user("carer@example.org", Role::Carer)).await.unwrap();
    store.insert_user(&user("worker@centre.org", Role::Worker)).await.unwrap();
    store.insert_user(&user("manager@centre.org", Role::Manager)).await.unwrap();
    let staff: Vec<String> = store.staff().await.unwrap().into_iter().map(|u| u.email).collect();
    assert_eq!(staff.len(), 2);
    assert!(!staff.contains(&"carer@example.org".to_owned()));
    assert_eq!(store.count_managers().await.unwrap(), 1);
}

async fn an_invitation_sets_the_password_once_only(store: Arc<dyn Store>) {
    let mut worker = user("worker@centre.org", Role::Worker);
    worker.password_hash = None;
    store.insert_user_with_invitation(&worker, "token-hash", 2_000).await.unwrap();
    assert!(store.invitation_is_live("token-hash", 1_500).await.unwrap());
    let accepted = store.accept_invitation("token-hash", 1_500, "$argon2id$new").await.unwrap().unwrap();
    assert_eq!(accepted.user_id, worker.user_id);
    assert_eq!(accepted.password_hash.as_deref(), Some("$argon2id$new"));
    assert_eq!(store.accept_invitation("token-hash", 1_501, "$argon2id$other").await.unwrap(), None);
    assert!(!store.invitation_is_live("token-hash", 1_501).await.unwrap());
    let stored = store.user_by_id(worker.user_id).await.unwrap().unwrap();
    assert_eq!(stored.password_hash.as_deref(), Some("$argon2id$new"));
}

async fn an_expired_invitation_sets_nothing(store: Arc<dyn Store>) {
    let mut worker = user("worker@centre.org", Role::Worker);
    worker.password_hash = None;
    store.insert_user_with_invitation(&worker, "token-hash", 2_000).await.unwrap();
    assert!(!store.invitation_is_live("token-hash", 2_000).await.unwrap());
    assert_eq!(store.accept_invitation("token-hash", 2_000, "$argon2id$late").await.unwrap(), None);
    assert_eq!(store.user_by_id(worker.user_id).await.unwrap().unwrap().password_hash, None);
}

async fn a_session_finds_its_account_and_remembers_a_shared_device(store: Arc<dyn Store>) {
    let sam = user("sam@example.org", Role::Carer);
    store.insert_user(&sam).await.unwrap();
    store.insert_session(&session("s1", &sam, 1_000, true)).await.unwrap();
    let (found, account) = store.touch_session("s1", 1_100, idle(900)).await.unwrap().unwrap();
    assert_eq!(account, sam);
    assert!(found.shared_device);
    assert_eq!(found.last_seen_at, 1_100);
    assert_eq!(store.touch_session("unknown", 1_100, idle(900)).await.unwrap(), None);
}

async fn an_idle_session_ends_and_is_deleted(store: Arc<dyn Store>) {
    let sam = user("sam@example.org", Role::Carer);
    store.insert_user(&sam).await.unwrap();
    store.insert_session(&session("s1", &sam, 1_000, false)).await.unwrap();
    store.insert_session(&session("s2", &sam, 4_900, false)).await.unwrap();
    // Last used at 1 000: live for a cut-off of 900, and now used at 1 100.
    assert!(store.touch_session("s1", 1_100, idle(900)).await.unwrap().is_some());
    // Idle since 1 100: it has ended, and using it again does not revive it …
    assert_eq!(store.touch_session("s1", 5_000, idle(1_101)).await.unwrap(), None);
    let look = SessionWindow { idle_since: 0, started_since: 0, refresh_before: i64::MIN };
    assert_eq!(store.touch_session("s1", 5_000, look).await.unwrap().map(|(s, _)| s.last_seen_at), Some(1_100));
    // … and the clean-up deletes it (and only it), not merely hides it.
    assert_eq!(store.remove_ended_sessions(idle(1_101)).await.unwrap(), 1);
    assert_eq!(store.touch_session("s1", 5_000, idle(0)).await.unwrap(), None);
    assert!(store.touch_session("s2", 5_000, idle(1_101)).await.unwrap().is_some());
}

async fn a_session_ends_after_its_lifetime_however_busy(store: Arc<dyn Store>) {
    let sam = user("sam@example.org", Role::Carer);
    store.insert_user(&sam).await.unwrap();
    store.insert_session(&session("s1", &sam, 1_000, false)).await.unwrap();
    let window = |started_since| SessionWindow { idle_since: 0, started_since, refresh_before: i64::MAX };
    assert!(store.touch_session("s1", 2_000, window(1_000)).await.unwrap().is_some());
    assert_eq!(store.touch_session("s1", 2_001, window(1_001)).await.unwrap(), None);
    assert_eq!(store.remove_ended_sessions(window(1_001)).await.unwrap(), 1);
}

async fn a_busy_session_is_written_at_most_once_a_minute(store: Arc<dyn Store>) {
    let sam = user("sam@example.org", Role::Carer);
    store.insert_user(&sam).await.unwrap();
    store.insert_session(&session("s1", &sam, 1_000, false)).await.unwrap();
    let window = |now: i64| SessionWindow { idle_since: now - 1_800, started_since: 0, refresh_before: now - 60 };
    let seen = |found: Option<(SessionRecord, UserRecord)>| found.unwrap().0.last_seen_at;
    assert_eq!(seen(store.touch_session("s1", 1_030, window(1_030)).await.unwrap()), 1_000, "seen 30 s ago: no write");
    assert_eq!(seen(store.touch_session("s1", 1_061, window(1_061)).await.unwrap()), 1_061, "a minute on: marked");
}

async fn signing_out_deletes_the_session(store: Arc<dyn Store>) {
    let sam = user("sam@example.org", Role::Carer);
    store.insert_user(&sam).await.unwrap();
    store.insert_session(&session("s1", &sam, 1_000, false)).await.unwrap();
    store.insert_session(&session("s2", &sam, 1_000, false)).await.unwrap();
    store.delete_session("s1").await.unwrap();
    assert_eq!(store.touch_session("s1", 1_001, idle(0)).await.unwrap(), None);
    assert!(store.touch_session("s2", 1_001, idle(0)).await.unwrap().is_some(), "other devices stay signed in");
}

async fn attempts_are_counted_per_account_and_per_client_within_the_window(store: Arc<dyn Store>) {
    for at in [100, 200] {
        store.begin_attempt("acct-a", "client-1", at, 0).await.unwrap();
    }
    store.begin_attempt("acct-b", "client-1", 250, 0).await.unwrap();
    let (_, counts) = store.begin_attempt("acct-a", "client-1", 300, 150).await.unwrap();
    assert_eq!(counts.for_account, 2, "this attempt and the one at 200");
    assert_eq!(counts.account_oldest, Some(200));
    assert_eq!(counts.for_client, 3);
    assert_eq!(counts.client_oldest, Some(200));
    let (id, fresh) = store.begin_attempt("acct-c", "client-2", 400, 0).await.unwrap();
    assert_eq!((fresh.for_account, fresh.for_client, fresh.account_oldest), (1, 1, Some(400)));
    store.forget_attempt(id).await.unwrap();
    let (_, again) = store.begin_attempt("acct-c", "client-2", 500, 0).await.unwrap();
    assert_eq!(again.for_account, 1, "a forgotten attempt no longer counts");
}

async fn parallel_attempts_never_all_slip_under_the_limit(store: Arc<dyn Store>) {
    let attempts = (0..60).map(|_| {
        let store = store.clone();
        tokio::spawn(async move { store.begin_attempt("acct-a", "client-1", 1_000, 0).await.unwrap().1.for_account })
    });
    let mut under_limit = 0;
    for seen in futures_util::future::join_all(attempts).await {
        if seen.unwrap() <= 5 {
            under_limit += 1;
        }
    }
    assert!(under_limit <= 5, "{under_limit} parallel attempts saw room under a limit of 5");
}

async fn old_attempts_are_forgotten_and_success_clears_the_account(store: Arc<dyn Store>) {
    store.begin_attempt("acct-a", "client-1", 100, 0).await.unwrap();
    store.begin_attempt("acct-a", "client-1", 5_000, 0).await.unwrap();
    assert_eq!(store.forget_attempts_before(1_000).await.unwrap(), 1);
    let (_, counts) = store.begin_attempt("acct-a", "client-1", 5_001, 0).await.unwrap();
    assert_eq!(counts.for_account, 2);
    store.clear_failed_sign_ins("acct-a").await.unwrap();
    let (_, counts) = store.begin_attempt("acct-a", "client-1", 5_002, 0).await.unwrap();
    assert_eq!(counts.for_account, 1);
}

async fn people_outcomes_and_actions_are_counted_per_carer(store: Arc<dyn Store>) {
    let sam = user("sam@example.org", Role::Carer);
    let kim = user("kim@example.org", Role::Carer);
    store.insert_user(&sam).await.unwrap();
    store.insert_user(&kim).await.unwrap();
    let one = BTreeMap::from([("name".to_owned(), "Mum".to_owned())]);
    let people: Vec<RecordKey> = (0..3).map(|_| RecordKey::Person(Uuid::new_v4())).collect();
    for key in &people {
        store.save_plan_fields(sam.user_id, key, 0, &one, 1_000).await.unwrap();
    }
    store.save_plan_fields(kim.user_id, &RecordKey::Person(Uuid::new_v4()), 0, &one, 1_000).await.unwrap();
    let text = BTreeMap::from([("text".to_owned(), "Rest".to_owned())]);
    store.save_plan_fields(sam.user_id, &RecordKey::Outcome(Uuid::new_v4()), 0, &text, 1_000).await.unwrap();
    let fresh = RecordKey::Person(Uuid::new_v4());
    assert_eq!(store.count_plan_records(sam.user_id, "person:", &fresh).await.unwrap(), 3);
    assert_eq!(store.count_plan_records(sam.user_id, "person:", &people[0]).await.unwrap(), 2, "not counting itself");
    assert_eq!(store.count_plan_records(sam.user_id, "outcome:", &fresh).await.unwrap(), 1);
    assert_eq!(store.count_plan_records(kim.user_id, "person:", &fresh).await.unwrap(), 1);
}

/// Deleted words must not linger in the SQLite file: `secure_delete`
/// overwrites them. WAL and foreign keys are on for every connection, and
/// every commit reaches the disk before a save is confirmed (`synchronous = FULL`, 2).
#[tokio::test]
async fn sqlite_overwrites_deleted_data_and_enforces_foreign_keys() {
    let dir = support::TempDir::new();
    let url = format!("sqlite://{}/check.db?mode=rwc", dir.0.display());
    let store = server::store::SqliteStore::connect(&url).await.unwrap();
    let pool = store.pool();
    let (secure,): (i64,) = sqlx::query_as("pragma secure_delete").fetch_one(pool).await.unwrap();
    let (journal,): (String,) = sqlx::query_as("pragma journal_mode").fetch_one(pool).await.unwrap();
    let (fk,): (i64,) = sqlx::query_as("pragma foreign_keys").fetch_one(pool).await.unwrap();
    let (synchronous,): (i64,) = sqlx::query_as("pragma synchronous").fetch_one(pool).await.unwrap();
    assert_eq!((secure, journal.as_str(), fk, synchronous), (1, "wal", 1, 2));
    let orphan = session("s1", &user("ghost@example.org", Role::Carer), 1, false);
    assert!(store.insert_session(&orphan).await.is_err(), "a session must belong to an account");
}

fn changes(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
}

async fn carer(store: &Arc<dyn Store>, email: &str) -> Uuid {
    let u = user(email, Role::Carer);
    store.insert_user(&u).await.unwrap();
    u.user_id
}

async fn a_plan_record_is_created_then_merged_field_by_field(store: Arc<dyn Store>) {
    let sam = carer(&store, "sam@example.org").await;
    let health = RecordKey::Area("health".into());
    let first = store.save_plan_fields(sam, &health, 0, &changes(&[("now", "Tired")]), 100).await.unwrap();
    assert_eq!(first, SaveOutcome::Saved { version: 1 });
    let second = store.save_plan_fields(sam, &health, 1, &changes(&[("rating", "moderate")]), 200).await.unwrap();
    assert_eq!(second, SaveOutcome::Saved { version: 2 });
    let third = store.save_plan_fields(sam, &health, 2, &changes(&[("now", "Tired, and my back hurts")]), 300).await.unwrap();
    assert_eq!(third, SaveOutcome::Saved { version: 3 });
    let records = store.plan_records(sam).await.unwrap();
    assert_eq!(records.len(), 1);
    assert_eq!(records[0].key, health);
    assert_eq!(records[0].version, 3);
    assert_eq!(records[0].fields, changes(&[("now", "Tired, and my back hurts"), ("rating", "moderate")]));
    assert_eq!((records[0].created_at, records[0].updated_at), (100, 300));
}

async fn a_save_from_a_stale_version_is_refused_and_changes_nothing(store: Arc<dyn Store>) {
    let sam = carer(&store, "sam@example.org").await;
    let key = RecordKey::Emergency;
    store.save_plan_fields(sam, &key, 0, &changes(&[("contacts", "My sister")]), 1).await.unwrap();
    store.save_plan_fields(sam, &key, 1, &changes(&[("contacts", "My sister, phone first")]), 2).await.unwrap();
    // A second device still on version 1.
    let stale = store.save_plan_fields(sam, &key, 1, &changes(&[("contacts", "Nobody")]), 3).await.unwrap();
    assert_eq!(stale, SaveOutcome::Conflict { version: 2, theirs: changes(&[("contacts", "My sister, phone first")]) });
    let records = store.plan_records(sam).await.unwrap();
    assert_eq!(records[0].get("contacts"), "My sister, phone first");
    assert_eq!(records[0].version, 2);
}

async fn two_first_saves_of_one_section_never_overwrite_each_other(store: Arc<dyn Store>) {
    let sam = carer(&store, "sam@example.org").await;
    let first = store.save_plan_fields(sam, &RecordKey::Breaks, 0, &changes(&[("kind", "A weekend away")]), 1).await.unwrap();
    assert_eq!(first, SaveOutcome::Saved { version: 1 });
    let second = store.save_plan_fields(sam, &RecordKey::Breaks, 0, &changes(&[("kind", "Day care")]), 2).await.unwrap();
    assert_eq!(second, SaveOutcome::Conflict { version: 1, theirs: changes(&[("kind", "A weekend away")]) });
}

/// Saves arriving together (on SQLite they share one commit) land as if
/// one after another: every carer's own save lands, and of saves racing
/// from the same version exactly one lands and the rest are told what it
/// saved, with nothing lost or written twice.
async fn many_saves_at_once_each_land_once_and_racing_saves_never_overwrite(store: Arc<dyn Store>) {
    let mut carers = Vec::new();
    for n in 0..40 {
        carers.push(carer(&store, &format!("carer{n}@example.org")).await);
    }
    let health = RecordKey::Area("health".into());
    let own = carers.iter().enumerate().map(|(n, &id)| {
        let (store, health) = (store.clone(), health.clone());
        tokio::spawn(async move { store.save_plan_fields(id, &health, 0, &changes(&[("now", &format!("Carer {n}"))]), 1).await })
    });
    let sam = carers[0];
    let racing = (0..24).map(|n| {
        let store = store.clone();
        tokio::spawn(
            async move { store.save_plan_fields(sam, &RecordKey::Breaks, 0, &changes(&[("kind", &format!("Device {n}"))]), 2).await },
        )
    });
    let own: Vec<_> = futures_util::future::join_all(own).await.into_iter().map(|r| r.unwrap().unwrap()).collect();
    let racing: Vec<_> = futures_util::future::join_all(racing).await.into_iter().map(|r| r.unwrap().unwrap()).collect();

    assert!(own.iter().all(|o| *o == SaveOutcome::Saved { version: 1 }), "{own:?}");
    for (n, &id) in carers.iter().enumerate() {
        let records = store.plan_records(id).await.unwrap();
        let health_record = records.iter().find(|r| r.key == health).expect("saved");
        assert_eq!(health_record.get("now"), format!("Carer {n}"), "each carer has their own words");
    }
    let won: Vec<usize> = (0..racing.len()).filter(|&n| racing[n] == SaveOutcome::Saved { version: 1 }).collect();
    assert_eq!(won.len(), 1, "exactly one racing save lands: {racing:?}");
    let winner = changes(&[("kind", &format!("Device {}", won[0]))]);
    for (n, outcome) in racing.iter().enumerate().filter(|(n, _)| *n != won[0]) {
        assert_eq!(*outcome, SaveOutcome::Conflict { version: 1, theirs: winner.clone() }, "device {n}");
    }
    let breaks = store.plan_records(sam).await.unwrap().into_iter().find(|r| r.key == RecordKey::Breaks).unwrap();
    assert_eq!((breaks.version, breaks.fields), (1, winner));
}

async fn each_carer_reads_only_their_own_plan(store: Arc<dyn Store>) {
    let sam = carer(&store, "sam@example.org").await;
    let alex = carer(&store, "alex@example.org").await;
    store.save_plan_fields(sam, &RecordKey::AboutMe, 0, &changes(&[("able_willing", "Sam's words")]), 1).await.unwrap();
    store.save_plan_fields(alex, &RecordKey::AboutMe, 0, &changes(&[("able_willing", "Alex's words")]), 1).await.unwrap();
    let sams = store.plan_records(sam).await.unwrap();
    assert_eq!(sams.len(), 1);
    assert_eq!(sams[0].get("able_willing"), "Sam's words");
    assert!(store.plan_records(Uuid::new_v4()).await.unwrap().is_empty());
}

async fn a_record_is_removed_only_from_the_version_the_carer_saw(store: Arc<dyn Store>) {
    let sam = carer(&store, "sam@example.org").await;
    let mum = RecordKey::Person(Uuid::new_v4());
    store.save_plan_fields(sam, &mum, 0, &changes(&[("name", "Mum")]), 1).await.unwrap();
    store.save_plan_fields(sam, &mum, 1, &changes(&[("hours", "40")]), 2).await.unwrap();
    assert!(!store.delete_plan_record(sam, &mum, 1).await.unwrap(), "changed since: not removed");
    assert!(store.delete_plan_record(sam, &mum, 2).await.unwrap());
    assert!(store.plan_records(sam).await.unwrap().is_empty());
}
