//! Where uploaded files live: a directory (the default, one instance or a shared volume) or the
//! database (several instances without a shared directory). Keys are `<registration>/<name>`.

use std::path::PathBuf;

use async_trait::async_trait;

use crate::clock::Clock;
use crate::store::Store;

#[async_trait]
pub trait FileStore: Send + Sync {
    async fn put(&self, key: &str, bytes: &[u8]) -> anyhow::Result<()>;
    async fn get(&self, key: &str) -> anyhow::Result<Vec<u8>>;
    /// Deletes every file under `prefix/` (none is not an error).
    async fn delete_all(&self, prefix: &str) -> anyhow::Result<()>;
}

/// Files under a directory (`<data>/uploads`).
pub struct LocalFiles {
    pub root: PathBuf,
}

#[async_trait]
impl FileStore for LocalFiles {
    async fn put(&self, key: &str, bytes: &[u8]) -> anyhow::Result<()> {
        let path = self.root.join(key);
        if let Some(dir) = path.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        Ok(tokio::fs::write(path, bytes).await?)
    }

    async fn get(&self, key: &str) -> anyhow::Result<Vec<u8>> {
        // Rows written before keys were relative hold absolute paths; `join` keeps those.
        Ok(tokio::fs::read(self.root.join(key)).await?)
    }

    async fn delete_all(&self, prefix: &str) -> anyhow::Result<()> {
        match tokio::fs::remove_dir_all(self.root.join(prefix)).await {
            Err(err) if err.kind() != std::io::ErrorKind::NotFound => Err(err.into()),
            _ => Ok(()),
        }
    }
}

/// Files in the database's `files` table.
pub struct DatabaseFiles {
    pub store: Store,
    pub clock: std::sync::Arc<dyn Clock>,
}

#[async_trait]
impl FileStore for DatabaseFiles {
    async fn put(&self, key: &str, bytes: &[u8]) -> anyhow::Result<()> {
        Ok(self.store.put_file(key, bytes, self.clock.now()).await?)
    }

    async fn get(&self, key: &str) -> anyhow::Result<Vec<u8>> {
        self.store
            .file(key)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no file {key}"))
    }

    async fn delete_all(&self, prefix: &str) -> anyhow::Result<()> {
        Ok(self.store.delete_files(prefix).await?)
    }
}
