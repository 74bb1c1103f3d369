//! Certificates: a new key and certificate under a signing password (设置签署密码 and
//! 重置签署密码), and the same key certified again when a renewal is paid (续期).

use cloudsign_contract::account::CertificateView;
use cloudsign_contract::rules::mask_name;

use crate::AppState;
use crate::domain::signing_key::{KEY_ALGORITHM, NewKeyPair, SealedKey, hash_password};
use crate::error::AppError;
use crate::providers::{CertificateRequest, IssuedCertificate};
use crate::store::{CertificateRow, NewCertificate, OrderRow, UserRow};

const DAY: i64 = 86_400;
const YEAR: i64 = 365 * DAY;

/// The key sealed under the password, its certificate, and the password's hash.
pub struct KeyAndCertificate {
    pub sealed_key: SealedKey,
    pub public_key_der: Vec<u8>,
    pub issued: IssuedCertificate,
    pub password_hash: String,
}

impl KeyAndCertificate {
    /// As the store takes it.
    pub fn certificate(&self) -> NewCertificate<'_> {
        NewCertificate {
            serial: &self.issued.serial,
            algorithm: KEY_ALGORITHM,
            issuer: &self.issued.issuer,
            not_before: self.issued.not_before,
            not_after: self.issued.not_after,
            cert_der: &self.issued.der,
            public_key_der: &self.public_key_der,
            sealed_key: &self.sealed_key,
        }
    }
}

/// Makes a key pair, seals it and hashes the password (in the argon2 queue: argon2id costs
/// ~20 MiB and tens of milliseconds, twice), and has the CA certify the public key.
pub async fn new_key_and_certificate(
    state: &AppState,
    name: &str,
    unit_name: &str,
    password: &str,
) -> Result<KeyAndCertificate, AppError> {
    let password = password.to_owned();
    let (pair, sealed_key, password_hash) = state
        .hashing
        .run(move || {
            let pair = NewKeyPair::generate();
            let sealed = pair.seal(&password)?;
            let hash = hash_password(&password)?;
            anyhow::Ok((pair, sealed, hash))
        })
        .await??;
    let public_key_der = pair.public_key_der()?;
    let issued = state
        .ca
        .issue(CertificateRequest {
            name,
            unit_name,
            public_key_der: &public_key_der,
            now: state.clock.now(),
            not_after: None,
        })
        .await?;
    Ok(KeyAndCertificate {
        sealed_key,
        public_key_der,
        issued,
        password_hash,
    })
}

/// The renewal order was just paid: the same key is certified again, from now until a year
/// after the old certificate's end; the old one is superseded.
pub async fn renew(state: &AppState, order: &OrderRow) -> Result<(), AppError> {
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

/// The person's valid certificate, or `not_found` in their words.
pub async fn valid_of(state: &AppState, user: &UserRow) -> Result<CertificateRow, AppError> {
    state
        .store
        .valid_certificate(user.id)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("暂无有效证书")))
}

/// 我的证书: the valid certificate, its days left and whether 续期 is offered.
pub async fn view(state: &AppState, user: &UserRow) -> Result<CertificateView, AppError> {
    let certificate = valid_of(state, user).await?;
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
