//! The storage suite for consent and hand-off: written once against
//! `Store`, run on SQLite and on PostgreSQL, a fresh database per story.

use crate::support;

use app::domain::account::Role;
use app::domain::calendar::Day;
use app::domain::plan::ImpactLevel;
use app::domain::plan::PlanRecord;
use app::domain::sharing::{ConsentChange, HandOffStatus, Looked, queue_order};
use app::ports::{PickUp, SessionRecord, SessionWindow, Store};
use std::sync::Arc;
use support::records::*;
use support::{on_engine, run_story};
use uuid::Uuid;

on_both_engines!(run_story =>
    handing_off_gives_a_share_and_puts_the_plan_in_the_queue_once,
    the_queue_puts_terminal_illness_first_then_impact_then_the_longest_waiting,
    the_most_overdue_terminal_illness_plan_heads_the_whole_queue,
    a_change_from_a_stale_sequence_writes_nothing,
    withdrawing_takes_the_plan_out_of_reach_and_cannot_happen_twice,
    of_two_workers_racing_to_pick_up_exactly_one_wins,
    a_read_is_logged_only_when_it_is_allowed_and_in_the_same_transaction,
    a_plan_is_reallocated_only_to_an_active_worker,
    deactivating_a_worker_ends_their_sessions_and_returns_their_plans,
);

on_both_engines!(upgrade_sqlite, upgrade_postgres; on_engine =>
    plans_already_waiting_get_their_next_clock_day_when_the_database_is_upgraded,
);

async fn handing_off_gives_a_share_and_puts_the_plan_in_the_queue_once(store: Arc<dyn Store>) {
    let carer = account(&store, "Ailsa", Role::Carer).await;
    let share = hand_off(&store, &carer, "no", 2, 5_000).await;
    let queue = store.queue(10).await.expect("queue");
    assert_eq!(queue.total, 1);
    assert_eq!(queue.plans[0].carer_name, "Ailsa");
    assert_eq!(queue.plans[0].contact.phone, "07700 900 982");
    let again = Uuid::new_v4();
    let refused = store
        .hand_off(&consent(again, 1, ConsentChange::Given, "about-me", 6_000), &handoff(&carer, again, "no", 0, 6_000))
        .await
        .expect("second hand-off");
    assert!(!refused, "a plan already in the queue is not handed off twice");
    let records = store.consent_records(carer.user_id).await.expect("records");
    assert_eq!(records.len(), 1, "the refused hand-off left no consent record");
    assert_eq!(records[0].share_id, share);
}

async fn the_queue_puts_terminal_illness_first_then_impact_then_the_longest_waiting(store: Arc<dyn Store>) {
    let old_low = account(&store, "Old", Role::Carer).await;
    let new_high = account(&store, "High", Role::Carer).await;
    let terminal = account(&store, "Terminal", Role::Carer).await;
    let older_high = account(&store, "Older", Role::Carer).await;
    hand_off(&store, &old_low, "no", 1, 1_000).await;
    hand_off(&store, &new_high, "not-sure", 4, 9_000).await;
    hand_off(&store, &terminal, "yes", -1, 10_000).await;
    hand_off(&store, &older_high, "no", 4, 8_000).await;
    let names: Vec<String> = store.queue(10).await.expect("queue").plans.into_iter().map(|h| h.carer_name).collect();
    assert_eq!(names, ["Terminal", "Older", "High", "Old"]);
    let first_two = store.queue(2).await.expect("queue");
    assert_eq!((first_two.plans.len(), first_two.total), (2, 4));
}

