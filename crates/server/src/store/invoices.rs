use super::Store;

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct PaidOrderRow {
    pub order_no: String,
    pub product_name: String,
    pub amount_fen: i64,
    pub created_at: i64,
    pub paid_at: i64,
    pub invoiced: bool,
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct InvoiceRow {
    pub order_no: String,
    pub invoice_no: String,
    pub title: String,
    pub tax_number: String,
    pub email: String,
    pub amount_fen: i64,
    pub issued_at: i64,
}

pub struct NewInvoice<'a> {
    pub order_no: &'a str,
    pub invoice_no: &'a str,
    pub title: &'a str,
    pub tax_number: &'a str,
    pub email: &'a str,
    pub amount_fen: i64,
    pub issued_at: i64,
    pub pdf: &'a [u8],
}

impl Store {
    /// 我的订单: the person's paid orders, newest first.
    pub async fn paid_orders(&self, user_id: i64) -> sqlx::Result<Vec<PaidOrderRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT orders.order_no, orders.product_name, orders.amount_fen, orders.created_at, orders.paid_at,
                        EXISTS (SELECT 1 FROM invoices WHERE invoices.order_no = orders.order_no) AS invoiced
                 FROM orders JOIN registrations ON registrations.id = orders.registration_id
                 WHERE registrations.user_id = $1 AND orders.status = 'paid'
                 ORDER BY orders.paid_at DESC",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await
        })
    }

    /// One paid order of the person's.
    pub async fn paid_order(
        &self,
        user_id: i64,
        order_no: &str,
    ) -> sqlx::Result<Option<PaidOrderRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT orders.order_no, orders.product_name, orders.amount_fen, orders.created_at, orders.paid_at,
                        EXISTS (SELECT 1 FROM invoices WHERE invoices.order_no = orders.order_no) AS invoiced
                 FROM orders JOIN registrations ON registrations.id = orders.registration_id
                 WHERE registrations.user_id = $1 AND orders.order_no = $2 AND orders.status = 'paid'",
            )
            .bind(user_id)
            .bind(order_no)
            .fetch_optional(pool)
            .await
        })
    }

    pub async fn invoice(&self, order_no: &str) -> sqlx::Result<Option<InvoiceRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT order_no, invoice_no, title, tax_number, email, amount_fen, issued_at FROM invoices WHERE order_no = $1",
            )
            .bind(order_no)
            .fetch_optional(pool)
            .await
        })
    }

    pub async fn invoice_pdf(&self, order_no: &str) -> sqlx::Result<Option<Vec<u8>>> {
        on_db!(self, |pool| {
            let row: Option<(Vec<u8>,)> =
                sqlx::query_as("SELECT pdf FROM invoices WHERE order_no = $1")
                    .bind(order_no)
                    .fetch_optional(pool)
                    .await?;
            Ok(row.map(|(pdf,)| pdf))
        })
    }

    /// Claims the order for the one request that will have its invoice issued; false when
    /// another holds the claim (a claim left for five minutes without an invoice is taken to
    /// have failed and can be claimed again).
    pub async fn claim_invoice(&self, order_no: &str, now: i64) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let result = sqlx::query(
                "INSERT INTO invoice_claims (order_no, claimed_at) VALUES ($1, $2)
                 ON CONFLICT (order_no) DO UPDATE SET claimed_at = excluded.claimed_at
                 WHERE invoice_claims.claimed_at < excluded.claimed_at - 300
                   AND NOT EXISTS (SELECT 1 FROM invoices WHERE invoices.order_no = excluded.order_no)",
            )
            .bind(order_no)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    pub async fn release_invoice_claim(&self, order_no: &str) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query("DELETE FROM invoice_claims WHERE order_no = $1")
                .bind(order_no)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// The sandbox invoice platform's next number: a sequence, so that invoices issued at once
    /// never share one.
    pub async fn next_sandbox_invoice_sequence(&self, order_no: &str) -> sqlx::Result<i64> {
        on_db!(self, |pool| {
            let (sequence,): (i64,) = sqlx::query_as(
                "INSERT INTO sandbox_invoice_numbers (order_no) VALUES ($1) RETURNING sequence",
            )
            .bind(order_no)
            .fetch_one(pool)
            .await?;
            Ok(sequence)
        })
    }

    /// Keeps the first invoice of an order: false when one existed (nothing is written).
    pub async fn insert_invoice(&self, invoice: NewInvoice<'_>) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let result = sqlx::query(
                "INSERT INTO invoices (order_no, invoice_no, title, tax_number, email, amount_fen, issued_at, pdf)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT DO NOTHING",
            )
            .bind(invoice.order_no)
            .bind(invoice.invoice_no)
            .bind(invoice.title)
            .bind(invoice.tax_number)
            .bind(invoice.email)
            .bind(invoice.amount_fen)
            .bind(invoice.issued_at)
            .bind(invoice.pdf)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    pub async fn insert_sandbox_mail(
        &self,
        to: &str,
        subject: &str,
        body: &str,
        attachment: Option<(&str, &[u8])>,
        now: i64,
    ) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO sandbox_mail (to_addr, subject, body, attachment_name, attachment, sent_at)
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(to)
            .bind(subject)
            .bind(body)
            .bind(attachment.map(|(name, _)| name))
            .bind(attachment.map(|(_, bytes)| bytes))
            .bind(now)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// (subject, body, attachment name, attachment size, sent_at), newest first.
    #[allow(clippy::type_complexity)]
    pub async fn sandbox_mail(
        &self,
        to: &str,
    ) -> sqlx::Result<Vec<(String, String, Option<String>, Option<i64>, i64)>> {
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT subject, body, attachment_name, CAST(length(attachment) AS BIGINT), sent_at FROM sandbox_mail
                 WHERE to_addr = $1 ORDER BY id DESC",
            )
            .bind(to)
            .fetch_all(pool)
            .await
        })
    }
}
