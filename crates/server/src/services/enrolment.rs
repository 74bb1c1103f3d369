//! 设置签署密码: the last step of a registration. The CA issues the certificate for a new key
//! pair, the key is sealed under the password, the person exists from now on and is logged in.

use cloudsign_contract::auth::Session;
use cloudsign_contract::registration::{RegistrationStep, SetSigningPassword, password_pair_error};

use crate::AppState;
use crate::error::AppError;
use crate::services::certificates::new_key_and_certificate;
use crate::services::{registration, sessions};
use crate::store::Enrolment;

pub async fn set_password(
    state: &AppState,
    registration_id: &str,
    request: &SetSigningPassword,
) -> Result<Session, AppError> {
    let row = registration::find(state, registration_id).await?;
    match row.step() {
        RegistrationStep::Password => {}
        RegistrationStep::Done => {
            return Err(AppError::WrongStep(tr!("签署密码已设置，请直接登录")));
        }
        _ => return Err(AppError::WrongStep(tr!("请先完成证书费用支付"))),
    }
    if let Some(message) = password_pair_error(&request.password, &request.confirm) {
        return Err(AppError::BadRequest(message));
    }
    // One certificate per password setting: only the request that claims the step asks the CA.
    if !state
        .store
        .claim_registration_issuance(&row.id, state.clock.now())
        .await?
    {
        return Err(AppError::WrongStep(tr!("签署密码正在设置，请稍候")));
    }
    let made =
        match new_key_and_certificate(state, &row.name, &row.unit_name, &request.password).await {
            Ok(made) => made,
            Err(err) => {
                state.store.release_registration_issuance(&row.id).await?;
                return Err(err);
            }
        };
    let now = state.clock.now();
    let user_id = state
        .store
        .complete_registration(Enrolment {
            registration_id: &row.id,
            org_id: &row.org_id,
            phone: &row.phone,
            name: &row.name,
            unit_name: &row.unit_name,
            role: &row.role,
            password_hash: &made.password_hash,
            certificate: made.certificate(),
            now,
        })
        .await?
        .ok_or_else(|| AppError::WrongStep(tr!("签署密码已设置，请直接登录")))?;
    tracing::info!(user_id, serial = %made.issued.serial, "registration complete, certificate issued");
    let user = state
        .store
        .find_user_by_id(user_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("user {user_id} vanished"))?;
    sessions::open(state, &user).await
}
