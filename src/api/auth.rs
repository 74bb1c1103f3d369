use cloudsign_contract::auth::{LookupRequest, LookupResponse};

use super::{ApiError, PublicApi};

impl PublicApi {
    /// The login page's first step: who does this number belong to at this organization?
    pub async fn lookup(&self, org_id: &str, phone: &str) -> Result<LookupResponse, ApiError> {
        self.post(
            "/auth/lookup",
            &LookupRequest {
                org_id: org_id.to_owned(),
                phone: phone.to_owned(),
            },
        )
        .await
    }
}
