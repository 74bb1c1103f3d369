use crate::domain::signing_key::SealedKey;

use super::{Store, UserRow};

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

/// What 设置签署密码 writes at once: the person, their password hash and certificate.
pub struct Enrolment<'a> {
    pub registration_id: &'a str,
    pub org_id: &'a str,
    pub phone: &'a str,
    pub name: &'a str,
    pub unit_name: &'a str,
    pub role: &'a str,
    pub password_hash: &'a str,
    pub certificate: NewCertificate<'a>,
    pub now: i64,
}

impl Store {
    pub async fn sandbox_ca_key(&self) -> sqlx::Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>,)> =
            sqlx::query_as("SELECT key_pkcs8 FROM sandbox_ca WHERE id = 1")
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(key,)| key))
    }

    /// Saves the sandbox root unless one exists; false when one did.
    pub async fn save_sandbox_ca(&self, key_pkcs8: &[u8], cert_der: &[u8]) -> sqlx::Result<bool> {
        let result = sqlx::query(
            "INSERT OR IGNORE INTO sandbox_ca (id, key_pkcs8, cert_der) VALUES (1, ?1, ?2)",
        )
        .bind(key_pkcs8)
        .bind(cert_der)
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    /// Finishes a registration that stands at 设置签署密码: creates the person with their
    /// password hash and certificate. None when the registration had moved on (a second
    /// request), in which case nothing is written.
    pub async fn complete_registration(
        &self,
        enrolment: Enrolment<'_>,
    ) -> sqlx::Result<Option<i64>> {
        let mut tx = self.pool.begin().await?;
        let moved = sqlx::query(
            "UPDATE registrations SET step = 'done', updated_at = ?2 WHERE id = ?1 AND step = 'password'",
        )
        .bind(enrolment.registration_id)
        .bind(enrolment.now)
        .execute(&mut *tx)
        .await?;
        if moved.rows_affected() != 1 {
            return Ok(None);
        }
        let user_id = sqlx::query(
            "INSERT INTO users (org_id, phone, name, unit_name, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        )
        .bind(enrolment.org_id)
        .bind(enrolment.phone)
        .bind(enrolment.name)
        .bind(enrolment.unit_name)
        .bind(enrolment.now)
        .execute(&mut *tx)
        .await?
        .last_insert_rowid();
        sqlx::query(
            "INSERT INTO user_units (user_id, unit_name, role, created_at) VALUES (?1, ?2, ?3, ?4)",
        )
        .bind(user_id)
        .bind(enrolment.unit_name)
        .bind(enrolment.role)
        .bind(enrolment.now)
        .execute(&mut *tx)
        .await?;
        sqlx::query("UPDATE registrations SET user_id = ?2 WHERE id = ?1")
            .bind(enrolment.registration_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO credentials (user_id, password_hash, updated_at) VALUES (?1, ?2, ?3)",
        )
        .bind(user_id)
        .bind(enrolment.password_hash)
        .bind(enrolment.now)
        .execute(&mut *tx)
        .await?;
        insert_certificate(&mut tx, user_id, &enrolment.certificate, enrolment.now).await?;
        tx.commit().await?;
        Ok(Some(user_id))
    }

    pub async fn password_hash(&self, user_id: i64) -> sqlx::Result<Option<String>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT password_hash FROM credentials WHERE user_id = ?1")
                .bind(user_id)
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(hash,)| hash))
    }

    /// The person's valid certificate: serial, DER and public key.
    pub async fn valid_certificate(&self, user_id: i64) -> sqlx::Result<Option<CertificateRow>> {
        sqlx::query_as(&format!(
            "SELECT {CERTIFICATE_COLUMNS} FROM certificates WHERE user_id = ?1 AND status = 'valid'"
        ))
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn insert_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now: i64,
        expires_at: i64,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES (?1, ?2, ?3, ?4)",
        )
        .bind(token_hash)
        .bind(user_id)
        .bind(now)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The person a session belongs to, while it lasts.
    pub async fn session_user(&self, token_hash: &str, now: i64) -> sqlx::Result<Option<UserRow>> {
        sqlx::query_as(
            "SELECT users.id, users.org_id, users.phone, users.name, users.unit_name
             FROM sessions JOIN users ON users.id = sessions.user_id
             WHERE sessions.token_hash = ?1 AND sessions.expires_at > ?2",
        )
        .bind(token_hash)
        .bind(now)
        .fetch_optional(&self.pool)
        .await
    }

    pub async fn delete_session(&self, token_hash: &str) -> sqlx::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?1")
            .bind(token_hash)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
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

