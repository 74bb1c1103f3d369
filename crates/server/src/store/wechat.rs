use super::Store;

impl Store {
    /// A cached WeChat credential (`access_token` or `jsapi_ticket`) that lasts at least until
    /// `until`.
    pub async fn wechat_credential(
        &self,
        app_id: &str,
        kind: &str,
        until: i64,
    ) -> sqlx::Result<Option<String>> {
        on_db!(self, |pool| {
            let row: Option<(String,)> = sqlx::query_as(
                "SELECT value FROM wechat_credentials WHERE app_id = $1 AND kind = $2 AND expires_at > $3",
            )
            .bind(app_id)
            .bind(kind)
            .bind(until)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(|(value,)| value))
        })
    }

    pub async fn save_wechat_credential(
        &self,
        app_id: &str,
        kind: &str,
        value: &str,
        fetched_at: i64,
        expires_at: i64,
    ) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO wechat_credentials (app_id, kind, value, fetched_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (app_id, kind) DO UPDATE SET value = excluded.value,
                     fetched_at = excluded.fetched_at, expires_at = excluded.expires_at",
            )
            .bind(app_id)
            .bind(kind)
            .bind(value)
            .bind(fetched_at)
            .bind(expires_at)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Drops a credential WeChat no longer accepts.
    pub async fn forget_wechat_credential(&self, app_id: &str, kind: &str) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query("DELETE FROM wechat_credentials WHERE app_id = $1 AND kind = $2")
                .bind(app_id)
                .bind(kind)
                .execute(pool)
                .await?;
            Ok(())
        })
    }
}
