//! Importing the population record from a Dukcapil/SIAK CSV export.
//!
//! One file is one batch: its good rows are inserted or updated inside one transaction,
//! together with the import's own row and counts. A crash, a database error or a file that
//! cannot be read leaves the record as it was. Bad rows do not stop the batch: each one is
//! listed in a report (line, column, reason) and the rest go in.
//!
//! Reading and checking run on a blocking thread and hand chunks of good rows to the
//! database side through a small channel, so both cores work.

use crate::audit::{self, Event};
use crate::db::{self, Db};
use chrono::NaiveDate;
use domain::AuditAction;
use domain::population::{self as pop, Column, Header, Person, Problem, Regions};
use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};
use tokio::sync::mpsc;

/// Rows per INSERT statement (sent as one JSON parameter of about 2 MB).
pub const CHUNK_ROWS: usize = 10_000;
/// Problems kept in the database for the admin page; the report file has all of them.
pub const PROBLEMS_KEPT: usize = 1000;
/// The header line must fit in this many bytes.
const MAX_HEADER_BYTES: u64 = 64 * 1024;

/// Live counters for a progress bar or the admin page.
#[derive(Debug, Default)]
pub struct Progress {
    pub rows: AtomicU64,
    pub bytes: AtomicU64,
    pub total_bytes: AtomicU64,
    /// Every row is read: the last counts and the commit remain.
    pub saving: AtomicBool,
}

impl Progress {
    /// `membaca` or `menyimpan`, as the import's row stores it.
    pub fn phase(&self) -> &'static str {
        if self.saving.load(Ordering::Relaxed) { "menyimpan" } else { "membaca" }
    }
}

