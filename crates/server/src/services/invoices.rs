//! 我的订单 and e-invoices: paid orders only, one invoice per order, mailed as a PDF.

use cloudsign_contract::Money;
use cloudsign_contract::account::{InvoiceView, IssueInvoice, PaidOrder, PaidOrders};
use cloudsign_contract::rules::{Email, TaxNumber, invoice_title_error};

use crate::AppState;
use crate::error::AppError;
use crate::providers::InvoiceRequest;
use crate::store::{InvoiceRow, NewInvoice, PaidOrderRow, UserRow};

fn paid_order_view(row: PaidOrderRow, user: &UserRow) -> PaidOrder {
    PaidOrder {
        order_no: row.order_no,
        product_name: crate::i18n::stored_text(&row.product_name),
        amount: Money {
            fen: row.amount_fen.max(0) as u64,
        },
        period_years: 1,
        created_at: row.created_at,
        paid_at: row.paid_at,
        invoiced: row.invoiced,
        phone: user.phone.clone(),
    }
}

/// 我的订单: paid orders only, newest first.
pub async fn paid_orders(state: &AppState, user: &UserRow) -> Result<PaidOrders, AppError> {
    let orders = state
        .store
        .paid_orders(user.id)
        .await?
        .into_iter()
        .map(|row| paid_order_view(row, user))
        .collect();
    Ok(PaidOrders { orders })
}

async fn own_paid_order(
    state: &AppState,
    user: &UserRow,
    order_no: &str,
) -> Result<PaidOrderRow, AppError> {
    state
        .store
        .paid_order(user.id, order_no)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("订单不存在")))
}

/// 个人证书订单信息: one of the person's paid orders.
pub async fn paid_order(
    state: &AppState,
    user: &UserRow,
    order_no: &str,
) -> Result<PaidOrder, AppError> {
    Ok(paid_order_view(
        own_paid_order(state, user, order_no).await?,
        user,
    ))
}

fn invoice_view(row: InvoiceRow, product_name: String) -> InvoiceView {
    InvoiceView {
        invoice_no: row.invoice_no,
        order_no: row.order_no,
        title: row.title,
        tax_number: row.tax_number,
        email: row.email,
        amount: Money {
            fen: row.amount_fen.max(0) as u64,
        },
        // The invoice itself (its PDF) names the item in Chinese, as the tax bureau has it.
        product_name: crate::i18n::stored_text(&product_name),
        issued_at: row.issued_at,
    }
}

/// 开票's 「确定」: issues the e-invoice once (asking again returns the first) and mails it.
pub async fn issue_invoice(
    state: &AppState,
    user: &UserRow,
    order_no: &str,
    request: &IssueInvoice,
) -> Result<InvoiceView, AppError> {
    let order = own_paid_order(state, user, order_no).await?;
    if let Some(existing) = state.store.invoice(order_no).await? {
        return Ok(invoice_view(existing, order.product_name));
    }
    if let Some(message) = invoice_title_error(&request.title) {
        return Err(AppError::BadRequest(message));
    }
    let tax_number =
        TaxNumber::parse(&request.tax_number).map_err(|err| AppError::BadRequest(err.message()))?;
    let email = Email::parse(&request.email).map_err(|err| AppError::BadRequest(err.message()))?;
    let now = state.clock.now();
    let title = request.title.trim();
    // One invoice per order: only the request that claims the order asks the platform.
    if !state.store.claim_invoice(order_no, now).await? {
        return match state.store.invoice(order_no).await? {
            Some(existing) => Ok(invoice_view(existing, order.product_name)),
            None => Err(AppError::WrongStep(tr!("发票正在开具，请稍后刷新查看"))),
        };
    }
    let issued = match state
        .invoices
        .issue(InvoiceRequest {
            order_no,
            title,
            tax_number: tax_number.as_str(),
            item: &order.product_name,
            amount_fen: order.amount_fen,
            issued_at: now,
        })
        .await
    {
        Ok(issued) => issued,
        Err(err) => {
            state.store.release_invoice_claim(order_no).await?;
            return Err(err.into());
        }
    };
    let first = state
        .store
        .insert_invoice(NewInvoice {
            order_no,
            invoice_no: &issued.invoice_no,
            title,
            tax_number: tax_number.as_str(),
            email: email.as_str(),
            amount_fen: order.amount_fen,
            issued_at: now,
            pdf: &issued.pdf,
        })
        .await?;
    let stored = state
        .store
        .invoice(order_no)
        .await?
        .ok_or_else(|| anyhow::anyhow!("invoice {order_no} vanished"))?;
    if first {
        let body = format!(
            "您好：\n\n您的{}订单（{}）电子发票已开具，发票号码 {}，金额 {}，详见附件。\n\n云签署",
            order.product_name,
            order_no,
            stored.invoice_no,
            Money {
                fen: order.amount_fen.max(0) as u64
            }
        );
        let name = format!("电子发票-{}.pdf", stored.invoice_no);
        // The invoice stands even if the mail fails; it can be downloaded in the app.
        if let Err(err) = state
            .mailer
            .send(
                email.as_str(),
                "云签署电子发票",
                &body,
                Some((&name, &issued.pdf)),
            )
            .await
        {
            tracing::warn!(error = %err, order_no, "mailing the invoice failed");
        }
    }
    Ok(invoice_view(stored, order.product_name))
}

/// 查看发票
pub async fn invoice(
    state: &AppState,
    user: &UserRow,
    order_no: &str,
) -> Result<InvoiceView, AppError> {
    let order = own_paid_order(state, user, order_no).await?;
    let row = state
        .store
        .invoice(order_no)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("发票未开具")))?;
    Ok(invoice_view(row, order.product_name))
}

pub async fn invoice_pdf(
    state: &AppState,
    user: &UserRow,
    order_no: &str,
) -> Result<Vec<u8>, AppError> {
    own_paid_order(state, user, order_no).await?;
    state
        .store
        .invoice_pdf(order_no)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("发票未开具")))
}
