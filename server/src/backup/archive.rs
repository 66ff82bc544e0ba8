//! The `.tar` itself: written and read on a blocking thread, handing entries to and from the
//! async side through a small bounded channel (so only a few files are in memory at once).

use super::manifest::{FILES_DIR, MANIFEST, Manifest, Seen};
use anyhow::Context;
use bytes::Bytes;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Read};
use std::path::{Path, PathBuf};
use tokio::sync::mpsc;

/// One entry to append: its path in the archive, its bytes and modification time.
pub struct Item {
    pub path: String,
    pub bytes: Bytes,
    pub mtime_s: u64,
}

/// An archive being written; the database dump goes in first, from its file.
pub struct Writer {
    tx: mpsc::Sender<Item>,
    thread: tokio::task::JoinHandle<anyhow::Result<u64>>,
}

impl Writer {
    pub fn start(archive: PathBuf, dump: PathBuf, dump_name: String) -> Writer {
        let (tx, rx) = mpsc::channel::<Item>(8);
        let thread = tokio::task::spawn_blocking(move || write(&archive, &dump, &dump_name, rx));
        Writer { tx, thread }
    }

    pub async fn add(&self, item: Item) -> anyhow::Result<()> {
        // A send fails only when the writer stopped; `finish` then reports why.
        let _ = self.tx.send(item).await;
        Ok(())
    }

    /// Closes the archive (flushed to disk); its size in bytes.
    pub async fn finish(self) -> anyhow::Result<u64> {
        drop(self.tx);
        self.thread.await.context("archive writer stopped")?
    }
}

fn write(archive: &Path, dump: &Path, dump_name: &str, mut rx: mpsc::Receiver<Item>) -> anyhow::Result<u64> {
    let file = File::create(archive).with_context(|| format!("tidak dapat menulis {}", archive.display()))?;
    let mut tar = tar::Builder::new(BufWriter::new(file));
    let mut dump_file = File::open(dump)?;
    let mut head = header(dump_file.metadata()?.len(), chrono::Utc::now().timestamp().max(0) as u64);
    tar.append_data(&mut head, dump_name, &mut dump_file)?;
    while let Some(item) = rx.blocking_recv() {
        let mut header = header(item.bytes.len() as u64, item.mtime_s);
        tar.append_data(&mut header, &item.path, &item.bytes[..])?;
    }
    let file = tar.into_inner()?.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()?;
    Ok(file.metadata()?.len())
}

fn header(size: u64, mtime_s: u64) -> tar::Header {
    let mut h = tar::Header::new_gnu();
    h.set_entry_type(tar::EntryType::Regular);
    h.set_size(size);
    h.set_mode(0o640);
    h.set_mtime(mtime_s);
    h
}

/// Reads the whole archive once: every entry's size and SHA-256, and the manifest.
pub fn scan(archive: &Path) -> anyhow::Result<(Option<Manifest>, BTreeMap<String, Seen>)> {
    let file = File::open(archive).with_context(|| format!("tidak dapat membuka {}", archive.display()))?;
    let mut tar = tar::Archive::new(file);
    let mut manifest = None;
    let mut seen = BTreeMap::new();
    for entry in tar.entries().context("arsip tar tidak dapat dibaca")? {
        let mut entry = entry.context("arsip tar rusak")?;
        let path = entry_path(&entry)?;
        if path == MANIFEST {
            let mut text = String::new();
            entry.by_ref().take(64 << 20).read_to_string(&mut text).context("manifest.json tidak dapat dibaca")?;
            manifest = Some(serde_json::from_str(&text).context("manifest.json tidak sah")?);
            continue;
        }
        let mut hasher = Sha256::new();
        let size = std::io::copy(&mut entry, &mut hasher).context("arsip tar rusak")?;
        seen.insert(path, Seen { size, sha256: hex::encode(hasher.finalize()) });
    }
    Ok((manifest, seen))
}

fn entry_path(entry: &tar::Entry<File>) -> anyhow::Result<String> {
    let path = entry.path().context("nama di arsip tidak sah")?;
    let text = path.to_str().ok_or_else(|| anyhow::anyhow!("nama di arsip tidak sah: {}", path.display()))?;
    Ok(text.to_string())
}

/// What the second reading hands over: first the database dump (written to a file), then each
/// stored file by key.
pub enum Part {
    Database(PathBuf),
    File(String, Vec<u8>),
}

/// Reads the archive again on a blocking thread, checking each part against the hashes of the
/// first reading (the archive must not change in between).
pub fn unpack(
    archive: PathBuf,
    dump_name: String,
    dump_to: PathBuf,
    hashes: BTreeMap<String, Seen>,
) -> (mpsc::Receiver<Part>, tokio::task::JoinHandle<anyhow::Result<()>>) {
    let (tx, rx) = mpsc::channel(4);
    let thread = tokio::task::spawn_blocking(move || {
        let check = |path: &str, sha256: String| match hashes.get(path) {
            Some(s) if s.sha256 == sha256 => Ok(()),
            _ => Err(anyhow::anyhow!("arsip berubah selama pemulihan: {path}")),
        };
        let mut tar = tar::Archive::new(File::open(&archive)?);
        for entry in tar.entries()? {
            let mut entry = entry?;
            let path = entry_path(&entry)?;
            let part = if path == dump_name {
                check(&path, copy_hashing(&mut entry, &dump_to)?)?;
                Part::Database(dump_to.clone())
            } else if let Some(key) = path.strip_prefix(FILES_DIR) {
                let mut bytes = Vec::with_capacity(entry.size() as usize);
                entry.read_to_end(&mut bytes)?;
                check(&path, super::sha256_hex(&bytes))?;
                Part::File(key.to_string(), bytes)
            } else {
                continue;
            };
            if tx.blocking_send(part).is_err() {
                break;
            }
        }
        Ok(())
    });
    (rx, thread)
}

/// Copies `from` into a new file `to`; the SHA-256 of what was copied.
fn copy_hashing(from: &mut impl Read, to: &Path) -> anyhow::Result<String> {
    let mut out = BufWriter::new(File::create(to).with_context(|| format!("tidak dapat menulis {}", to.display()))?);
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = from.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        std::io::Write::write_all(&mut out, &buf[..n])?;
    }
    out.into_inner().map_err(|e| e.into_error())?.sync_all()?;
    Ok(hex::encode(hasher.finalize()))
}
