//! Certificates and their sealed keys; a person has at most one valid certificate.

use crate::domain::signing_key::SealedKey;

use super::Store;

pub(super) const CERTIFICATE_COLUMNS: &str = "serial, algorithm, issuer, not_before, not_after, cert_der, public_key_der, key_salt, key_nonce, key_sealed";

/// A certificate the CA issued, with its key sealed under the signing password.
pub struct NewCertificate<'a> {
    pub serial: &'a str,
    pub algorithm: &'a str,
    pub issuer: &'a str,
    pub not_before: i64,
    pub not_after: i64,
    pub cert_der: &'a [u8],
    pub public_key_der: &'a [u8],
    pub sealed_key: &'a SealedKey,
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct CertificateRow {
    pub serial: String,
    pub algorithm: String,
    pub issuer: String,
    pub not_before: i64,
    pub not_after: i64,
    pub cert_der: Vec<u8>,
    pub public_key_der: Vec<u8>,
    pub key_salt: Vec<u8>,
    pub key_nonce: Vec<u8>,
    pub key_sealed: Vec<u8>,
}

impl CertificateRow {
    pub fn sealed_key(&self) -> SealedKey {
        SealedKey {
            salt: self.key_salt.clone(),
            nonce: self.key_nonce.clone(),
            ciphertext: self.key_sealed.clone(),
        }
    }
}

impl Store {
    /// The person's valid certificate: serial, DER and public key.
    pub async fn valid_certificate(&self, user_id: i64) -> sqlx::Result<Option<CertificateRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {CERTIFICATE_COLUMNS} FROM certificates WHERE user_id = $1 AND status = 'valid'"
            ))
            .bind(user_id)
            .fetch_optional(pool)
            .await
        })
    }

    /// A certificate's status by serial (`valid` / `revoked`).
    pub async fn certificate_status(&self, serial: &str) -> sqlx::Result<Option<String>> {
        on_db!(self, |pool| {
            let row: Option<(String,)> =
                sqlx::query_as("SELECT status FROM certificates WHERE serial = $1")
                    .bind(serial)
                    .fetch_optional(pool)
                    .await?;
            Ok(row.map(|(status,)| status))
        })
    }

    /// Replaces the person's certificate with a renewed one for the same key.
    pub async fn renew_certificate(
        &self,
        user_id: i64,
        old_serial: &str,
        renewed: NewCertificate<'_>,
        now: i64,
    ) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            let superseded = sqlx::query(
                "UPDATE certificates SET status = 'revoked', revoked_at = $3, revoke_reason = 'renewed'
                 WHERE serial = $1 AND user_id = $2 AND status = 'valid'",
            )
            .bind(old_serial)
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if superseded.rows_affected() != 1 {
                return Ok(false);
            }
            insert_certificate!(&mut *tx, user_id, &renewed, now).await?;
            tx.commit().await?;
            Ok(true)
        })
    }
}

/// Stores a valid certificate of the person, inside the caller's transaction. A macro rather
/// than a function so that it compiles for either backend's transaction, as `on_db!` does.
macro_rules! insert_certificate {
    ($tx:expr, $user_id:expr, $certificate:expr, $now:expr) => {{
        let certificate: &$crate::store::NewCertificate<'_> = $certificate;
        sqlx::query(
            "INSERT INTO certificates (serial, user_id, algorithm, issuer, not_before, not_after,
                 cert_der, public_key_der, key_salt, key_nonce, key_sealed, status, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'valid', $12)",
        )
        .bind(certificate.serial)
        .bind($user_id)
        .bind(certificate.algorithm)
        .bind(certificate.issuer)
        .bind(certificate.not_before)
        .bind(certificate.not_after)
        .bind(certificate.cert_der)
        .bind(certificate.public_key_der)
        .bind(&certificate.sealed_key.salt)
        .bind(&certificate.sealed_key.nonce)
        .bind(&certificate.sealed_key.ciphertext)
        .bind($now)
        .execute($tx)
    }};
}
pub(super) use insert_certificate;