/// What reserving a password attempt found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PasswordAttempt {
    /// Counted: this is attempt number `attempt` since the last right password.
    Reserved {
        password_hash: String,
        attempt: u32,
    },
    Locked {
        until: i64,
    },
    NoCredential,
}

/// The password hash with its lockout state.
#[derive(sqlx::FromRow, Debug, Clone)]
pub struct CredentialRow {
    pub password_hash: String,
    pub failed_attempts: i64,
    pub locked_until: Option<i64>,
}

impl Store {
    pub async fn credential(&self, user_id: i64) -> sqlx::Result<Option<CredentialRow>> {
        sqlx::query_as(
            "SELECT password_hash, failed_attempts, locked_until FROM credentials WHERE user_id = ?1",
        )
        .bind(user_id)
        .fetch_optional(&self.pool)
        .await
    }

    /// Counts an attempt before its password is checked, and locks at the `max`-th: the count
    /// and the lock are one conditional statement, so parallel guesses cannot pass it together.
    /// A lock whose time is up starts the count again. A right password clears the count.
    pub async fn reserve_password_attempt(
        &self,
        user_id: i64,
        now: i64,
        max: u32,
        lock_secs: i64,
    ) -> sqlx::Result<PasswordAttempt> {
        let reserved: Option<(String, i64)> = sqlx::query_as(
            "UPDATE credentials SET
                 failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= ?2
                                        THEN 1 ELSE failed_attempts + 1 END,
                 locked_until = CASE
                     WHEN locked_until IS NOT NULL AND locked_until <= ?2 THEN NULL
                     WHEN failed_attempts + 1 >= ?3 THEN ?2 + ?4
                     ELSE locked_until END
             WHERE user_id = ?1 AND (locked_until IS NULL OR locked_until <= ?2)
             RETURNING password_hash, failed_attempts",
        )
        .bind(user_id)
        .bind(now)
        .bind(max)
        .bind(lock_secs)
        .fetch_optional(&self.pool)
        .await?;
        if let Some((password_hash, attempt)) = reserved {
            return Ok(PasswordAttempt::Reserved {
                password_hash,
                attempt: attempt.max(0) as u32,
            });
        }
        Ok(match self.credential(user_id).await? {
            Some(CredentialRow {
                locked_until: Some(until),
                ..
            }) => PasswordAttempt::Locked { until },
            Some(_) => PasswordAttempt::Locked { until: now },
            None => PasswordAttempt::NoCredential,
        })
    }

    pub async fn clear_wrong_passwords(&self, user_id: i64) -> sqlx::Result<()> {
        sqlx::query(
            "UPDATE credentials SET failed_attempts = 0, locked_until = NULL
             WHERE user_id = ?1 AND (failed_attempts <> 0 OR locked_until IS NOT NULL)",
        )
        .bind(user_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

/// Stores a valid certificate of the person, inside the caller's transaction.
pub(super) async fn insert_certificate(
    tx: &mut sqlx::SqliteConnection,
    user_id: i64,
    certificate: &NewCertificate<'_>,
    now: i64,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO certificates (serial, user_id, algorithm, issuer, not_before, not_after,
             cert_der, public_key_der, key_salt, key_nonce, key_sealed, status, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 'valid', ?12)",
    )
    .bind(certificate.serial)
    .bind(user_id)
    .bind(certificate.algorithm)
    .bind(certificate.issuer)
    .bind(certificate.not_before)
    .bind(certificate.not_after)
    .bind(certificate.cert_der)
    .bind(certificate.public_key_der)
    .bind(&certificate.sealed_key.salt)
    .bind(&certificate.sealed_key.nonce)
    .bind(&certificate.sealed_key.ciphertext)
    .bind(now)
    .execute(tx)
    .await?;
    Ok(())
}