/// What to import and who asked.
pub struct Source {
    /// The import's id (a new UUID).
    pub id: String,
    pub path: PathBuf,
    /// The file name people know it by (no folders).
    pub name: String,
    /// The admin's user id for web uploads; None for the command line.
    pub started_by: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Summary {
    pub id: String,
    pub rows_total: u64,
    pub rows_ok: u64,
    pub rows_rejected: u64,
    pub inserted: u64,
    pub updated: u64,
    pub unchanged: u64,
    /// Header names that are not part of the format (ignored).
    pub ignored_columns: Vec<String>,
    pub separator: char,
    pub sha256: String,
    pub elapsed: Duration,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The file as a whole cannot be imported; nothing was changed. The message is for people.
    #[error("{0}")]
    Refused(String),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

impl From<sqlx::Error> for ImportError {
    fn from(e: sqlx::Error) -> Self {
        ImportError::Other(e.into())
    }
}

/// The report file written next to an input file: `penduduk.csv` → `penduduk.laporan.csv`.
pub fn report_path(input: &Path) -> PathBuf {
    let stem = input.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "impor".into());
    input.with_file_name(format!("{stem}.laporan.csv"))
}

/// Imports `src`, writing every problem to `report`. Returns the counts, or why nothing changed.
pub async fn run(
    db: &Db,
    src: Source,
    report: &Path,
    progress: Arc<Progress>,
    today: NaiveDate,
) -> Result<Summary, ImportError> {
    let started = Instant::now();
    let size = std::fs::metadata(&src.path)
        .map_err(|e| ImportError::Refused(format!("Berkas {} tidak dapat dibuka: {e}", src.name)))?
        .len();
    progress.total_bytes.store(size, Ordering::Relaxed);
    let writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_path(report)
        .map_err(|e| ImportError::Refused(format!("Laporan {} tidak dapat ditulis: {e}", report.display())))?;
    // With the national region list loaded, NIK and KK numbers are held to its kecamatan;
    // without it (an empty list) only to this deployment's own.
    let national = db::regions::kecamatan_codes(&db.pool).await?;
    let regions = Regions::from_kelurahan(db::offices::kelurahan_codes(&db.pool).await?.iter().map(String::as_str))
        .with_national_kecamatan(national.iter().map(String::as_str));
    let id = src.id.clone();
    let now = db::now_ms();
    db::imports::insert(&db.pool, &id, &src.name, size, src.started_by.as_deref(), now).await?;
    let by = src.started_by.as_deref();
    let published = super::running::publish(db, &id, progress.clone());
    let result = apply(db, (&id, by), &src.path, size, writer, regions, progress, today).await;
    drop(published);
    match result {
        Ok(mut summary) => {
            summary.elapsed = started.elapsed();
            crate::metrics::import_finished(summary.rows_total, summary.elapsed.as_secs_f64());
            tracing::info!(
                import_id = %id,
                rows = summary.rows_total,
                rejected = summary.rows_rejected,
                inserted = summary.inserted,
                updated = summary.updated,
                ms = summary.elapsed.as_millis() as u64,
                "population imported"
            );
            Ok(summary)
        }
        Err(e) => {
            let message = match &e {
                ImportError::Refused(m) => m.clone(),
                ImportError::Other(_) => "Impor gagal karena galat sistem; tidak ada data yang berubah.".into(),
            };
            if let ImportError::Other(cause) = &e {
                tracing::error!(import_id = %id, error = %cause, "population import failed");
            }
            db::imports::fail(&db.pool, &id, &message, db::now_ms()).await?;
            Err(e)
        }
    }
}

/// What the reading side learned about the file.
struct Parsed {
    rows_total: u64,
    rows_rejected: u64,
    problems: Vec<(u64, &'static str, String)>,
    ignored: Vec<String>,
    separator: u8,
    sha256: String,
}

/// SQLite's page cache for the import's connection, in KiB (a million NIKs' index is ~40 MB).
const IMPORT_CACHE_KIB: u32 = 65_536;

/// The same while the secondary indexes are built at the end.
const INDEX_BUILD_CACHE_KIB: u32 = 16_384;

/// Rows the duplicate check makes room for up front (more grow it).
const MAX_PRESIZED_ROWS: u64 = 4_000_000;

/// Bytes per row of a SIAK export, about: to guess a file's rows from its size.
const BYTES_PER_ROW: u64 = 150;

/// `(id, by)`: the import and who started it (None: the command line); `size`: the file's bytes.
#[allow(clippy::too_many_arguments)]
async fn apply(
    db: &Db,
    (id, by): (&str, Option<&str>),
    path: &Path,
    size: u64,
    writer: csv::Writer<std::fs::File>,
    regions: Regions,
    progress: Arc<Progress>,
    today: NaiveDate,
) -> Result<Summary, ImportError> {
    let (chunks_tx, mut chunks) = mpsc::channel::<Chunk>(4);
    let path = path.to_path_buf();
    let reading = progress.clone();
    let reader = tokio::task::spawn_blocking(move || read(&path, &regions, today, &chunks_tx, writer, &reading));

    let now = db::now_ms();
    // It counts the residents before writing: the write lock first, so no commit in between
    // can make its first write fail on SQLite.
    let mut tx = db.begin_bulk_write().await?;
    // A million random NIKs touch the NIK index all over: give this connection a page cache
    // that holds it while the import runs (the other indexes are rebuilt at the end, or few).
    db::sqlite_cache_kib(&mut tx, db.engine, IMPORT_CACHE_KIB).await?;
    let before = db::residents::count(&mut *tx).await? as u64;
    // Loading most of the record at once: the secondary indexes are dropped and built once at
    // the end (sorting a million keys once beats a million inserts at random places), in this
    // transaction, so nobody sees the record without them. On PostgreSQL dropping an index
    // (and the office reference, whose per-row look-up costs a quarter of the load) locks the
    // table against readers until the commit: there only for a first load, into a record
    // holding under 1% of the rows the file brings (e.g. a few demo residents).
    let expected = size / BYTES_PER_ROW;
    let rebuild = match db.engine {
        db::Engine::Sqlite => before * 2 < expected,
        db::Engine::Postgres => before * 100 < expected,
    };
    if rebuild {
        db::residents::drop_secondary_indexes(&mut tx).await?;
        db::residents::drop_office_reference(&mut tx, db.engine).await?;
    }
    let (mut ok, mut affected) = (0u64, 0u64);
    let mut failure = None;
    while let Some(chunk) = chunks.recv().await {
        match db::residents::upsert_json(&mut *tx, db.engine, chunk.json, now).await {
            Ok(n) => {
                affected += n;
                ok += chunk.rows as u64;
            }
            Err(e) => {
                // Closing the channel stops the reader at its next chunk.
                failure = Some(e);
                break;
            }
        }
    }
    drop(chunks);
    let parsed = reader.await.map_err(|e| anyhow::anyhow!("the import reader stopped: {e}"))?;
    progress.saving.store(true, Ordering::Relaxed);
    if let Some(e) = failure {
        return Err(e.into());
    }
    let parsed = parsed?;
    if rebuild {
        // The index builds sort in memory up to the page cache's size, while the cache itself
        // stays full: a smaller cache for them keeps the import's peak down.
        db::sqlite_cache_kib(&mut tx, db.engine, INDEX_BUILD_CACHE_KIB).await?;
        db::residents::create_secondary_indexes(&mut tx).await?;
        db::residents::add_office_reference(&mut tx, db.engine).await?;
    }
    // Every row's office was checked when read (`Regions`); SQLite wrote them without its own
    // check (`begin_bulk_write`), so the whole record is checked once here.
    if db.engine == db::Engine::Sqlite {
        let dangling = db::residents::dangling_offices(&mut *tx).await?;
        if !dangling.is_empty() {
            return Err(anyhow::anyhow!("residents name offices that do not exist: {dangling:?}").into());
        }
    }
    let after = db::residents::count(&mut *tx).await? as u64;
    let inserted = after.saturating_sub(before);
    let summary = Summary {
        id: id.to_string(),
        rows_total: parsed.rows_total,
        rows_ok: ok,
        rows_rejected: parsed.rows_rejected,
        inserted,
        updated: affected.saturating_sub(inserted),
        unchanged: ok.saturating_sub(affected),
        ignored_columns: parsed.ignored,
        separator: parsed.separator as char,
        sha256: parsed.sha256,
        elapsed: Duration::ZERO,
    };
    db::imports::insert_problems(&mut tx, id, &parsed.problems).await?;
    db::imports::finish(&mut *tx, &summary, db::now_ms()).await?;
    let detail = format!(
        "{} baris: {} diterima, {} ditolak; SHA-256 {}",
        summary.rows_total, summary.rows_ok, summary.rows_rejected, summary.sha256
    );
    audit::record(&mut tx, Event::new(AuditAction::ImporPenduduk, by).subject(id).detail(&detail)).await?;
    db::sqlite_cache_kib(&mut tx, db.engine, 2_000).await?;
    tx.commit().await?;
    db::analyze(db, &["residents"]).await?;
    Ok(summary)
}

/// Good rows on their way to the database, already as the JSON the statement unpacks (built on
/// the reading thread, so the database side only waits for the database).
struct Chunk {
    json: String,
    rows: usize,
}

impl Chunk {
    /// In NIK order: neighbouring keys land on the same index pages.
    fn of(people: &mut [Person]) -> Chunk {
        people.sort_unstable_by(|a, b| a.nik.as_str().cmp(b.nik.as_str()));
        Chunk { json: db::bulk::people_json(people), rows: people.len() }
    }
}

/// Hashes and counts the bytes of the file as they are read.
struct Counting<'a, R> {
    inner: R,
    hasher: Sha256,
    read: u64,
    progress: &'a Progress,
}

impl<R: Read> Read for Counting<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.read += n as u64;
        self.progress.bytes.store(self.read, Ordering::Relaxed);
        Ok(n)
    }
}

