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
    /// The order's time_expire: no payment after it.
    pub expires_at: Option<i64>,
}

const COLUMNS: &str =
    "prepay_id, order_no, amount_fen, channel, redirect_url, status, transaction_id, expires_at";

impl Store {
    pub async fn insert_sandbox_prepay(
        &self,
        prepay: &SandboxPrepay,
        now: i64,
    ) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO sandbox_wxpay (prepay_id, order_no, amount_fen, channel, redirect_url, status, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5, 'open', $6, $7)",
            )
            .bind(&prepay.prepay_id)
            .bind(&prepay.order_no)
            .bind(prepay.amount_fen)
            .bind(&prepay.channel)
            .bind(&prepay.redirect_url)
            .bind(now)
            .bind(prepay.expires_at)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn sandbox_prepay(&self, prepay_id: &str) -> sqlx::Result<Option<SandboxPrepay>> {
        on_db!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM sandbox_wxpay WHERE prepay_id = $1"
            ))
            .bind(prepay_id)
            .fetch_optional(pool)
            .await
        })
    }

    pub async fn sandbox_paid_prepay_for(
        &self,
        order_no: &str,
    ) -> sqlx::Result<Option<SandboxPrepay>> {
        on_db!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM sandbox_wxpay WHERE order_no = $1 AND status = 'paid' LIMIT 1"
            ))
            .bind(order_no)
            .fetch_optional(pool)
            .await
        })
    }

    /// Pays an open prepay before its order's time_expire, unless another prepay of the same
    /// order was paid (one payment per out_trade_no; a unique index decides between two paid at
    /// once); false otherwise.
    pub async fn pay_sandbox_prepay(
        &self,
        prepay_id: &str,
        transaction_id: &str,
        now: i64,
    ) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let result = sqlx::query(
                "UPDATE sandbox_wxpay SET status = 'paid', transaction_id = $2, paid_at = $3
                 WHERE prepay_id = $1 AND status = 'open' AND (expires_at IS NULL OR expires_at > $3)
                   AND NOT EXISTS (SELECT 1 FROM sandbox_wxpay AS other
                                   WHERE other.order_no = sandbox_wxpay.order_no AND other.status = 'paid')",
            )
            .bind(prepay_id)
            .bind(transaction_id)
            .bind(now)
            .execute(pool)
            .await;
            match result {
                Ok(result) => Ok(result.rows_affected() == 1),
                Err(sqlx::Error::Database(error)) if error.is_unique_violation() => Ok(false),
                Err(error) => Err(error),
            }
        })
    }

    pub async fn close_sandbox_prepays(&self, order_no: &str) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE sandbox_wxpay SET status = 'closed' WHERE order_no = $1 AND status = 'open'",
            )
            .bind(order_no)
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}
