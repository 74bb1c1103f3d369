use cloudsign_contract::health::Health;

use super::{ApiError, PublicApi};

impl PublicApi {
    /// A cheap request that tells whether the server can be reached.
    pub async fn health(&self) -> Result<Health, ApiError> {
        self.get("/health", &[]).await
    }
}