async fn the_most_overdue_terminal_illness_plan_heads_the_whole_queue(store: Arc<dyn Store>) {
    // Seen on Friday 4 December 2026: (name, terminal, identified, asked, highest impact).
    let plans = [
        ("Nothing overdue", "yes", "2026-12-03", "2026-12-03", 4),
        ("Overdue by 3", "yes", "2026-11-27", "2026-12-02", 1),
        ("Overdue by 1", "yes", "2026-12-02", "2026-12-02", -1),
        ("Critical", "no", "2026-11-02", "2026-11-02", 4),
        ("Low, waiting longest", "no", "2026-09-01", "2026-09-01", 1),
    ];
    let mut handed = Vec::new();
    for (i, (name, terminal, identified, asked, impact)) in plans.into_iter().enumerate() {
        let carer = account(&store, name, Role::Carer).await;
        let at = Day::parse(asked).expect("day").0 * 86_400 + 43_200 + i as i64;
        let share = Uuid::new_v4();
        let handoff = identified_handoff(&carer, share, terminal, impact, at, identified);
        assert!(store.hand_off(&consent(share, 1, ConsentChange::Given, "about-me", at), &handoff).await.expect("hand off"));
        handed.push(handoff);
    }
    handed.sort_by(queue_order);
    let expected: Vec<String> = handed.into_iter().map(|h| h.carer_name).collect();
    let names: Vec<String> = store.queue(10).await.expect("queue").plans.into_iter().map(|h| h.carer_name).collect();
    assert_eq!(names, expected, "the store orders the queue as the rule does");
    assert_eq!(names[..3], ["Overdue by 3", "Overdue by 1", "Nothing overdue"]);
    // However many wait, the first page starts with the most overdue.
    let first = store.queue(1).await.expect("queue");
    assert_eq!((first.plans[0].carer_name.as_str(), first.total), ("Overdue by 3", 5));
    assert_eq!(first.plans[0].next_due_on, Day::parse("2026-12-01"), "St Andrew's Day skipped, as stored at hand-off");
    let critical = store.queue(10).await.expect("queue").plans.into_iter().find(|h| h.carer_name == "Critical").expect("listed");
    assert_eq!(critical.next_due_on, None, "no clocks, no day");
}

/// The migration that adds the next clock's day, before it.
const QUEUE_CLOCKS_MIGRATION: i64 = 20261204000001;

/// Brings a blank database up to the migration before
/// [`QUEUE_CLOCKS_MIGRATION`] and puts carers in the queue the way the
/// server did then: Fran (identified on a Friday), Sam (a Saturday), Tom (a
/// Tuesday), each caring for someone terminally ill, and Nora, who is not.
macro_rules! queue_before_the_clocks_were_stored {
    ($pool:ty, $migrations:tt, $url:expr) => {{
        let pool = <$pool>::connect($url).await.expect("connect");
        let mut earlier = sqlx::migrate!($migrations);
        earlier.migrations =
            std::borrow::Cow::Owned(earlier.migrations.iter().filter(|m| m.version < QUEUE_CLOCKS_MIGRATION).cloned().collect());
        earlier.run(&pool).await.expect("the migrations before");
        let carers = [
            ("Fran", "2026-11-27", "yes", 1),
            ("Sam", "2026-11-28", "yes", 1),
            ("Tom", "2026-12-01", "yes", 1),
            ("Nora", "2026-11-27", "no", 0),
        ];
        for (name, identified, terminal, urgent) in carers {
            let id = Uuid::new_v4().to_string();
            sqlx::query(
                "insert into users (user_id, email, display_name, password_hash, role, created_at) values ($1, $2, $3, null, 'carer', 0)",
            )
            .bind(&id)
            .bind(format!("{name}@example.com"))
            .bind(name)
            .execute(&pool)
            .await
            .expect("a carer");
            sqlx::query(
                "insert into handoffs (carer_id, share_id, status, sections, handed_off_at, identified_on, terminal, urgent, \
                 top_impact, contact, needs_reallocation) values ($1, $2, 'waiting', 'about-me', 1796000000, $3, $4, $5, 2, $6, false)",
            )
            .bind(&id)
            .bind(Uuid::new_v4().to_string())
            .bind(identified)
            .bind(terminal)
            .bind(urgent as i64)
            .bind(serde_json::to_string(&app::domain::sharing::Contact::default()).expect("contact"))
            .execute(&pool)
            .await
            .expect("a hand-off");
        }
        pool.close().await;
    }};
}

