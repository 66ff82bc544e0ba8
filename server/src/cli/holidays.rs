//! `serambi libur daftar|tambah|hapus`: the working-day calendar's days off. National days come
//! with the region list's wheel; a city adds its own (a regional holiday, an office closure).

use crate::config::Config;
use crate::db::{self, Db};
use chrono::NaiveDate;
use clap::Subcommand;

#[derive(Debug, Subcommand)]
pub enum LiburCommand {
    /// The days off of a year (default: this year and the next).
    Daftar {
        #[arg(long)]
        tahun: Option<i32>,
    },
    /// Add a day off of the city's own: `serambi libur tambah 2026-04-23 "HUT Kota Kupang"`.
    Tambah { tanggal: String, nama: String },
    /// Remove a day off (national or the city's).
    Hapus { tanggal: String },
}

pub async fn run(config: Config, command: LiburCommand) -> anyhow::Result<()> {
    let db = Db::connect(&config.database_url, 2).await?;
    db.migrate().await?;
    match command {
        LiburCommand::Daftar { tahun } => list(&db, tahun).await,
        LiburCommand::Tambah { tanggal, nama } => {
            let day = parse(&tanggal)?;
            let nama = nama.trim();
            if nama.is_empty() || nama.chars().count() > 100 {
                anyhow::bail!("Nama hari libur wajib diisi, paling banyak 100 karakter.");
            }
            db::holidays::put_local(&db.pool, &day.to_string(), nama, db::now_ms()).await?;
            println!("{} dicatat sebagai hari libur: {nama}.", domain::workdays::long_date(day));
            move_deadlines(&config, &db).await
        }
        LiburCommand::Hapus { tanggal } => {
            let day = parse(&tanggal)?;
            if db::holidays::remove(&db.pool, &day.to_string()).await? {
                println!("{} bukan hari libur lagi.", domain::workdays::long_date(day));
                move_deadlines(&config, &db).await
            } else {
                anyhow::bail!("{} tidak tercatat sebagai hari libur.", domain::workdays::long_date(day))
            }
        }
    }
}

/// A day off moves the deadlines of the open requests after it: the queue's filters and
/// order follow at once, without waiting for the servers to restart.
pub(super) async fn move_deadlines(config: &Config, db: &Db) -> anyhow::Result<()> {
    let catalogue = crate::catalogue::Catalogue::load(&config.templates, config.max_upload_bytes())?;
    let clock = crate::clock::Clock::new(config.utc_offset_hours(), &config.zona_waktu);
    let done = crate::requests::deadlines::refresh_all(db, &catalogue, &clock).await?;
    println!("Tenggat layanan diperiksa ulang: {} permohonan berjalan, {} berubah.", done.open, done.changed);
    Ok(())
}

fn parse(text: &str) -> anyhow::Result<NaiveDate> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .map_err(|_| anyhow::anyhow!("Tanggal {text:?} tidak terbaca: tulis TAHUN-BULAN-TANGGAL, misalnya 2026-04-23."))
}

async fn list(db: &Db, year: Option<i32>) -> anyhow::Result<()> {
    let known = db::holidays::years(&db.pool).await?;
    let this = chrono::Utc::now().date_naive().format("%Y").to_string().parse::<i32>().unwrap_or(2026);
    let years: Vec<i32> = year.map(|y| vec![y]).unwrap_or_else(|| vec![this, this + 1]);
    for y in years {
        let days: Vec<db::holidays::Holiday> =
            db::holidays::all(&db.pool).await?.into_iter().filter(|d| d.day.starts_with(&format!("{y}-"))).collect();
        let status = if known.contains(&(y as i64)) { "" } else { " (libur nasional belum dimuat)" };
        println!("{y}: {} hari libur{status}", days.len());
        for d in days {
            let day = NaiveDate::parse_from_str(&d.day, "%Y-%m-%d")?;
            let source = if d.source == "kota" { " [kota]" } else { "" };
            println!("  {:<28} {}{source}", domain::workdays::long_date(day), d.name);
        }
    }
    Ok(())
}
