//! The certificate's payment order: created on 确认信息 with an SMS code, closed when cancelled
//! or when its time is up (by the sweeper, and on every read).

use cloudsign_contract::Money;
use cloudsign_contract::orders::{OrderStatus, OrderView};
use cloudsign_contract::registration::RegistrationStep;
use cloudsign_contract::rules::{Phone, SmsCode};
use cloudsign_contract::sms::SmsPurpose;

use crate::AppState;
use crate::domain::orders::{CloseReason, OrderKind, has_expired, new_order_no};
use crate::domain::orgs::{PRODUCT_NAME, org_from_row};
use crate::domain::sms::CodeCheck;
use crate::error::AppError;
use crate::services::sms::redeem_code;
use crate::services::{payments, registration};
use crate::store::{NewOrder, OrderRow, RegistrationRow};

async fn registration_at_payment(
    state: &AppState,
    registration_id: &str,
) -> Result<RegistrationRow, AppError> {
    let row = registration::find(state, registration_id).await?;
    match row.step() {
        RegistrationStep::Payment => Ok(row),
        RegistrationStep::Identity | RegistrationStep::RealName => {
            Err(AppError::WrongStep(tr!("请先完成实名认证")))
        }
        RegistrationStep::Password | RegistrationStep::Done => {
            Err(AppError::WrongStep(tr!("订单已支付")))
        }
    }
}

pub(crate) fn view(row: OrderRow, now: i64) -> OrderView {
    OrderView {
        order_no: row.order_no,
        product_name: crate::i18n::stored_text(&row.product_name),
        amount: Money {
            fen: row.amount_fen.max(0) as u64,
        },
        status: OrderStatus::parse(&row.status).unwrap_or(OrderStatus::Closed),
        created_at: row.created_at,
        expires_at: row.expires_at,
        paid_at: row.paid_at,
        server_now: now,
        renewal: row.kind == OrderKind::Renewal,
    }
}

/// The registration's newest order, with one whose time is up closed first.
async fn latest(state: &AppState, registration_id: &str) -> Result<Option<OrderRow>, AppError> {
    let now = state.clock.now();
    let Some(order) = state.store.latest_order(registration_id).await? else {
        return Ok(None);
    };
    if order.status == OrderStatus::Unpaid.as_str() && has_expired(order.expires_at, now) {
        payments::close(state, &order.order_no, CloseReason::Expired).await?;
        return Ok(state.store.find_order(&order.order_no).await?);
    }
    Ok(Some(order))
}

/// 确认信息's 「确定」: the open order if there is one (a retry never makes two), else a new one
/// for the organization's fee, once the SMS code is right.
pub async fn create(
    state: &AppState,
    registration_id: &str,
    sms_code: &str,
) -> Result<OrderView, AppError> {
    let row = registration_at_payment(state, registration_id).await?;
    let code = SmsCode::parse(sms_code).map_err(|err| AppError::BadRequest(err.message()))?;
    if let Some(open) = latest(state, &row.id)
        .await?
        .filter(|order| order.status == OrderStatus::Unpaid.as_str())
    {
        return Ok(view(open, state.clock.now()));
    }
    let phone = Phone::parse(&row.phone)
        .map_err(|err| AppError::Internal(anyhow::anyhow!("stored phone: {err}")))?;
    match redeem_code(state, &phone, SmsPurpose::Confirm, &code).await? {
        CodeCheck::Accepted => {}
        refused => return Err(AppError::InvalidCode(refused.message())),
    }
    let org = state
        .store
        .find_org(&row.org_id)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("机构不存在")))?;
    let fee = org_from_row(org, state.default_cert_fee()).product.fee;
    let now = state.clock.now();
    let order_no = new_order_no(now);
    state
        .store
        .insert_order(NewOrder {
            order_no: &order_no,
            registration_id: &row.id,
            org_id: &row.org_id,
            product_name: PRODUCT_NAME,
            amount_fen: fee.fen as i64,
            created_at: now,
            expires_at: now + state.config.order_ttl_secs,
            kind: OrderKind::Registration,
        })
        .await?;
    current(state, registration_id).await
}

/// The registration's order as it stands now; an unpaid one is checked with the payment
/// provider first, for when its notification has not come.
/// How often polling an unpaid order asks the payment provider.
pub const PROVIDER_CHECK_INTERVAL_SECS: i64 = 3;

pub async fn current(state: &AppState, registration_id: &str) -> Result<OrderView, AppError> {
    let order = latest(state, registration_id)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("订单不存在")))?;
    let now = state.clock.now();
    // No notification yet, perhaps: ask the provider (never the redirect), but not for every
    // poll: at most every few seconds per order, which a read decides without writing.
    let due = order
        .provider_checked_at
        .is_none_or(|checked| now - checked >= PROVIDER_CHECK_INTERVAL_SECS);
    if order.status == OrderStatus::Unpaid.as_str()
        && due
        && state
            .store
            .claim_provider_check(&order.order_no, now, PROVIDER_CHECK_INTERVAL_SECS)
            .await?
    {
        payments::reconcile(state, &order.order_no).await?;
        let order = state
            .store
            .find_order(&order.order_no)
            .await?
            .unwrap_or(order);
        return Ok(view(order, now));
    }
    Ok(view(order, now))
}

/// 「取消」: closes the unpaid order. A paid one stays paid.
pub async fn cancel(state: &AppState, registration_id: &str) -> Result<OrderView, AppError> {
    let order = latest(state, registration_id)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("订单不存在")))?;
    if order.status == OrderStatus::Paid.as_str() {
        return Err(AppError::WrongStep(tr!("订单已支付，无法取消")));
    }
    // At WeChat first: a payment it already took wins, and the order is paid, not cancelled.
    if order.status == OrderStatus::Unpaid.as_str() {
        payments::close(state, &order.order_no, CloseReason::Cancelled).await?;
    }
    let order = latest(state, registration_id)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("订单不存在")))?;
    if order.status == OrderStatus::Paid.as_str() {
        return Err(AppError::WrongStep(tr!("订单已支付，无法取消")));
    }
    Ok(view(order, state.clock.now()))
}

/// Closes every unpaid order whose time is up, each at the provider first (the background
/// sweeper calls this); answers how many it looked at. With several instances each order is
/// claimed by one of them, which alone asks the provider.
pub async fn close_expired(state: &AppState) -> Result<usize, AppError> {
    let expired = state
        .store
        .claim_expired_unpaid_orders(state.clock.now(), PROVIDER_CHECK_INTERVAL_SECS, 100)
        .await?;
    for order_no in &expired {
        payments::close(state, order_no, CloseReason::Expired).await?;
    }
    Ok(expired.len())
}
