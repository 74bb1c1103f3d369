//! 续期: within 90 days of expiry the person orders a renewal, pays it like the registration's
//! order, and on payment the CA certifies the same key again until a year after the old end.

use cloudsign_contract::account::RenewalOrder;
use cloudsign_contract::orders::OrderStatus;

use crate::AppState;
use crate::domain::orders::{has_expired, new_order_no};
use crate::domain::orgs::org_from_row;
use crate::error::AppError;
use crate::providers::CertificateRequest;
use crate::services::orders;
use crate::store::{NewCertificate, NewOrder, OrderRow, UserRow};

pub const RENEWAL_PRODUCT: &str = "个人移动证书（续期）";
const YEAR: i64 = 365 * 86_400;

/// 「续期」: the open renewal order, or a new one at the organization's fee.
pub async fn create(state: &AppState, user: &UserRow) -> Result<RenewalOrder, AppError> {
    let certificate = state
        .store
        .valid_certificate(user.id)
        .await?
        .ok_or_else(|| AppError::NotFound("暂无有效证书".into()))?;
    let now = state.clock.now();
    let window = state.config.renewal_window_days;
    if certificate.not_after - now > window * 86_400 {
        return Err(AppError::WrongStep(format!("证书到期前{window}天内可续期")));
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
            order.kind == "renewal"
                && order.status == OrderStatus::Unpaid.as_str()
                && !has_expired(order.expires_at, now)
        });
    if open.is_none() {
        let org = state
            .store
            .find_org(&user.org_id)
            .await?
            .ok_or_else(|| AppError::NotFound("机构不存在".into()))?;
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
                kind: "renewal",
            })
            .await?;
    }
    Ok(RenewalOrder {
        order: orders::current(state, &registration_id).await?,
        registration_id,
    })
}

/// The renewal order was just paid: the same key is certified again, from now until a year
/// after the old certificate's end; the old one is superseded.
pub async fn certify(state: &AppState, order: &OrderRow) -> Result<(), AppError> {
    let registration = state
        .store
        .find_registration(&order.registration_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("order {} without registration", order.order_no))?;
    let user_id: i64 = state
        .store
        .registration_user(&registration.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("registration {} without user", registration.id))?;
    let user = state
        .store
        .find_user_by_id(user_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("user {user_id} vanished"))?;
    let old = state
        .store
        .valid_certificate(user.id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("user {user_id} has no certificate to renew"))?;
    let now = state.clock.now();
    let issued = state
        .ca
        .issue(CertificateRequest {
            // The registration's name and unit: a unit added in 切换单位 never enters a subject.
            name: &registration.name,
            unit_name: &registration.unit_name,
            public_key_der: &old.public_key_der,
            now,
            not_after: Some(old.not_after.max(now) + YEAR),
        })
        .await?;
    let sealed = old.sealed_key();
    state
        .store
        .renew_certificate(
            user.id,
            &old.serial,
            NewCertificate {
                serial: &issued.serial,
                algorithm: &old.algorithm,
                issuer: &issued.issuer,
                not_before: issued.not_before,
                not_after: issued.not_after,
                cert_der: &issued.der,
                public_key_der: &old.public_key_der,
                sealed_key: &sealed,
            },
            now,
        )
        .await?;
    tracing::info!(user_id, old = %old.serial, new = %issued.serial, "certificate renewed");
    Ok(())
}
