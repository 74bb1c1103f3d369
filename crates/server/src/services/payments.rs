//! Paying an order: asking the provider for the channel's parameters, and believing a payment
//! only from a verified notification or from the provider's own answer to a query.

use cloudsign_contract::orders::OrderStatus;
use cloudsign_contract::payment::{PaymentStart, StartPayment};

use crate::AppState;
use crate::domain::orders::has_expired;
use crate::domain::orders::{CloseReason, OrderKind};
use crate::error::AppError;
use crate::providers::{CloseOutcome, PaidTransaction, PrepayRequest, SignedMessage};
use crate::services::certificates;

/// 「支付」: the parameters the app needs for its channel.
pub async fn start(
    state: &AppState,
    registration_id: &str,
    request: &StartPayment,
) -> Result<PaymentStart, AppError> {
    let order = state
        .store
        .latest_order(registration_id)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("订单不存在")))?;
    if order.status != OrderStatus::Unpaid.as_str()
        || has_expired(order.expires_at, state.clock.now())
    {
        return Err(AppError::WrongStep(tr!("订单已关闭，请重新下单")));
    }
    let prepay = PrepayRequest {
        order_no: &order.order_no,
        amount_fen: order.amount_fen,
        description: &order.product_name,
        expires_at: order.expires_at,
        channel: request.channel,
        redirect_url: request.redirect_url.as_deref(),
    };
    Ok(state.payments.prepay(prepay).await?)
}

#[derive(Debug, PartialEq, Eq)]
pub enum NotificationOutcome {
    /// Recorded (or recorded before: a repeated notification changes nothing).
    Accepted,
    /// The signature does not hold: nothing is believed.
    BadSignature,
    /// Signed too long ago (or in the future): a replayed message, not believed.
    Stale,
}

/// How far a notification's `Wechatpay-Timestamp` may be from now, as WeChat Pay advises.
pub const NOTIFICATION_MAX_AGE_SECS: i64 = 5 * 60;

/// The provider's notification: verified, checked against the order's amount, then applied once.
pub async fn handle_notification(
    state: &AppState,
    message: SignedMessage<'_>,
) -> Result<NotificationOutcome, AppError> {
    let fresh = message
        .timestamp
        .parse::<i64>()
        .is_ok_and(|sent| (state.clock.now() - sent).abs() <= NOTIFICATION_MAX_AGE_SECS);
    let Some(transaction) = state.payments.verify_notification(message) else {
        crate::observability::outcome("payment_notifications_refused_total", "bad_signature");
        tracing::warn!("payment notification with a bad signature refused");
        return Ok(NotificationOutcome::BadSignature);
    };
    if !fresh {
        crate::observability::outcome("payment_notifications_refused_total", "stale");
        tracing::warn!(order_no = %transaction.order_no, "stale payment notification refused");
        return Ok(NotificationOutcome::Stale);
    }
    apply(state, &transaction, Source::Notification).await?;
    Ok(NotificationOutcome::Accepted)
}

/// Closes an unpaid order at the provider first, then here; when the provider had already
/// taken the payment (ORDERPAID), the order is paid instead. `reason`: cancelled or expired.
pub async fn close(state: &AppState, order_no: &str, reason: CloseReason) -> Result<(), AppError> {
    match state.payments.close(order_no).await? {
        CloseOutcome::Closed => {
            if state
                .store
                .close_order_if_unpaid(order_no, reason, state.clock.now())
                .await?
            {
                crate::observability::outcome("payments_total", "closed");
            }
        }
        CloseOutcome::AlreadyPaid(transaction) => {
            tracing::info!(order_no, "closing found the order paid at the provider");
            apply(state, &transaction, Source::Provider).await?;
        }
    }
    Ok(())
}

/// Asks the provider about an unpaid order, for when no notification has come.
pub async fn reconcile(state: &AppState, order_no: &str) -> Result<(), AppError> {
    if let Some(transaction) = state.payments.query(order_no).await? {
        apply(state, &transaction, Source::Provider).await?;
    }
    Ok(())
}

/// Who reports a payment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Source {
    /// The provider's answer to a query or a close: the truth.
    Provider,
    /// A signed notification: believed for an open order; for one closed here, only once the
    /// provider confirms it.
    Notification,
}

async fn apply(
    state: &AppState,
    transaction: &PaidTransaction,
    source: Source,
) -> Result<(), AppError> {
    let Some(order) = state.store.find_order(&transaction.order_no).await? else {
        tracing::warn!(order_no = %transaction.order_no, "payment for an unknown order");
        return Ok(());
    };
    if order.amount_fen != transaction.amount_fen {
        tracing::error!(order_no = %order.order_no, paid = transaction.amount_fen, due = order.amount_fen, "payment amount differs from the order");
        return Ok(());
    }
    if order.status == OrderStatus::Closed.as_str() && source == Source::Notification {
        // Closed here, yet WeChat says it took the money: ask WeChat itself before believing it.
        let confirmed = state.payments.query(&order.order_no).await?;
        if confirmed.as_ref().map(|paid| paid.amount_fen) != Some(order.amount_fen) {
            tracing::warn!(order_no = %order.order_no, "notification for a closed order not confirmed by the provider");
            return Ok(());
        }
    }
    let now = state.clock.now();
    let newly_paid = state.store.mark_order_paid(&order.order_no, now).await?;
    if newly_paid {
        crate::observability::outcome("payments_total", "paid");
    }
    if newly_paid && order.status == OrderStatus::Closed.as_str() {
        // The money was taken after the order closed here; it counts. If the registration had
        // paid another order meanwhile, a person refunds one of them.
        tracing::warn!(order_no = %order.order_no, transaction = %transaction.transaction_id, "order closed here was paid at the provider: reopened as paid");
    }
    if newly_paid && order.kind == OrderKind::Renewal {
        // Paid once, certified once; a failure is logged for a person to finish by hand.
        if let Err(err) = certificates::renew(state, &order).await {
            tracing::error!(order_no = %order.order_no, error = %err, "renewing the certificate failed");
        }
    }
    Ok(())
}
