use super::Store;

impl Store {
    /// Counts a request in its bucket's window and answers the count including it.
    pub async fn hit_rate_limit(&self, bucket: &str, window_start: i64) -> sqlx::Result<u32> {
        on_db!(self, |pool| {
            let (hits,): (i64,) = sqlx::query_as(
                "INSERT INTO rate_limits (bucket, window_start, hits) VALUES ($1, $2, 1)
                 ON CONFLICT (bucket, window_start) DO UPDATE SET hits = rate_limits.hits + 1
                 RETURNING hits",
            )
            .bind(bucket)
            .bind(window_start)
            .fetch_one(pool)
            .await?;
            Ok(hits.clamp(0, u32::MAX as i64) as u32)
        })
    }

    /// Forgets windows that ended before `before`.
    pub async fn purge_rate_limits(&self, before: i64) -> sqlx::Result<u64> {
        on_db!(self, |pool| {
            let result = sqlx::query("DELETE FROM rate_limits WHERE window_start < $1")
                .bind(before)
                .execute(pool)
                .await?;
            Ok(result.rows_affected())
        })
    }
}
