use super::Store;
use crate::store::NewCertificate;

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct PasswordResetRow {
    pub id: String,
    pub user_id: i64,
    pub prompts: String,
    pub challenge_used_at: Option<i64>,
    pub verified_at: Option<i64>,
    pub used_at: Option<i64>,
    pub expires_at: i64,
}

impl Store {
    pub async fn insert_password_reset(
        &self,
        id: &str,
        user_id: i64,
        prompts: &str,
        now: i64,
        expires_at: i64,
    ) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO password_resets (id, user_id, prompts, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id)
            .bind(user_id)
            .bind(prompts)
            .bind(now)
            .bind(expires_at)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn password_reset(&self, id: &str) -> sqlx::Result<Option<PasswordResetRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, user_id, prompts, challenge_used_at, verified_at, used_at, expires_at
                 FROM password_resets WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await
        })
    }

    /// One attempt per set of prompts; false when they were used.
    pub async fn use_reset_challenge(&self, id: &str, now: i64) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let result = sqlx::query(
                "UPDATE password_resets SET challenge_used_at = $2 WHERE id = $1 AND challenge_used_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    /// New prompts after a failed liveness attempt.
    pub async fn renew_reset_challenge(&self, id: &str, prompts: &str) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query("UPDATE password_resets SET prompts = $2, challenge_used_at = NULL WHERE id = $1 AND verified_at IS NULL")
                .bind(id)
                .bind(prompts)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// Claims a verified reset for one request, which then has the certificate issued; a claim
    /// older than a minute is taken to have failed.
    pub async fn claim_reset_issuance(&self, id: &str, now: i64) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let claimed = sqlx::query(
                "UPDATE password_resets SET issuing_since = $2
                 WHERE id = $1 AND used_at IS NULL AND verified_at IS NOT NULL
                   AND (issuing_since IS NULL OR issuing_since < $2 - 60)",
            )
            .bind(id)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(claimed.rows_affected() == 1)
        })
    }

    pub async fn release_reset_issuance(&self, id: &str) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query("UPDATE password_resets SET issuing_since = NULL WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    pub async fn mark_reset_verified(&self, id: &str, now: i64) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "UPDATE password_resets SET verified_at = $2 WHERE id = $1 AND verified_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// The new password and certificate replace the old ones at once: the old certificates are
    /// revoked, the lockout cleared, the reset used up. False when the reset was used already.
    pub async fn complete_password_reset(
        &self,
        reset_id: &str,
        user_id: i64,
        password_hash: &str,
        certificate: NewCertificate<'_>,
        now: i64,
    ) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            let used = sqlx::query(
                "UPDATE password_resets SET used_at = $2 WHERE id = $1 AND used_at IS NULL AND verified_at IS NOT NULL",
            )
            .bind(reset_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if used.rows_affected() != 1 {
                return Ok(false);
            }
            sqlx::query(
                "UPDATE certificates SET status = 'revoked', revoked_at = $2, revoke_reason = 'password_reset'
                 WHERE user_id = $1 AND status = 'valid'",
            )
            .bind(user_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            super::certificates::insert_certificate!(&mut *tx, user_id, &certificate, now).await?;
            // Whoever was logged in with the forgotten password is logged out everywhere.
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "UPDATE credentials SET password_hash = $2, failed_attempts = 0, locked_until = NULL, updated_at = $3 WHERE user_id = $1",
            )
            .bind(user_id)
            .bind(password_hash)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }
}
