//! The sandbox e-invoice platform and mail outbox: invoices numbered and rendered here, mail
//! kept for `GET /sandbox/mail?to=…` (and the log) instead of being delivered.

use std::sync::Arc;

use async_trait::async_trait;
use axum::Json;
use axum::extract::State;
use cloudsign_contract::Money;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::clock::Clock;
use crate::domain::invoice_pdf::{InvoiceContent, invoice_pdf};
use crate::error::AppError;
use crate::extract::Query;
use crate::providers::{InvoiceProvider, InvoiceRequest, IssuedInvoice, Mailer};
use crate::store::Store;

pub const SELLER: &str = "云签署（沙箱）数字证书服务";

pub struct SandboxInvoices {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
}

/// China's date of a Unix time, `YYYY-MM-DD`.
fn china_day(unix: i64) -> String {
    let date = crate::domain::calendar::china_date(unix);
    format!("{:04}-{:02}-{:02}", date.year, date.month, date.day)
}

#[async_trait]
impl InvoiceProvider for SandboxInvoices {
    async fn issue(&self, request: InvoiceRequest<'_>) -> anyhow::Result<IssuedInvoice> {
        // 20 digits as national e-invoice numbers have: year, sandbox region code, a sequence.
        let sequence = self
            .store
            .next_sandbox_invoice_sequence(request.order_no)
            .await?;
        let date = crate::domain::calendar::china_date(request.issued_at);
        let invoice_no = format!("{:02}44{sequence:016}", date.year % 100);
        let amount = Money {
            fen: request.amount_fen.max(0) as u64,
        }
        .to_string();
        let pdf = invoice_pdf(&InvoiceContent {
            invoice_no: &invoice_no,
            issued_on: &china_day(request.issued_at),
            seller: SELLER,
            buyer_title: request.title,
            buyer_tax_number: request.tax_number,
            item: request.item,
            amount: &amount,
            order_no: request.order_no,
        });
        Ok(IssuedInvoice { invoice_no, pdf })
    }
}

#[async_trait]
impl Mailer for SandboxInvoices {
    async fn send(
        &self,
        to: &str,
        subject: &str,
        body: &str,
        attachment: Option<(&str, &[u8])>,
    ) -> anyhow::Result<()> {
        tracing::info!(to, subject, "sandbox mail");
        self.store
            .insert_sandbox_mail(to, subject, body, attachment, self.clock.now())
            .await?;
        Ok(())
    }
}

#[derive(Deserialize)]
pub struct OutboxQuery {
    to: String,
}

/// `GET /sandbox/mail?to=…`: the messages sent there, newest first.
pub async fn outbox(
    State(state): State<AppState>,
    Query(query): Query<OutboxQuery>,
) -> Result<Json<Value>, AppError> {
    let mail = state
        .store
        .sandbox_mail(&query.to.trim().to_ascii_lowercase())
        .await?;
    Ok(Json(json!(
        mail.into_iter()
            .map(
                |(subject, body, attachment_name, attachment_bytes, sent_at)| json!({
                    "subject": subject, "body": body, "attachment": attachment_name,
                    "attachment_bytes": attachment_bytes, "sent_at": sent_at,
                })
            )
            .collect::<Vec<_>>()
    )))
}
