use super::Store;

/// What redeeming a resume link found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Redeemed {
    /// The link was good, and is used up now: (registration id, target).
    Registration(String, String),
    Used,
    Expired,
    Unknown,
}

impl Store {
    pub async fn insert_resume_link(
        &self,
        token_hash: &str,
        registration_id: &str,
        target: &str,
        now: i64,
        expires_at: i64,
    ) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO resume_links (token_hash, registration_id, target, created_at, expires_at)
                 VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(token_hash)
            .bind(registration_id)
            .bind(target)
            .bind(now)
            .bind(expires_at)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// Uses a link up, if it is unused and in time, in one statement: opened twice at once, it
    /// works once.
    pub async fn redeem_resume_link(&self, token_hash: &str, now: i64) -> sqlx::Result<Redeemed> {
        on_db!(self, |pool| {
            let redeemed: Option<(String, String)> = sqlx::query_as(
                "UPDATE resume_links SET used_at = $2
                 WHERE token_hash = $1 AND used_at IS NULL AND expires_at > $2
                 RETURNING registration_id, target",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(pool)
            .await?;
            if let Some((registration_id, target)) = redeemed {
                return Ok(Redeemed::Registration(registration_id, target));
            }
            let found: Option<(Option<i64>,)> =
                sqlx::query_as("SELECT used_at FROM resume_links WHERE token_hash = $1")
                    .bind(token_hash)
                    .fetch_optional(pool)
                    .await?;
            Ok(match found {
                Some((Some(_),)) => Redeemed::Used,
                Some((None,)) => Redeemed::Expired,
                None => Redeemed::Unknown,
            })
        })
    }
}