async fn plans_already_waiting_get_their_next_clock_day_when_the_database_is_upgraded(engine: support::Engine) {
    let Some(db) = support::BlankDb::on(engine).await else { return };
    match engine {
        support::Engine::Sqlite => queue_before_the_clocks_were_stored!(sqlx::SqlitePool, "./migrations/sqlite", &db.url),
        support::Engine::Postgres => queue_before_the_clocks_were_stored!(sqlx::PgPool, "./migrations/postgres", &db.url),
    }
    // The server starts on the old database and brings it up to date.
    let store = server::store::connect(&db.url).await.expect("upgrade");
    let queue = store.queue(10).await.expect("queue");
    let days: Vec<(String, Option<String>)> =
        queue.plans.into_iter().map(|h| (h.carer_name, h.next_due_on.map(|d| d.readable()))).collect();
    assert_eq!(
        days,
        [
            // Day 2 of a count that starts on a Friday is the Monday (St Andrew's Day,
            // which SQL does not know: a day early, so never lower in the queue).
            ("Fran".to_owned(), Some("Monday 30 November 2026".to_owned())),
            // A count that starts on a Saturday starts on Monday: day 2 is Tuesday.
            ("Sam".to_owned(), Some("Tuesday 1 December 2026".to_owned())),
            ("Tom".to_owned(), Some("Wednesday 2 December 2026".to_owned())),
            ("Nora".to_owned(), None),
        ]
    );
}

async fn a_change_from_a_stale_sequence_writes_nothing(store: Arc<dyn Store>) {
    let carer = account(&store, "Beth", Role::Carer).await;
    let share = hand_off(&store, &carer, "no", 1, 1_000).await;
    let change = consent(share, 2, ConsentChange::Changed, "area-health", 2_000);
    assert!(store.change_share(carer.user_id, &change, Some(ImpactLevel::Substantial)).await.expect("change"));
    let stale = consent(share, 2, ConsentChange::Changed, "about-me", 3_000);
    assert!(!store.change_share(carer.user_id, &stale, Some(ImpactLevel::None)).await.expect("stale change"));
    let now = store.hand_off_of(carer.user_id).await.expect("load").expect("handed off");
    assert_eq!((now.sections.as_str(), now.top_impact), ("area-health", Some(ImpactLevel::Substantial)));
    let records = store.consent_records(carer.user_id).await.expect("records");
    let kept: Vec<(i64, &str)> = records.iter().map(|r| (r.sequence, r.sections.as_str())).collect();
    assert_eq!(kept, [(1, "about-me,area-health"), (2, "area-health")], "append-only, and the stale change is not there");
}

async fn withdrawing_takes_the_plan_out_of_reach_and_cannot_happen_twice(store: Arc<dyn Store>) {
    let carer = account(&store, "Cat", Role::Carer).await;
    let worker = account(&store, "Wendy", Role::Worker).await;
    let share = hand_off(&store, &carer, "no", 1, 1_000).await;
    assert_eq!(store.pick_up(carer.user_id, worker.user_id, 2_000).await.expect("pick up"), PickUp::PickedUp);
    let withdrawal = consent(share, 2, ConsentChange::Withdrawn, "about-me,area-health", 3_000);
    assert!(store.withdraw_share(carer.user_id, &withdrawal).await.expect("withdraw"));
    let again = consent(share, 3, ConsentChange::Withdrawn, "about-me,area-health", 4_000);
    assert!(!store.withdraw_share(carer.user_id, &again).await.expect("withdraw again"), "a withdrawn share is not withdrawn again");
    let change = consent(share, 3, ConsentChange::Changed, "about-me", 4_000);
    assert!(!store.change_share(carer.user_id, &change, Some(ImpactLevel::None)).await.expect("change"), "nor changed");
    let now = store.hand_off_of(carer.user_id).await.expect("load").expect("row");
    assert_eq!((now.status, now.withdrawn_at), (HandOffStatus::Withdrawn, Some(3_000)));
    assert_eq!(store.queue(10).await.expect("queue").total, 0);
    let caseload = store.caseload(worker.user_id).await.expect("caseload");
    assert_eq!(caseload.len(), 1, "the worker keeps a line saying consent was withdrawn");
    assert_eq!(caseload[0].status, HandOffStatus::Withdrawn);
    let opened = store.open_shared(carer.user_id, &viewer(&worker), &Looked::from_stored("contact"), 5_000, &|_| true).await.expect("open");
    assert!(opened.is_none());
    assert!(store.access_log(carer.user_id).await.expect("log").is_empty());
    assert_eq!(store.consent_records(carer.user_id).await.expect("records").len(), 2);
    // Sharing again starts a new share, in the queue again.
    hand_off(&store, &carer, "no", 1, 6_000).await;
    assert_eq!(store.queue(10).await.expect("queue").total, 1);
}

