use super::Store;

impl Store {
    /// The cached jsapi_ticket if it lasts at least until `until`.
    pub async fn wechat_ticket(&self, app_id: &str, until: i64) -> sqlx::Result<Option<String>> {
        let row: Option<(String,)> = sqlx::query_as(
            "SELECT ticket FROM wechat_tickets WHERE app_id = ?1 AND expires_at > ?2",
        )
        .bind(app_id)
        .bind(until)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(|(ticket,)| ticket))
    }

    pub async fn save_wechat_ticket(
        &self,
        app_id: &str,
        ticket: &str,
        fetched_at: i64,
        expires_at: i64,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO wechat_tickets (app_id, ticket, fetched_at, expires_at) VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT (app_id) DO UPDATE SET ticket = excluded.ticket,
                 fetched_at = excluded.fetched_at, expires_at = excluded.expires_at",
        )
        .bind(app_id)
        .bind(ticket)
        .bind(fetched_at)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
