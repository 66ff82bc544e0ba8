//! `serambi import penduduk` and `serambi contoh penduduk`.

use crate::config::Config;
use crate::population::{import, running, synthetic};
use crate::regions::thousands;
use clap::Subcommand;
use std::io::IsTerminal;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Import the population record from a Dukcapil/SIAK CSV export (`;` or `,`, UTF-8 with or
    /// without BOM; the columns are listed in the README). Good rows are inserted or updated in
    /// one transaction; bad rows are listed in FILE.laporan.csv next to the file.
    Penduduk {
        /// The CSV file.
        berkas: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum SampleCommand {
    /// A synthetic population file in the import format (Kota Kupang families).
    Penduduk {
        /// Where to write it.
        berkas: PathBuf,
        /// Number of rows.
        #[arg(long, default_value_t = 1_000_000)]
        jumlah: usize,
        /// How many of them to spoil on purpose (each refused by the import with a reason).
        #[arg(long, default_value_t = 0)]
        rusak: usize,
        /// Separator: ";" or ",".
        #[arg(long, default_value = ";", value_parser = [";", ","])]
        pemisah: String,
        /// Seed: the same seed gives the same people.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
        /// People of this kota/kabupaten's kelurahan and desa offices (e.g. 53.01, after
        /// `serambi init`) instead of the Kota Kupang demo's.
        #[arg(long)]
        wilayah: Option<String>,
    },
    /// A year of synthetic requests (in every status, with their events and registered
    /// letters) over the residents of a demo database, for load tests. Only after `serambi demo`.
    Permohonan {
        /// Number of requests.
        #[arg(long, default_value_t = 100_000)]
        jumlah: usize,
        /// Seed: the same seed gives the same choices.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
}

pub async fn import(config: Config, command: ImportCommand) -> anyhow::Result<()> {
    let ImportCommand::Penduduk { berkas } = command;
    if !berkas.is_file() {
        anyhow::bail!("berkas {} tidak ada", berkas.display());
    }
    let db = crate::db::Db::connect(&config.database_url, 2).await?;
    db.migrate().await?;
    let clock = crate::clock::Clock::new(config.utc_offset_hours(), &config.zona_waktu);
    let report = import::report_path(&berkas);
    let name = berkas.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let id = uuid::Uuid::new_v4().to_string();
    // One import at a time across the app nodes and this command.
    let Some(lease) = running::take_lease(&db, format!("cli/{id}")).await? else {
        anyhow::bail!("Impor lain sedang berjalan (dari halaman admin atau perintah lain). Tunggu sampai selesai.");
    };
    let progress = Arc::new(import::Progress::default());
    let ticker = tokio::spawn(show_progress(progress.clone()));
    let source = import::Source { id, path: berkas.clone(), name, started_by: None };
    let result = import::run(&db, source, &report, progress, clock.today()).await;
    lease.release().await;
    ticker.abort();
    let _ = ticker.await;
    match result {
        Ok(s) => {
            let secs = s.elapsed.as_secs_f64().max(0.001);
            println!(
                "Impor selesai dalam {:.1} s ({} baris/dtk, pemisah '{}').",
                secs,
                thousands((s.rows_total as f64 / secs) as u64),
                s.separator
            );
            println!(
                "  {} baris: {} diterima ({} baru, {} berubah, {} sama), {} ditolak.",
                thousands(s.rows_total),
                thousands(s.rows_ok),
                thousands(s.inserted),
                thousands(s.updated),
                thousands(s.unchanged),
                thousands(s.rows_rejected)
            );
            if !s.ignored_columns.is_empty() {
                println!("  Kolom yang tidak dipakai: {}", s.ignored_columns.join(", "));
            }
            println!("  Laporan: {}", report.display());
            Ok(())
        }
        Err(import::ImportError::Refused(message)) => anyhow::bail!("{message}"),
        Err(import::ImportError::Other(e)) => Err(e.context("impor gagal; tidak ada data yang berubah")),
    }
}

/// A progress bar with rows per second at a terminal; a line every five seconds otherwise.
async fn show_progress(progress: Arc<import::Progress>) {
    let started = Instant::now();
    let tty = std::io::stderr().is_terminal();
    let bar = indicatif::ProgressBar::new(0);
    if tty {
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} [{elapsed_precise}] {wide_bar} {percent:>3}%  {msg}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
    } else {
        bar.set_draw_target(indicatif::ProgressDrawTarget::hidden());
    }
    let mut last_line = Instant::now();
    loop {
        tokio::time::sleep(Duration::from_millis(200)).await;
        let rows = progress.rows.load(Ordering::Relaxed);
        let rate = (rows as f64 / started.elapsed().as_secs_f64().max(0.001)) as u64;
        let message = format!("{} baris, {} baris/dtk", thousands(rows), thousands(rate));
        if tty {
            bar.set_length(progress.total_bytes.load(Ordering::Relaxed).max(1));
            bar.set_position(progress.bytes.load(Ordering::Relaxed));
            bar.set_message(message);
        } else if last_line.elapsed() >= Duration::from_secs(5) {
            eprintln!("  {message}");
            last_line = Instant::now();
        }
    }
}

pub async fn sample(config: Config, command: SampleCommand) -> anyhow::Result<()> {
    let (berkas, jumlah, rusak, pemisah, seed, wilayah) = match command {
        SampleCommand::Penduduk { berkas, jumlah, rusak, pemisah, seed, wilayah } => {
            (berkas, jumlah, rusak, pemisah, seed, wilayah)
        }
        SampleCommand::Permohonan { jumlah, seed } => return sample_requests(config, jumlah, seed).await,
    };
    let villages = match wilayah {
        None => Vec::new(),
        Some(code) => {
            let db = crate::db::Db::connect(&config.database_url, 2).await?;
            db.migrate().await?;
            let prefix = format!("{}.", code.trim());
            let codes: Vec<String> = crate::db::offices::kelurahan_codes(&db.pool)
                .await?
                .into_iter()
                .filter(|c| c.starts_with(&prefix))
                .collect();
            if codes.is_empty() {
                anyhow::bail!(
                    "Tidak ada kantor kelurahan/desa di wilayah {code}. Jalankan dulu `serambi init --wilayah {code}`."
                );
            }
            codes
        }
    };
    let started = Instant::now();
    let file = std::fs::File::create(&berkas).map_err(|e| anyhow::anyhow!("{}: {e}", berkas.display()))?;
    let opts = synthetic::Options { rows: jumlah, bad_rows: rusak, separator: pemisah.as_bytes()[0], seed, villages };
    let w = synthetic::write(std::io::BufWriter::with_capacity(1 << 20, file), &opts)?;
    println!(
        "{} baris ({} dirusak) ditulis ke {} ({:.1} MB) dalam {:.1} s.",
        thousands(w.rows as u64),
        thousands(w.bad_rows as u64),
        berkas.display(),
        w.bytes as f64 / 1e6,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

async fn sample_requests(config: Config, count: usize, seed: u64) -> anyhow::Result<()> {
    if config.production() {
        anyhow::bail!("Mode produksi: `serambi contoh permohonan` tidak dijalankan.");
    }
    let services = crate::Services::start(config).await?;
    let started = Instant::now();
    let s = crate::demo::requests::generate(&services, &crate::demo::requests::Options { count, seed }).await?;
    println!(
        "{} permohonan sintetis ({} peristiwa, {} surat terdaftar, {} akun warga baru) dalam {:.1} s.",
        thousands(s.requests as u64),
        thousands(s.events as u64),
        thousands(s.letters as u64),
        thousands(s.accounts as u64),
        started.elapsed().as_secs_f64()
    );
    for (status, n) in s.by_status {
        println!("  {:<24} {}", status.as_str(), thousands(n as u64));
    }
    Ok(())
}
