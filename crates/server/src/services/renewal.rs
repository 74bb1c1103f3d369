//! 续期: within 90 days of expiry the person orders a renewal, pays it like the registration's
//! order, and on payment the CA certifies the same key again until a year after the old end
//! (`certificates::renew`, which the payment calls).

use cloudsign_contract::account::RenewalOrder;
use cloudsign_contract::orders::OrderStatus;

use crate::AppState;
use crate::domain::orders::{OrderKind, has_expired, new_order_no};
use crate::domain::orgs::org_from_row;
use crate::error::AppError;
use crate::services::{certificates, orders};
use crate::store::{NewOrder, UserRow};

pub const RENEWAL_PRODUCT: &str = "个人移动证书（续期）";

/// 「续期」: the open renewal order, or a new one at the organization's fee.
pub async fn create(state: &AppState, user: &UserRow) -> Result<RenewalOrder, AppError> {
    let certificate = certificates::valid_of(state, user).await?;
    let now = state.clock.now();
    let window = state.config.renewal_window_days;
    if certificate.not_after - now > window * 86_400 {
        return Err(AppError::WrongStep(tr!(
            "证书到期前%{window}天内可续期",
            window = window
        )));
    }
    let registration_id = state
        .store
        .registration_of_user(user.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("user {} has no registration", user.id))?;
    let open = state
        .store
        .latest_order(&registration_id)
        .await?
        .filter(|order| {
            order.kind == OrderKind::Renewal
                && order.status == OrderStatus::Unpaid.as_str()
                && !has_expired(order.expires_at, now)
        });
    if open.is_none() {
        let org = state
            .store
            .find_org(&user.org_id)
            .await?
            .ok_or_else(|| AppError::NotFound(tr!("机构不存在")))?;
        let fee = org_from_row(org, state.default_cert_fee()).product.fee;
        state
            .store
            .insert_order(NewOrder {
                order_no: &new_order_no(now),
                registration_id: &registration_id,
                org_id: &user.org_id,
                product_name: RENEWAL_PRODUCT,
                amount_fen: fee.fen as i64,
                created_at: now,
                expires_at: now + state.config.order_ttl_secs,
                kind: OrderKind::Renewal,
            })
            .await?;
    }
    Ok(RenewalOrder {
        order: orders::current(state, &registration_id).await?,
        registration_id,
    })
}
