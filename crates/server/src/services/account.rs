//! 我的: the certificate, 修改签署密码, paid orders and their e-invoices.

use cloudsign_contract::Money;
use cloudsign_contract::account::{
    AddUnit, CertificateView, ChangePassword, InvoiceView, IssueInvoice, PaidOrder, PaidOrders,
    Unit, UnitList,
};
use cloudsign_contract::registration::password_pair_error;
use cloudsign_contract::rules::{Email, TaxNumber, UnitName, invoice_title_error, mask_name};

use crate::AppState;
use crate::domain::sessions::token_hash;
use crate::domain::signing_key::{hash_password, open_key, seal_key};
use crate::error::AppError;
use crate::providers::InvoiceRequest;
use crate::services::credentials::check_password;
use crate::store::{InvoiceRow, NewInvoice, PaidOrderRow, UserRow};

const DAY: i64 = 86_400;

pub async fn certificate(state: &AppState, user: &UserRow) -> Result<CertificateView, AppError> {
    let certificate = state
        .store
        .valid_certificate(user.id)
        .await?
        .ok_or_else(|| AppError::NotFound("暂无有效证书".into()))?;
    let now = state.clock.now();
    let days_left = ((certificate.not_after - now) as f64 / DAY as f64)
        .ceil()
        .max(0.0) as i64;
    Ok(CertificateView {
        holder: mask_name(&user.name),
        unit_name: user.unit_name.clone(),
        serial: certificate.serial,
        issuer: certificate.issuer,
        algorithm: certificate.algorithm,
        not_before: certificate.not_before,
        not_after: certificate.not_after,
        status: if now < certificate.not_after {
            "valid"
        } else {
            "expired"
        }
        .into(),
        days_left,
        renewal_due: days_left <= state.config.renewal_window_days,
    })
}

/// 修改签署密码: the old one (it counts toward the lockout) opens the key, the new one seals it.
/// The person's other sessions end: whoever else was logged in must log in again.
pub async fn change_password(
    state: &AppState,
    user: &UserRow,
    session_token: &str,
    request: &ChangePassword,
) -> Result<(), AppError> {
    if request.old_password.is_empty() {
        return Err(AppError::BadRequest("请输入原签署密码".into()));
    }
    if let Some(message) = password_pair_error(&request.new_password, &request.confirm) {
        return Err(AppError::BadRequest(message.into()));
    }
    if request.new_password == request.old_password {
        return Err(AppError::BadRequest("新密码不能与原密码相同".into()));
    }
    check_password(state, user.id, &request.old_password).await?;
    let certificate = state
        .store
        .valid_certificate(user.id)
        .await?
        .ok_or_else(|| AppError::WrongStep("暂无有效证书".into()))?;
    let (sealed, old, new) = (
        certificate.sealed_key(),
        request.old_password.clone(),
        request.new_password.clone(),
    );
    let (resealed, hash) = state
        .hashing
        .run(move || {
            let key = open_key(&old, &sealed)
                .ok_or_else(|| anyhow::anyhow!("the right password did not open the key"))?;
            anyhow::Ok((seal_key(&new, &key)?, hash_password(&new)?))
        })
        .await??;
    let ended = state
        .store
        .replace_password(
            user.id,
            &certificate.serial,
            &hash,
            &resealed,
            &token_hash(session_token),
            state.clock.now(),
        )
        .await?;
    tracing::info!(
        user_id = user.id,
        other_sessions_ended = ended,
        "signing password changed, key re-sealed"
    );
    Ok(())
}

fn paid_order(row: PaidOrderRow, user: &UserRow) -> PaidOrder {
    PaidOrder {
        order_no: row.order_no,
        product_name: row.product_name,
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
        .map(|row| paid_order(row, user))
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
        .paid_orders(user.id)
        .await?
        .into_iter()
        .find(|row| row.order_no == order_no)
        .ok_or_else(|| AppError::NotFound("订单不存在".into()))
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
        product_name,
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
        return Err(AppError::BadRequest(message.into()));
    }
    let tax_number = TaxNumber::parse(&request.tax_number)
        .map_err(|err| AppError::BadRequest(err.message().into()))?;
    let email =
        Email::parse(&request.email).map_err(|err| AppError::BadRequest(err.message().into()))?;
    let now = state.clock.now();
    let title = request.title.trim();
    // One invoice per order: only the request that claims the order asks the platform.
    if !state.store.claim_invoice(order_no, now).await? {
        return match state.store.invoice(order_no).await? {
            Some(existing) => Ok(invoice_view(existing, order.product_name)),
            None => Err(AppError::WrongStep("发票正在开具，请稍后刷新查看".into())),
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
        .ok_or_else(|| AppError::NotFound("发票未开具".into()))?;
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
        .ok_or_else(|| AppError::NotFound("发票未开具".into()))
}

/// 切换单位: the person's units, the current one marked.
pub async fn units(state: &AppState, user: &UserRow) -> Result<UnitList, AppError> {
    let units = state
        .store
        .units(user.id)
        .await?
        .into_iter()
        .map(|row| Unit {
            current: row.unit_name == user.unit_name,
            id: row.id,
            name: row.unit_name,
            role: row.role,
            role_name: row.role_name,
        })
        .collect();
    Ok(UnitList { units })
}

/// 添加单位 (name and role), checked as on 注册.
pub async fn add_unit(
    state: &AppState,
    user: &UserRow,
    request: &AddUnit,
) -> Result<UnitList, AppError> {
    let name =
        UnitName::parse(&request.name).map_err(|err| AppError::BadRequest(err.message().into()))?;
    if !state.store.role_exists(&request.role).await? {
        return Err(AppError::BadRequest("请选择用户角色".into()));
    }
    if !state
        .store
        .add_unit(user.id, name.as_str(), &request.role, state.clock.now())
        .await?
    {
        return Err(AppError::BadRequest("该单位已添加".into()));
    }
    units(state, user).await
}

/// Makes a unit the current one: shown on 首页 and used when signing.
pub async fn switch_unit(
    state: &AppState,
    user: &UserRow,
    unit_id: i64,
) -> Result<UnitList, AppError> {
    if !state.store.switch_unit(user.id, unit_id).await? {
        return Err(AppError::NotFound("单位不存在".into()));
    }
    let user = state
        .store
        .find_user_by_id(user.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("user vanished"))?;
    units(state, &user).await
}
