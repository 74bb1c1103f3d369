use super::Store;

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct SealClientRow {
    pub id: String,
    pub name: String,
    pub key_sha256: Vec<u8>,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
}

impl Store {
    pub async fn insert_seal_client(
        &self,
        id: &str,
        name: &str,
        key_sha256: &[u8; 32],
        now: i64,
    ) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO seal_clients (id, name, key_sha256, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (id) DO UPDATE SET name = excluded.name, key_sha256 = excluded.key_sha256,
                     revoked_at = NULL",
            )
            .bind(id)
            .bind(name)
            .bind(key_sha256.as_slice())
            .bind(now)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn seal_client(&self, id: &str) -> sqlx::Result<Option<SealClientRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, name, key_sha256, created_at, revoked_at FROM seal_clients WHERE id = $1",
            )
            .bind(id)
            .fetch_optional(pool)
            .await
        })
    }

    pub async fn seal_clients(&self) -> sqlx::Result<Vec<SealClientRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, name, key_sha256, created_at, revoked_at FROM seal_clients ORDER BY created_at, id",
            )
            .fetch_all(pool)
            .await
        })
    }

    /// False when there is no such client or it was revoked already.
    pub async fn revoke_seal_client(&self, id: &str, now: i64) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let result = sqlx::query(
                "UPDATE seal_clients SET revoked_at = $2 WHERE id = $1 AND revoked_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    /// Records a request's nonce; false when the client used it before (a replay). Nonces
    /// older than `forget_before` are dropped on the way: their requests are stale anyway.
    pub async fn use_seal_client_nonce(
        &self,
        client_id: &str,
        nonce: &str,
        now: i64,
        forget_before: i64,
    ) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            sqlx::query("DELETE FROM seal_client_nonces WHERE seen_at < $1")
                .bind(forget_before)
                .execute(pool)
                .await?;
            let result = sqlx::query(
                "INSERT INTO seal_client_nonces (client_id, nonce, seen_at) VALUES ($1, $2, $3)
                 ON CONFLICT (client_id, nonce) DO NOTHING",
            )
            .bind(client_id)
            .bind(nonce)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }
}