fn unreadable(e: impl std::fmt::Display) -> ImportError {
    ImportError::Refused(format!("Berkas tidak dapat dibaca sampai selesai ({e}); tidak ada data yang berubah."))
}

/// The header line: its separator, and which column is which.
fn read_header(input: &mut impl BufRead) -> Result<(Header, u8), ImportError> {
    let mut head = Vec::new();
    input.take(MAX_HEADER_BYTES).read_until(b'\n', &mut head).map_err(unreadable)?;
    let head_line = pop::strip_bom(&head);
    if head_line.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(ImportError::Refused("Berkas kosong: baris pertama harus baris judul kolom.".into()));
    }
    if !head.ends_with(b"\n") && head.len() as u64 == MAX_HEADER_BYTES {
        return Err(ImportError::Refused("Baris judul kolom terlalu panjang; apakah ini berkas CSV?".into()));
    }
    let separator = pop::detect_separator(head_line);
    let mut header_record = csv::ByteRecord::new();
    csv::ReaderBuilder::new()
        .delimiter(separator)
        .has_headers(false)
        .from_reader(head_line)
        .read_byte_record(&mut header_record)
        .map_err(unreadable)?;
    let header_fields: Vec<&str> = header_record
        .iter()
        .map(std::str::from_utf8)
        .collect::<Result<_, _>>()
        .map_err(|_| ImportError::Refused(NOT_UTF8_FILE.into()))?;
    let header = Header::parse(&header_fields).map_err(|e| {
        ImportError::Refused(format!("Baris judul: {e}. Format kolom ada di README (Impor data penduduk)."))
    })?;
    Ok((header, separator))
}

