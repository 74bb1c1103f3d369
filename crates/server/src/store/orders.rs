use super::Store;
use crate::domain::orders::{CloseReason, OrderKind};

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct OrderRow {
    pub order_no: String,
    pub registration_id: String,
    pub org_id: String,
    pub product_name: String,
    pub amount_fen: i64,
    pub status: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub paid_at: Option<i64>,
    #[sqlx(try_from = "String")]
    pub kind: OrderKind,
    /// When the payment provider was last asked about it (unpaid orders).
    pub provider_checked_at: Option<i64>,
}

const COLUMNS: &str = "order_no, registration_id, org_id, product_name, amount_fen, status, created_at, expires_at, paid_at, kind, provider_checked_at";

pub struct NewOrder<'a> {
    pub order_no: &'a str,
    pub registration_id: &'a str,
    pub org_id: &'a str,
    pub product_name: &'a str,
    pub amount_fen: i64,
    pub created_at: i64,
    pub expires_at: i64,
    pub kind: OrderKind,
}

impl Store {
    pub async fn insert_order(&self, order: NewOrder<'_>) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO orders (order_no, registration_id, org_id, product_name, amount_fen, status, created_at, expires_at, kind)
                 VALUES ($1, $2, $3, $4, $5, 'unpaid', $6, $7, $8)",
            )
            .bind(order.order_no)
            .bind(order.registration_id)
            .bind(order.org_id)
            .bind(order.product_name)
            .bind(order.amount_fen)
            .bind(order.created_at)
            .bind(order.expires_at)
            .bind(order.kind.as_str())
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// The finished registration that made the person (what renewal orders belong to).
    pub async fn registration_of_user(&self, user_id: i64) -> sqlx::Result<Option<String>> {
        on_db!(self, |pool| {
            let row: Option<(String,)> = sqlx::query_as(
                "SELECT id FROM registrations WHERE user_id = $1 ORDER BY created_at LIMIT 1",
            )
            .bind(user_id)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(|(id,)| id))
        })
    }

    pub async fn find_order(&self, order_no: &str) -> sqlx::Result<Option<OrderRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(&format!("SELECT {COLUMNS} FROM orders WHERE order_no = $1"))
                .bind(order_no)
                .fetch_optional(pool)
                .await
        })
    }

    /// Claims the turn to ask the provider about an unpaid order: true for one caller at most
    /// every `interval` seconds per order.
    pub async fn claim_provider_check(
        &self,
        order_no: &str,
        now: i64,
        interval: i64,
    ) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let result = sqlx::query(
                "UPDATE orders SET provider_checked_at = $2
                 WHERE order_no = $1 AND status = 'unpaid'
                   AND (provider_checked_at IS NULL OR provider_checked_at <= $2 - $3)",
            )
            .bind(order_no)
            .bind(now)
            .bind(interval)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    /// The registration's newest order.
    pub async fn latest_order(&self, registration_id: &str) -> sqlx::Result<Option<OrderRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM orders WHERE registration_id = $1 ORDER BY created_at DESC, rowid DESC LIMIT 1"
            ))
            .bind(registration_id)
            .fetch_optional(pool)
            .await
        })
    }

    /// Closes the order if it is still unpaid; false when it was paid or closed already.
    pub async fn close_order_if_unpaid(
        &self,
        order_no: &str,
        reason: CloseReason,
        now: i64,
    ) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let result = sqlx::query(
                "UPDATE orders SET status = 'closed', closed_at = $2, close_reason = $3
                 WHERE order_no = $1 AND status = 'unpaid'",
            )
            .bind(order_no)
            .bind(now)
            .bind(reason.as_str())
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    /// Marks the order paid (the caller has the provider's word for it, which wins over a
    /// close here) and moves its registration on to 设置签署密码, together; false when it was
    /// paid already.
    pub async fn mark_order_paid(&self, order_no: &str, now: i64) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            let result = sqlx::query(
                "UPDATE orders SET status = 'paid', paid_at = $2, closed_at = NULL, close_reason = NULL
                 WHERE order_no = $1 AND status IN ('unpaid', 'closed')",
            )
            .bind(order_no)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if result.rows_affected() != 1 {
                return Ok(false);
            }
            sqlx::query(
                "UPDATE registrations SET step = 'password', updated_at = $2
                 WHERE id = (SELECT registration_id FROM orders WHERE order_no = $1) AND step = 'payment'",
            )
            .bind(order_no)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// Claims unpaid orders whose time is up, at most `limit`, for closing: each is answered to
    /// one caller at most every `interval` seconds, so that of several instances' sweepers only
    /// one asks the provider to close it (the claim is `claim_provider_check`'s, in one
    /// statement: a second instance's UPDATE waits for the first's row lock on PostgreSQL, or
    /// for its write on SQLite, and then finds the order claimed). A poll's check from before
    /// the expiry asked about a payment, not for a close, and does not hold the order back.
    pub async fn claim_expired_unpaid_orders(
        &self,
        now: i64,
        interval: i64,
        limit: i64,
    ) -> sqlx::Result<Vec<String>> {
        on_db!(self, |pool| {
            let rows: Vec<(String,)> = sqlx::query_as(
                "UPDATE orders SET provider_checked_at = $1
                 WHERE order_no IN (SELECT order_no FROM orders
                                    WHERE status = 'unpaid' AND expires_at <= $1
                                      AND (provider_checked_at IS NULL OR provider_checked_at < expires_at
                                           OR provider_checked_at <= $1 - $2)
                                    ORDER BY expires_at LIMIT $3)
                   AND status = 'unpaid'
                   AND (provider_checked_at IS NULL OR provider_checked_at < expires_at
                        OR provider_checked_at <= $1 - $2)
                 RETURNING order_no",
            )
            .bind(now)
            .bind(interval)
            .bind(limit)
            .fetch_all(pool)
            .await?;
            Ok(rows.into_iter().map(|(order_no,)| order_no).collect())
        })
    }
}
