//! The officials' queue at scale, server-side: calls the queue's service functions directly
//! (no HTTP) on a database prepared by `scripts/bench-queue` (a million residents, a hundred
//! thousand requests) and prints p50, p95 and the worst of each case.
//!
//! cargo run --release -p server --example queue_speed -- DATABASE_URL [ROUNDS]
//!
//! The busiest kelurahan's clerk and its kecamatan's clerk are the callers (its lurah and camat
//! for the dashboards, whose "rows" are the requests received in the 12 weeks). Each round runs
//! every case once, in turn, so the cases share the database's caches as a working office would.

use server::accounts::Actor;
use server::config::Config;
use server::{Services, requests::queue};
use std::time::{Duration, Instant};

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let url = args.get(1).cloned().unwrap_or_else(|| std::env::var("DATABASE_URL").unwrap_or_default());
    let rounds: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(200);
    let dir = tempfile::tempdir()?;
    let s = Services::start(Config::for_tests(&url, dir.path())).await?;
    let pool = &s.db.pool;

    let (kel,): (String,) = sqlx::query_as(
        "SELECT kelurahan_code FROM requests GROUP BY kelurahan_code ORDER BY COUNT(*) DESC, kelurahan_code LIMIT 1",
    )
    .fetch_one(pool)
    .await?;
    let (kec,): (String,) = sqlx::query_as("SELECT kecamatan_code FROM requests WHERE kelurahan_code = $1 LIMIT 1")
        .bind(&kel)
        .fetch_one(pool)
        .await?;
    let clerk = actor(&s, "petugas_kelurahan", &kel).await?;
    let kec_clerk = actor(&s, "petugas_kecamatan", &kec).await?;
    let camat = actor(&s, "camat", &kec).await?;
    let lurah = actor(&s, "lurah", &kel).await?;
    let (office_requests,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM requests WHERE kelurahan_code = $1").bind(&kel).fetch_one(pool).await?;
    let (all_requests,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM requests").fetch_one(pool).await?;
    // A name part that many share (the first word of a subject's name), and a NIK with requests.
    let (name, nik): (String, String) =
        sqlx::query_as("SELECT subject_name, subject_nik FROM requests WHERE kelurahan_code = $1 ORDER BY id LIMIT 1")
            .bind(&kel)
            .fetch_one(pool)
            .await?;
    let part = name.split_whitespace().next().unwrap_or("A").to_string();
    println!("{all_requests} requests; kelurahan {kel} has {office_requests}; name search {part:?}; {rounds} rounds");

    let q = |json: serde_json::Value| serde_json::from_value::<app::requests::QueueQuery>(json).expect("query");
    let ninety_days_ago = (s.clock.today() - chrono::Days::new(90)).to_string();
    // Page 10 of everything: the cursor after nine pages.
    let mut tenth = q(serde_json::json!({ "status": "semua" }));
    for _ in 0..9 {
        let p = queue::page(&s, &clerk, &tenth).await?;
        tenth.setelah = p.next;
    }
    let cases: Vec<(&str, &Actor, Case)> = vec![
        ("first page, waiting for me (by due date)", &clerk, Case::Page(q(serde_json::json!({})))),
        ("first page, everything (newest)", &clerk, Case::Page(q(serde_json::json!({ "status": "semua" })))),
        ("page 10, everything", &clerk, Case::Page(tenth)),
        (
            "search by name",
            &clerk,
            Case::Page(q(serde_json::json!({ "status": "semua", "cari": part.to_lowercase() }))),
        ),
        (
            "filtered: signed, Domisili, last 90 days",
            &clerk,
            Case::Page(q(
                serde_json::json!({ "status": "ditandatangani", "jenis": "domisili", "dari": ninety_days_ago }),
            )),
        ),
        ("filtered: late", &clerk, Case::Page(q(serde_json::json!({ "status": "semua", "lewat": true })))),
        ("kecamatan, everything forwarded", &kec_clerk, Case::Page(q(serde_json::json!({ "status": "semua" })))),
        ("staff home counts", &clerk, Case::Counts),
        ("search by NIK (posted)", &clerk, Case::Nik(nik)),
        ("dashboard of the kelurahan, 12 weeks", &lurah, Case::Dashboard),
        ("dashboard of the kecamatan, 12 weeks", &camat, Case::Dashboard),
    ];
    // QUEUE_SPEED_SVG=DIR: the camat's dashboard charts written there, to look at.
    if let Some(dir) = std::env::var_os("QUEUE_SPEED_SVG") {
        let d = server::dashboard::dashboard(&s, &camat, &Default::default()).await?;
        std::fs::write(std::path::Path::new(&dir).join("weeks.svg"), &d.weeks_svg)?;
        std::fs::write(std::path::Path::new(&dir).join("backlog.svg"), &d.backlog_svg)?;
    }
    let mut times: Vec<Vec<Duration>> = vec![Vec::with_capacity(rounds); cases.len()];
    let mut rows = vec![0usize; cases.len()];
    for _ in 0..rounds {
        for (i, (_, who, case)) in cases.iter().enumerate() {
            let started = Instant::now();
            rows[i] = match case {
                Case::Page(query) => queue::page(&s, who, query).await?.items.len(),
                Case::Counts => queue::work_summary(&s, who).await?.waiting as usize,
                Case::Nik(nik) => queue::by_nik(&s, who, nik).await?.items.len(),
                Case::Dashboard => {
                    let d = server::dashboard::dashboard(&s, who, &Default::default()).await?;
                    d.weeks.iter().map(|w| w.received as usize).sum()
                }
            };
            times[i].push(started.elapsed());
        }
    }
    println!("| case | rows | p50 | p95 | worst |");
    println!("|---|---|---|---|---|");
    for (i, (label, _, _)) in cases.iter().enumerate() {
        let t = &mut times[i];
        t.sort();
        let at = |p: f64| t[((t.len() as f64 * p).ceil() as usize).saturating_sub(1).min(t.len() - 1)];
        println!("| {label} | {} | {} | {} | {} |", rows[i], ms(at(0.5)), ms(at(0.95)), ms(t[t.len() - 1]));
    }
    Ok(())
}

enum Case {
    Page(app::requests::QueueQuery),
    Counts,
    Nik(String),
    Dashboard,
}

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

async fn actor(s: &Services, role: &str, office: &str) -> anyhow::Result<Actor> {
    let (id, name): (String, String) =
        sqlx::query_as("SELECT id, display_name FROM users WHERE role = $1 AND office_code = $2 LIMIT 1")
            .bind(role)
            .bind(office)
            .fetch_one(&s.db.pool)
            .await?;
    Ok(Actor {
        user_id: id.parse()?,
        name,
        role: domain::Role::parse(role).ok_or_else(|| anyhow::anyhow!("role {role}"))?,
        office_code: Some(office.to_string()),
        office_name: None,
        secretary: false,
    })
}