async fn of_two_workers_racing_to_pick_up_exactly_one_wins(store: Arc<dyn Store>) {
    let carer = account(&store, "Dot", Role::Carer).await;
    let (ann, bob) = (account(&store, "Ann", Role::Worker).await, account(&store, "Bob", Role::Worker).await);
    hand_off(&store, &carer, "yes", 2, 1_000).await;
    let (a, b) = tokio::join!(store.pick_up(carer.user_id, ann.user_id, 2_000), store.pick_up(carer.user_id, bob.user_id, 2_000));
    let mut outcomes = [a.expect("ann"), b.expect("bob")];
    outcomes.sort_by_key(|o| format!("{o:?}"));
    let winner = store.hand_off_of(carer.user_id).await.expect("load").expect("row").worker.expect("allocated").1;
    let loser = if winner == "Ann" { "Bob" } else { "Ann" };
    assert_eq!(outcomes, [PickUp::AlreadyTaken(winner.clone()), PickUp::PickedUp], "{loser} is told {winner} has it");
    assert_eq!(store.queue(10).await.expect("queue").total, 0);
    let (ann_cases, bob_cases) = (store.caseload(ann.user_id).await.expect("a"), store.caseload(bob.user_id).await.expect("b"));
    assert_eq!(ann_cases.len() + bob_cases.len(), 1);
}

async fn a_read_is_logged_only_when_it_is_allowed_and_in_the_same_transaction(store: Arc<dyn Store>) {
    let carer = account(&store, "Eve", Role::Carer).await;
    let (worker, other) = (account(&store, "Wren", Role::Worker).await, account(&store, "Olly", Role::Worker).await);
    save_area(&store, &carer, "Tired all the time").await;
    hand_off(&store, &carer, "no", 1, 1_000).await;
    let before =
        store.open_shared(carer.user_id, &viewer(&worker), &Looked::from_stored("area-health"), 1_500, &|_| true).await.expect("open");
    assert!(before.is_none(), "nobody may read a plan before picking it up");
    store.pick_up(carer.user_id, worker.user_id, 2_000).await.expect("pick up");
    let theirs =
        store.open_shared(carer.user_id, &viewer(&other), &Looked::from_stored("area-health"), 2_500, &|_| true).await.expect("open");
    assert!(theirs.is_none(), "another worker may not read it");
    let refused =
        store.open_shared(carer.user_id, &viewer(&worker), &Looked::from_stored("review"), 2_600, &|_| false).await.expect("open");
    assert!(refused.is_none());
    let (_, records) = store
        .open_shared(carer.user_id, &viewer(&worker), &Looked::from_stored("area-health"), 3_000, &|h| h.sections.contains("area-health"))
        .await
        .expect("open")
        .expect("allowed");
    let texts: Vec<&PlanRecord> = records.iter().filter(|r| r.get("now") == "Tired all the time").collect();
    assert_eq!(texts.len(), 1);
    let log = store.access_log(carer.user_id).await.expect("log");
    assert_eq!(log.len(), 1, "only the allowed read is logged: {log:?}");
    assert_eq!((log[0].viewer_name.as_str(), log[0].what.as_stored(), log[0].viewed_at), ("Wren", "area-health", 3_000));
}

