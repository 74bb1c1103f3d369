//! Paying an order: asking the provider for the channel's parameters, and believing a payment
//! only from a verified notification or from the provider's own answer to a query.

use cloudsign_contract::orders::OrderStatus;
use cloudsign_contract::payment::{PaymentStart, StartPayment};

use crate::AppState;
use crate::domain::orders::has_expired;
use crate::error::AppError;
use crate::providers::{PaidTransaction, PrepayRequest, SignedMessage};

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
        .ok_or_else(|| AppError::NotFound("订单不存在".into()))?;
    if order.status != OrderStatus::Unpaid.as_str()
        || has_expired(order.expires_at, state.clock.now())
    {
        return Err(AppError::WrongStep("订单已关闭，请重新下单".into()));
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
}

/// The provider's notification: verified, checked against the order's amount, then applied once.
pub async fn handle_notification(
    state: &AppState,
    message: SignedMessage<'_>,
) -> Result<NotificationOutcome, AppError> {
    let Some(transaction) = state.payments.verify_notification(message) else {
        tracing::warn!("payment notification with a bad signature refused");
        return Ok(NotificationOutcome::BadSignature);
    };
    apply(state, &transaction).await?;
    Ok(NotificationOutcome::Accepted)
}

/// Asks the provider about an unpaid order, for when no notification has come.
pub async fn reconcile(state: &AppState, order_no: &str) -> Result<(), AppError> {
    if let Some(transaction) = state.payments.query(order_no).await? {
        apply(state, &transaction).await?;
    }
    Ok(())
}

async fn apply(state: &AppState, transaction: &PaidTransaction) -> Result<(), AppError> {
    let Some(order) = state.store.find_order(&transaction.order_no).await? else {
        tracing::warn!(order_no = %transaction.order_no, "payment for an unknown order");
        return Ok(());
    };
    if order.amount_fen != transaction.amount_fen {
        tracing::error!(order_no = %order.order_no, paid = transaction.amount_fen, due = order.amount_fen, "payment amount differs from the order");
        return Ok(());
    }
    let now = state.clock.now();
    let newly_paid = state
        .store
        .mark_order_paid_if_open(&order.order_no, now)
        .await?;
    if newly_paid && order.kind == "renewal" {
        // Paid once, certified once; a failure is logged for a person to finish by hand.
        if let Err(err) = crate::services::renewal::certify(state, &order).await {
            tracing::error!(order_no = %order.order_no, error = %err, "renewing the certificate failed");
        }
    }
    if !newly_paid && order.status != OrderStatus::Paid.as_str() {
        // Paid after the order closed: WeChat would refund it; here it is logged for a person.
        tracing::error!(order_no = %order.order_no, transaction = %transaction.transaction_id, "payment for a closed order");
    }
    Ok(())
}
