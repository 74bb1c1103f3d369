//! 签署密码: the argon2id hash and the lockout, and replacing both with the key re-sealed.

use super::Store;

impl Store {
    /// Re-seals the key, replaces the password hash and ends every session of the person but
    /// `keep_session` (修改签署密码), together; answers how many sessions ended.
    pub async fn replace_password(
        &self,
        user_id: i64,
        serial: &str,
        password_hash: &str,
        sealed: &crate::domain::signing_key::SealedKey,
        keep_session: &str,
        now: i64,
    ) -> sqlx::Result<u64> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query("UPDATE credentials SET password_hash = $2, failed_attempts = 0, locked_until = NULL, updated_at = $3 WHERE user_id = $1")
                .bind(user_id)
                .bind(password_hash)
                .bind(now)
                .execute(&mut *tx)
                .await?;
            sqlx::query("UPDATE certificates SET key_salt = $2, key_nonce = $3, key_sealed = $4 WHERE serial = $1")
                .bind(serial)
                .bind(&sealed.salt)
                .bind(&sealed.nonce)
                .bind(&sealed.ciphertext)
                .execute(&mut *tx)
                .await?;
            let ended = sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
                .bind(user_id)
                .bind(keep_session)
                .execute(&mut *tx)
                .await?
                .rows_affected();
            tx.commit().await?;
            Ok(ended)
        })
    }

    pub async fn password_hash(&self, user_id: i64) -> sqlx::Result<Option<String>> {
        on_db!(self, |pool| {
            let row: Option<(String,)> =
                sqlx::query_as("SELECT password_hash FROM credentials WHERE user_id = $1")
                    .bind(user_id)
                    .fetch_optional(pool)
                    .await?;
            Ok(row.map(|(hash,)| hash))
        })
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
    /// Every try is taken by checks still running (the last one is held until its check
    /// ends): not locked, ask again in a moment.
    Pending,
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
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT password_hash, failed_attempts, locked_until FROM credentials WHERE user_id = $1",
            )
            .bind(user_id)
            .fetch_optional(pool)
            .await
        })
    }

    /// Counts an attempt before its password is checked, and locks at the `max`-th: the count
    /// and the lock are one conditional statement, so parallel guesses cannot pass it together.
    /// A lock whose time is up starts the count again. A right password clears the count.
    ///
    /// The last try holds the door for `hold_secs` while it is checked: a wrong password then
    /// locks (`lock_after_last_try`), a right one opens it (`clear_wrong_passwords`), and a
    /// check that never ends (a crash) lets the next try in after the hold.
    pub async fn reserve_password_attempt(
        &self,
        user_id: i64,
        now: i64,
        max: u32,
        hold_secs: i64,
    ) -> sqlx::Result<PasswordAttempt> {
        on_db!(self, |pool| {
            let reserved: Option<(String, i64)> = sqlx::query_as(
                "UPDATE credentials SET
                     failed_attempts = CASE WHEN locked_until IS NOT NULL AND locked_until <= $2
                                            THEN 1 ELSE failed_attempts + 1 END,
                     locked_until = CASE
                         WHEN locked_until IS NOT NULL AND locked_until <= $2 THEN NULL
                         WHEN failed_attempts + 1 >= $3 THEN $2 + $4
                         ELSE locked_until END
                 WHERE user_id = $1 AND (locked_until IS NULL OR locked_until <= $2)
                 RETURNING password_hash, failed_attempts",
            )
            .bind(user_id)
            .bind(now)
            .bind(i64::from(max))
            .bind(hold_secs)
            .fetch_optional(pool)
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
                }) if until - now <= hold_secs => PasswordAttempt::Pending,
                Some(CredentialRow {
                    locked_until: Some(until),
                    ..
                }) => PasswordAttempt::Locked { until },
                Some(_) => PasswordAttempt::Pending,
                None => PasswordAttempt::NoCredential,
            })
        })
    }

    /// The last try was wrong: locked until `until`, unless a right password has cleared the
    /// count meanwhile.
    pub async fn lock_after_last_try(
        &self,
        user_id: i64,
        until: i64,
        max: u32,
    ) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE credentials SET locked_until = $2 WHERE user_id = $1 AND failed_attempts >= $3",
            )
            .bind(user_id)
            .bind(until)
            .bind(i64::from(max))
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn clear_wrong_passwords(&self, user_id: i64) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE credentials SET failed_attempts = 0, locked_until = NULL
                 WHERE user_id = $1 AND (failed_attempts <> 0 OR locked_until IS NOT NULL)",
            )
            .bind(user_id)
            .execute(pool)
            .await?;
            Ok(())
        })
    }
}