async fn a_plan_is_reallocated_only_to_an_active_worker(store: Arc<dyn Store>) {
    let carer = account(&store, "Flo", Role::Carer).await;
    let manager = account(&store, "Mo", Role::Manager).await;
    let (first, second) = (account(&store, "First", Role::Worker).await, account(&store, "Second", Role::Worker).await);
    let share = hand_off(&store, &carer, "no", 1, 1_000).await;
    store.pick_up(carer.user_id, first.user_id, 2_000).await.expect("pick up");
    assert!(!store.reallocate(carer.user_id, carer.user_id, manager.user_id, 3_000).await.expect("to a carer"));
    assert!(!store.reallocate(carer.user_id, manager.user_id, manager.user_id, 3_000).await.expect("to a manager"));
    assert!(store.reallocate(carer.user_id, second.user_id, manager.user_id, 3_000).await.expect("to a worker"));
    let now = store.hand_off_of(carer.user_id).await.expect("load").expect("row");
    assert_eq!(now.worker.map(|(_, n)| n), Some("Second".to_owned()));
    assert!(store.caseload(first.user_id).await.expect("first").is_empty(), "the first worker no longer has it");
    let opened = store.open_shared(carer.user_id, &viewer(&first), &Looked::from_stored("contact"), 4_000, &|_| true).await.expect("open");
    assert!(opened.is_none());
    assert!(store.deactivate_staff(first.user_id, manager.user_id, 4_500).await.expect("deactivate"));
    assert!(!store.reallocate(carer.user_id, first.user_id, manager.user_id, 5_000).await.expect("to a deactivated worker"));
    store.withdraw_share(carer.user_id, &consent(share, 2, ConsentChange::Withdrawn, "about-me", 6_000)).await.expect("withdraw");
    assert!(!store.reallocate(carer.user_id, second.user_id, manager.user_id, 7_000).await.expect("withdrawn"));
}

async fn deactivating_a_worker_ends_their_sessions_and_returns_their_plans(store: Arc<dyn Store>) {
    let carer = account(&store, "Gail", Role::Carer).await;
    let manager = account(&store, "Mags", Role::Manager).await;
    let worker = account(&store, "Wes", Role::Worker).await;
    hand_off(&store, &carer, "no", 1, 1_000).await;
    store.pick_up(carer.user_id, worker.user_id, 2_000).await.expect("pick up");
    let session =
        SessionRecord { token_hash: "h".into(), user_id: worker.user_id, created_at: 2_000, last_seen_at: 2_000, shared_device: false };
    store.insert_session(&session).await.expect("session");
    let window = SessionWindow { idle_since: 0, started_since: 0, refresh_before: 0 };
    assert!(store.touch_session("h", 2_100, window).await.expect("touch").is_some());
    assert!(store.deactivate_staff(worker.user_id, manager.user_id, 3_000).await.expect("deactivate"));
    assert!(store.touch_session("h", 3_100, window).await.expect("touch").is_none(), "their session ended at once");
    assert!(!store.deactivate_staff(worker.user_id, manager.user_id, 3_200).await.expect("again"));
    assert!(!store.deactivate_staff(carer.user_id, manager.user_id, 3_200).await.expect("a carer"), "carers are not staff");
    let queue = store.queue(10).await.expect("queue");
    assert_eq!(queue.total, 1);
    assert!(queue.plans[0].needs_reallocation && queue.plans[0].worker.is_none());
    let found = store.user_by_id(worker.user_id).await.expect("load").expect("kept");
    assert_eq!(found.deactivated_at, Some(3_000));
    let staff = store.staff().await.expect("staff");
    assert!(staff.iter().any(|u| u.user_id == worker.user_id && u.deactivated_at.is_some()));
}
