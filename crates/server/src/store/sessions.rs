//! Login sessions: only the SHA-256 of each bearer token.

use super::{Store, UserRow};

impl Store {
    pub async fn insert_session(
        &self,
        token_hash: &str,
        user_id: i64,
        now: i64,
        expires_at: i64,
    ) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(token_hash)
            .bind(user_id)
            .bind(now)
            .bind(expires_at)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// The person a session belongs to, while it lasts.
    pub async fn session_user(&self, token_hash: &str, now: i64) -> sqlx::Result<Option<UserRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT users.id, users.org_id, users.phone, users.name, users.unit_name
                 FROM sessions JOIN users ON users.id = sessions.user_id
                 WHERE sessions.token_hash = $1 AND sessions.expires_at > $2",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await
        })
    }

    pub async fn delete_session(&self, token_hash: &str) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
                .bind(token_hash)
                .execute(pool)
                .await?;
            Ok(())
        })
    }
}
