//! The sandbox CA's root key and certificate (what a real CA keeps in its HSM).

use super::Store;

impl Store {
    /// The root's key (PKCS#8) and certificate (DER).
    pub async fn sandbox_ca(&self) -> sqlx::Result<Option<(Vec<u8>, Vec<u8>)>> {
        on_db!(self, |pool| {
            sqlx::query_as("SELECT key_pkcs8, cert_der FROM sandbox_ca WHERE id = 1")
                .fetch_optional(pool)
                .await
        })
    }

    /// Saves the sandbox root unless one exists; false when one did.
    pub async fn save_sandbox_ca(&self, key_pkcs8: &[u8], cert_der: &[u8]) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let result = sqlx::query(
                "INSERT INTO sandbox_ca (id, key_pkcs8, cert_der) VALUES (1, $1, $2) ON CONFLICT DO NOTHING",
            )
            .bind(key_pkcs8)
            .bind(cert_der)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }
}
