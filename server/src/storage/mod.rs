//! Files (signed letters, later attachments) in object storage: a local folder by default.
//! Keys are random ids, never names or NIKs.

use bytes::Bytes;
use object_store::{ObjectStore, PutPayload, local::LocalFileSystem, path::Path};
use std::sync::Arc;

/// One stored file, as [`FileStore::list`] reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub key: String,
    pub size: u64,
    pub modified_ms: i64,
}

#[derive(Clone)]
pub struct FileStore {
    inner: Arc<dyn ObjectStore>,
}

impl FileStore {
    pub fn local(dir: &std::path::Path) -> anyhow::Result<FileStore> {
        std::fs::create_dir_all(dir)?;
        Ok(FileStore { inner: Arc::new(LocalFileSystem::new_with_prefix(dir)?) })
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

    /// Every stored file (any order).
    pub async fn list(&self) -> Result<Vec<StoredFile>, object_store::Error> {
        use futures::TryStreamExt;
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
}
