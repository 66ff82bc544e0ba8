//! Leases: work that runs on one app node at a time. Two `Services` on one database stand in
//! for two nodes here; `nodes.rs` runs two real server processes.

use crate::on_both_databases;
use crate::support::TestApp;
use app::AppError;
use app::population::{ImportSink, ImportView};
use server::Services;
use server::config::Config;
use server::db::{self, leases};
use server::population::{running, synthetic, upload};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

on_both_databases!(
    a_lease_has_one_holder_until_it_lapses_or_is_released,
    two_nodes_racing_for_the_import_lease_one_wins,
    imports_of_a_stopped_node_are_marked_failed_once_its_lease_lapses,
    a_periodic_task_runs_on_one_node_per_round_and_moves_when_that_node_stops,
);

async fn a_lease_has_one_holder_until_it_lapses_or_is_released(app: TestApp) {
    let pool = &app.services.db.pool;
    let now = db::now_ms();
    let tries = (0..16).map(|i| {
        let holder = format!("node-{i}");
        async move { leases::try_take(pool, "uji", &holder, now, now + 30_000).await.unwrap().then_some(holder) }
    });
    let winners: Vec<String> = futures::future::join_all(tries).await.into_iter().flatten().collect();
    assert_eq!(winners.len(), 1, "16 holders racing: exactly one wins, got {winners:?}");
    let (winner, other) = (winners[0].as_str(), if winners[0] == "node-0" { "node-1" } else { "node-0" });

    assert!(leases::try_take(pool, "uji", winner, now, now + 30_000).await.unwrap(), "its holder takes it again");
    assert!(!leases::try_take(pool, "uji", other, now + 29_000, now + 60_000).await.unwrap(), "not before it lapses");
    assert!(leases::renew(pool, "uji", winner, now + 40_000).await.unwrap());
    assert!(!leases::renew(pool, "uji", other, now + 40_000).await.unwrap(), "only the holder renews");
    assert_eq!(leases::holder(pool, "uji", now).await.unwrap().as_deref(), Some(winner));

    // Once it has lapsed anyone may take it; the old holder then cannot renew it.
    assert!(leases::try_take(pool, "uji", other, now + 40_001, now + 70_000).await.unwrap());
    assert!(!leases::renew(pool, "uji", winner, now + 80_000).await.unwrap());
    // Releasing is the holder's alone.
    leases::release(pool, "uji", winner).await.unwrap();
    assert_eq!(leases::holder(pool, "uji", now).await.unwrap().as_deref(), Some(other));
    leases::release(pool, "uji", other).await.unwrap();
    assert!(leases::try_take(pool, "uji", winner, now, now + 1).await.unwrap(), "free after release");
}

/// A second node on the test app's database, with its own files folder.
async fn second_node(app: &TestApp) -> (Arc<Services>, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let config = Config::for_tests(&app.services.config.database_url, dir.path());
    (Services::start(config).await.expect("second node starts"), dir)
}

fn population_file(rows: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    let opts = synthetic::Options { rows, bad_rows: 0, separator: b';', seed: 7, villages: Vec::new() };
    synthetic::write(&mut bytes, &opts).unwrap();
    bytes
}

/// What the admin page's upload does on node `s`.
async fn start_import(s: Arc<Services>, admin: String, bytes: &[u8]) -> Result<ImportView, AppError> {
    let mut upload = upload::Upload::start(s, admin).await.map_err(AppError::from)?;
    upload.write(bytes).await?;
    Box::new(upload).finish("penduduk.csv".into()).await
}

