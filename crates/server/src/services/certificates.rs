//! A new key and certificate for a person, under a signing password: what 设置签署密码 and
//! 重置签署密码 both do before they store it.

use crate::AppState;
use crate::domain::signing_key::{KEY_ALGORITHM, NewKeyPair, SealedKey, hash_password};
use crate::error::AppError;
use crate::providers::{CertificateRequest, IssuedCertificate};
use crate::store::NewCertificate;

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
