use super::Store;

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct SandboxPrepay {
    pub prepay_id: String,
    pub order_no: String,
    pub amount_fen: i64,
    pub channel: String,
    pub redirect_url: Option<String>,
    pub status: String,
    pub transaction_id: Option<String>,
}

const COLUMNS: &str =
    "prepay_id, order_no, amount_fen, channel, redirect_url, status, transaction_id";

impl Store {
    pub async fn insert_sandbox_prepay(
        &self,
        prepay: &SandboxPrepay,
        now: i64,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO sandbox_wxpay (prepay_id, order_no, amount_fen, channel, redirect_url, status, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 'open', ?6)",
        )
        .bind(&prepay.prepay_id)
        .bind(&prepay.order_no)
        .bind(prepay.amount_fen)
        .bind(&prepay.channel)
        .bind(&prepay.redirect_url)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn sandbox_prepay(&self, prepay_id: &str) -> sqlx::Result<Option<SandboxPrepay>> {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM sandbox_wxpay WHERE prepay_id = ?1"
        ))
        .bind(prepay_id)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn sandbox_paid_prepay_for(
        &self,
        order_no: &str,
    ) -> sqlx::Result<Option<SandboxPrepay>> {
        sqlx::query_as(&format!(
            "SELECT {COLUMNS} FROM sandbox_wxpay WHERE order_no = ?1 AND status = 'paid' LIMIT 1"
        ))
        .bind(order_no)
        .fetch_optional(&self.pool)
        .await
    }

    /// Pays an open prepay; false when it was paid or closed already.
    pub async fn pay_sandbox_prepay(
        &self,
        prepay_id: &str,
        transaction_id: &str,
        now: i64,
    ) -> sqlx::Result<bool> {
        let result = sqlx::query(
            "UPDATE sandbox_wxpay SET status = 'paid', transaction_id = ?2, paid_at = ?3 WHERE prepay_id = ?1 AND status = 'open'",
        )
        .bind(prepay_id)
        .bind(transaction_id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    pub async fn close_sandbox_prepays(&self, order_no: &str) -> sqlx::Result<()> {
        sqlx::query(
            "UPDATE sandbox_wxpay SET status = 'closed' WHERE order_no = ?1 AND status = 'open'",
        )
        .bind(order_no)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
