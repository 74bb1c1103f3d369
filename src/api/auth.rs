use cloudsign_contract::auth::{LoginRequest, LookupRequest, LookupResponse, Session};

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

    /// The login page's second step: the signing password opens a session.
    pub async fn log_in(
        &self,
        org_id: &str,
        phone: &str,
        password: &str,
    ) -> Result<Session, ApiError> {
        let request = LoginRequest {
            org_id: org_id.to_owned(),
            phone: phone.to_owned(),
            password: password.to_owned(),
        };
        self.post("/auth/login", &request).await
    }
}