async fn two_nodes_racing_for_the_import_lease_one_wins(app: TestApp) {
    let (b, _dir) = second_node(&app).await;
    let a = app.services.clone();
    assert_ne!(a.node, b.node);
    let admin: String =
        sqlx::query_scalar("SELECT id FROM users WHERE username = 'admin'").fetch_one(&a.db.pool).await.unwrap();
    let bytes = population_file(20_000);
    let (on_a, on_b) =
        tokio::join!(start_import(a.clone(), admin.clone(), &bytes), start_import(b.clone(), admin.clone(), &bytes));
    let (started, refused, idle) = match (on_a, on_b) {
        (Ok(v), Err(e)) => (v, e, b.clone()),
        (Err(e), Ok(v)) => (v, e, a.clone()),
        other => panic!("exactly one node may start the import: {other:?}"),
    };
    assert_eq!(refused, AppError::Conflict(running::BUSY.into()));

    // The other node's page follows it (from the row on PostgreSQL), then shows it done.
    let id = started.id.to_string();
    let (seen, took) = follow(&idle, &id).await;
    let row = db::imports::get(&idle.db.pool, &id).await.unwrap().unwrap();
    assert_eq!(row.status.as_str(), "selesai", "{row:?}");
    assert_eq!(row.rows_total, 20_000);
    eprintln!("import of 20,000 rows on {:?}: {took:.2} s; other node saw up to {seen} rows", a.db.engine);
    if a.db.engine == db::Engine::Postgres && took > 2.5 {
        assert!(seen > 0, "a running import's progress reaches the other node");
    }
    // The lease goes back once the report is stored, right after the row says done.
    let waited = Instant::now();
    while leases::holder(&a.db.pool, running::LEASE, db::now_ms()).await.unwrap().is_some() {
        assert!(waited.elapsed() < Duration::from_secs(10), "the import lease is released");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    // Now the other node may import.
    let again = start_import(idle.clone(), admin, &bytes).await.expect("the lease is free again");
    follow(&idle, &again.id.to_string()).await;
}

/// Polls node `s`'s view of import `id` until it is no longer running: the most rows it saw
/// while running, and how long that took.
async fn follow(s: &Services, id: &str) -> (u64, f64) {
    let (started, mut seen) = (Instant::now(), 0);
    loop {
        let row = db::imports::get(&s.db.pool, id).await.unwrap();
        if let Some(row) = row {
            let view = upload::view(&row, &s.clock, &s.import_job);
            if view.status != "berjalan" {
                return (seen, started.elapsed().as_secs_f64());
            }
            seen = seen.max(view.rows_total);
        }
        assert!(started.elapsed() < Duration::from_secs(180), "import {id} did not finish");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn imports_of_a_stopped_node_are_marked_failed_once_its_lease_lapses(app: TestApp) {
    let db = &app.services.db;
    let now = db::now_ms();
    let id = uuid::Uuid::new_v4().to_string();
    db::imports::insert(&db.pool, &id, "penduduk.csv", 10, None, now).await.unwrap();
    // While its node holds the lease, it is running, whatever node looks.
    assert!(leases::try_take(&db.pool, running::LEASE, "node-x/impor", now, now + 30_000).await.unwrap());
    assert_eq!(running::fail_interrupted(db, "").await.unwrap(), 0);
    // The node stopped: its lease lapses, and the next look marks the import failed.
    leases::renew(&db.pool, running::LEASE, "node-x/impor", now - 1).await.unwrap();
    assert_eq!(running::fail_interrupted(db, &id).await.unwrap(), 0, "not the one this process runs");
    assert_eq!(running::fail_interrupted(db, "").await.unwrap(), 1);
    let row = db::imports::get(&db.pool, &id).await.unwrap().unwrap();
    assert_eq!(row.status.as_str(), "gagal");
    assert!(row.message.unwrap().contains("Impor terhenti"));
}

async fn a_periodic_task_runs_on_one_node_per_round_and_moves_when_that_node_stops(app: TestApp) {
    let runs: Arc<[AtomicU64; 2]> = Arc::new([AtomicU64::new(0), AtomicU64::new(0)]);
    // Long enough that a busy test machine does not let the lease lapse between rounds.
    let period = Duration::from_millis(1000);
    let start = |n: usize| {
        let runs = runs.clone();
        server::tasks::every(app.services.db.clone(), format!("node-{n}"), "uji-berkala", period, move || {
            runs[n].fetch_add(1, Ordering::SeqCst);
            async { Ok(()) }
        })
    };
    let first = start(0);
    tokio::time::sleep(Duration::from_millis(100)).await;
    let second = start(1);
    tokio::time::sleep(Duration::from_millis(5200)).await;
    let (zero, one) = (runs[0].load(Ordering::SeqCst), runs[1].load(Ordering::SeqCst));
    assert!(zero >= 4 && one == 0, "one node runs every round: {zero} and {one}");

    // The first node stops: within two periods the second takes over.
    first.abort();
    tokio::time::sleep(Duration::from_millis(5200)).await;
    second.abort();
    let after = runs[1].load(Ordering::SeqCst);
    assert!(after >= 2, "the second node took over: {after} runs");
    assert!(runs[0].load(Ordering::SeqCst) <= zero + 1);
}
