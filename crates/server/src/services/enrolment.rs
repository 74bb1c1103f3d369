//! 设置签署密码: the last step of a registration. The CA issues the certificate for a new key
//! pair, the key is sealed under the password, the person exists from now on and is logged in.

use cloudsign_contract::auth::Session;
use cloudsign_contract::registration::{RegistrationStep, SetSigningPassword, password_pair_error};

use crate::AppState;
use crate::domain::signing_key::{KEY_ALGORITHM, NewKeyPair, hash_password};
use crate::error::AppError;
use crate::providers::CertificateRequest;
use crate::services::{registration, sessions};
use crate::store::{Enrolment, NewCertificate};

pub async fn set_password(
    state: &AppState,
    registration_id: &str,
    request: &SetSigningPassword,
) -> Result<Session, AppError> {
    let row = registration::find(state, registration_id).await?;
    match row.step() {
        RegistrationStep::Password => {}
        RegistrationStep::Done => {
            return Err(AppError::WrongStep("签署密码已设置，请直接登录".into()));
        }
        _ => return Err(AppError::WrongStep("请先完成证书费用支付".into())),
    }
    if let Some(message) = password_pair_error(&request.password, &request.confirm) {
        return Err(AppError::BadRequest(message.into()));
    }
    let password = request.password.clone();
    // argon2id costs ~20 MiB and tens of milliseconds twice over: off the async workers.
    let (pair, sealed, password_hash) = tokio::task::spawn_blocking(move || {
        let pair = NewKeyPair::generate();
        let sealed = pair.seal(&password)?;
        let hash = hash_password(&password)?;
        anyhow::Ok((pair, sealed, hash))
    })
    .await
    .map_err(anyhow::Error::from)??;
    let public_key_der = pair.public_key_der()?;
    let now = state.clock.now();
    let issued = state
        .ca
        .issue(CertificateRequest {
            name: &row.name,
            unit_name: &row.unit_name,
            public_key_der: &public_key_der,
            now,
        })
        .await?;
    let user_id = state
        .store
        .complete_registration(Enrolment {
            registration_id: &row.id,
            org_id: &row.org_id,
            phone: &row.phone,
            name: &row.name,
            unit_name: &row.unit_name,
            role: &row.role,
            password_hash: &password_hash,
            certificate: NewCertificate {
                serial: &issued.serial,
                algorithm: KEY_ALGORITHM,
                issuer: &issued.issuer,
                not_before: issued.not_before,
                not_after: issued.not_after,
                cert_der: &issued.der,
                public_key_der: &public_key_der,
                sealed_key: &sealed,
            },
            now,
        })
        .await?
        .ok_or_else(|| AppError::WrongStep("签署密码已设置，请直接登录".into()))?;
    tracing::info!(user_id, serial = %issued.serial, "registration complete, certificate issued");
    let user = state
        .store
        .find_user_by_id(user_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("user {user_id} vanished"))?;
    sessions::open(state, &user).await
}