/// The reading side: header, then every row checked; good rows go to `out` in chunks,
/// problems to the report.
fn read(
    path: &Path,
    regions: &Regions,
    today: NaiveDate,
    out: &mpsc::Sender<Chunk>,
    mut report: csv::Writer<std::fs::File>,
    progress: &Progress,
) -> Result<Parsed, ImportError> {
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let counting = Counting { inner: file, hasher: Sha256::new(), read: 0, progress };
    let mut input = BufReader::with_capacity(1 << 20, counting);

    let (header, separator) = read_header(&mut input)?;

    report.write_record(["baris", "kolom", "alasan"]).map_err(report_failed)?;
    // Lines end at '\n' only: the reader's line numbers drift on CRLF files otherwise. The '\r'
    // of a CRLF file stays on the last field, which is trimmed like every other.
    let mut rows = csv::ReaderBuilder::new()
        .delimiter(separator)
        .terminator(csv::Terminator::Any(b'\n'))
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(input);
    let mut record = csv::ByteRecord::new();
    // Sized for the rows the file's size suggests: growing it would hold the old and the new
    // table at once (51 MB instead of 34 MB for a million NIKs).
    let expected = (std::fs::metadata(path).map_or(0, |m| m.len()) / BYTES_PER_ROW).min(MAX_PRESIZED_ROWS) as usize;
    let mut seen: HashMap<u64, u64> = HashMap::with_capacity(expected);
    let mut chunk = Vec::with_capacity(CHUNK_ROWS);
    let mut parsed = Parsed {
        rows_total: 0,
        rows_rejected: 0,
        problems: Vec::new(),
        ignored: header.ignored.clone(),
        separator,
        sha256: String::new(),
    };
    let mut problems: Vec<Problem> = Vec::new();
    loop {
        match rows.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(unreadable(e)),
        }
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue; // blank lines and rows of empty cells, as spreadsheets leave them
        }
        // The header is line 1; the reader counts the lines after it from 1.
        let line = record.position().map_or(0, |p| p.line()) + 1;
        parsed.rows_total += 1;
        problems.clear();
        let fields: Option<Vec<&str>> = record.iter().map(|f| std::str::from_utf8(f).ok()).collect();
        if let Some(fields) = fields {
            match pop::validate(&fields, &header, regions, today) {
                Ok(person) => {
                    let key: u64 = person.nik.as_str().parse().unwrap_or(0);
                    if let Some(first) = seen.get(&key) {
                        problems.push(Problem {
                            column: Some(Column::Nik),
                            reason: format!("NIK yang sama sudah ada di baris {first}"),
                        });
                    } else {
                        seen.insert(key, line);
                        chunk.push(person);
                        if chunk.len() == CHUNK_ROWS {
                            let full = Chunk::of(&mut chunk);
                            chunk.clear();
                            if out.blocking_send(full).is_err() {
                                return Err(anyhow::anyhow!("the database side stopped").into());
                            }
                        }
                    }
                }
                Err(found) => problems = found,
            }
        } else {
            problems.push(Problem { column: None, reason: NOT_UTF8_ROW.into() });
        }
        if !problems.is_empty() {
            parsed.rows_rejected += 1;
            // The report names columns and reasons, never the values of NIK or KK.
            for p in &problems {
                let column = p.column.map_or("-", Column::header);
                report.write_record([line.to_string().as_str(), column, p.reason.as_str()]).map_err(report_failed)?;
                if parsed.problems.len() < PROBLEMS_KEPT {
                    parsed.problems.push((line, column, p.reason.clone()));
                }
            }
        }
        if parsed.rows_total.is_multiple_of(1024) {
            progress.rows.store(parsed.rows_total, Ordering::Relaxed);
        }
    }
    progress.rows.store(parsed.rows_total, Ordering::Relaxed);
    if !chunk.is_empty() && out.blocking_send(Chunk::of(&mut chunk)).is_err() {
        return Err(anyhow::anyhow!("the database side stopped").into());
    }
    report.flush().map_err(report_failed)?;
    let input = rows.into_inner();
    parsed.sha256 = hex::encode(input.into_inner().hasher.finalize());
    Ok(parsed)
}

const NOT_UTF8_FILE: &str =
    "Berkas bukan teks UTF-8. Di spreadsheet, simpan ulang sebagai \"CSV UTF-8\" lalu impor lagi.";
const NOT_UTF8_ROW: &str = "baris ini bukan teks UTF-8 (simpan ulang berkas sebagai CSV UTF-8)";

fn report_failed(e: impl std::fmt::Display) -> ImportError {
    ImportError::Refused(format!("Laporan tidak dapat ditulis: {e}"))
}
