use super::Store;

impl Store {
    pub async fn put_file(&self, key: &str, bytes: &[u8], now: i64) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO files (key, bytes, created_at) VALUES ($1, $2, $3)
                 ON CONFLICT (key) DO UPDATE SET bytes = excluded.bytes, created_at = excluded.created_at",
            )
            .bind(key)
            .bind(bytes)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn file(&self, key: &str) -> sqlx::Result<Option<Vec<u8>>> {
        on_db!(self, |pool| {
            let row: Option<(Vec<u8>,)> = sqlx::query_as("SELECT bytes FROM files WHERE key = $1")
                .bind(key)
                .fetch_optional(pool)
                .await?;
            Ok(row.map(|(bytes,)| bytes))
        })
    }

    /// Deletes every file under `prefix/`.
    pub async fn delete_files(&self, prefix: &str) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query("DELETE FROM files WHERE substr(key, 1, length($1) + 1) = $1 || '/'")
                .bind(prefix)
                .execute(pool)
                .await?;
            Ok(())
        })
    }
}
