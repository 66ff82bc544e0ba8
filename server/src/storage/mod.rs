//! Files (signed letters, attachments, emblems, import reports) in object storage: a local
//! folder by default, or an S3-compatible bucket (`SERAMBI_FILES=s3://BUCKET/PREFIX`).
//! Keys are random ids, never names or NIKs.

mod location;
pub mod sweep;

use crate::config::Config;
use bytes::Bytes;
use futures::TryStreamExt;
use object_store::{ObjectStore, PutPayload, local::LocalFileSystem, path::Path};
use std::sync::Arc;

pub use location::Location;

#[derive(Clone)]
pub struct FileStore {
    inner: Arc<dyn ObjectStore>,
    describe: String,
}

/// One stored file, as [`FileStore::list`] sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub key: String,
    pub size: u64,
    /// Last modified, unix milliseconds.
    pub modified_ms: i64,
}

impl FileStore {
    /// The store `SERAMBI_FILES` names; an S3 store is checked with one request, so wrong
    /// settings stop the start with a message instead of failing the first letter.
    pub async fn open(config: &Config) -> anyhow::Result<FileStore> {
        match Location::parse(config)? {
            Location::Folder(dir) => FileStore::local(&dir)
                .map_err(|e| anyhow::anyhow!("folder berkas {} tidak bisa dipakai: {e}", dir.display())),
            Location::S3(s3) => {
                let describe = s3.describe();
                let store = FileStore { inner: s3.build()?, describe };
                store.check().await?;
                Ok(store)
            }
        }
    }

    pub fn local(dir: &std::path::Path) -> anyhow::Result<FileStore> {
        std::fs::create_dir_all(dir)?;
        Ok(FileStore {
            inner: Arc::new(LocalFileSystem::new_with_prefix(dir)?),
            describe: format!("folder {}", dir.display()),
        })
    }

    /// Where the files are, for the log (no secret in it).
    pub fn describe(&self) -> &str {
        &self.describe
    }

    pub async fn put(&self, key: &str, bytes: Vec<u8>) -> Result<(), object_store::Error> {
        self.inner.put(&Path::from(key), PutPayload::from(bytes)).await?;
        Ok(())
    }

    pub async fn get(&self, key: &str) -> Result<Bytes, object_store::Error> {
        self.inner.get(&Path::from(key)).await?.bytes().await
    }

    pub async fn delete(&self, key: &str) -> Result<(), object_store::Error> {
        self.inner.delete(&Path::from(key)).await
    }

    /// Every stored file with its size and time (for the orphan sweep and backups).
    pub async fn list(&self) -> Result<Vec<StoredFile>, object_store::Error> {
        self.inner
            .list(None)
            .map_ok(|m| StoredFile {
                key: m.location.to_string(),
                size: m.size,
                modified_ms: m.last_modified.timestamp_millis(),
            })
            .try_collect()
            .await
    }

    /// Whether the store answers (at start; readiness checks may use it too): one listing that
    /// needs the bucket and the credentials.
    pub async fn check(&self) -> anyhow::Result<()> {
        let probe = Path::from("serambi-cek-sambungan");
        match self.inner.list(Some(&probe)).try_next().await {
            Ok(_) => Ok(()),
            // object_store has no variant for it: S3's error code `NoSuchBucket` is in the text.
            Err(e) if matches!(e, object_store::Error::NotFound { .. }) || e.to_string().contains("NoSuchBucket") => {
                anyhow::bail!("penyimpanan berkas {}: bucket tidak ada (buat dulu bucket-nya)", self.describe)
            }
            Err(e) => anyhow::bail!(
                "penyimpanan berkas {} tidak bisa dipakai (periksa SERAMBI_S3_ENDPOINT, SERAMBI_S3_REGION dan kunci \
                 aksesnya): {e}",
                self.describe
            ),
        }
    }
}
