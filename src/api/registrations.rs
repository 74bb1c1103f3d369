use cloudsign_contract::registration::{
    ConfirmIdentity, ContinueRegistration, CreateRegistration, CreateResumeLink, RegistrationState,
    ResumeLink, ResumeTarget, Resumed, Role, RoleList,
};

use super::{ApiError, PublicApi};

impl PublicApi {
    /// 用户角色 for the 注册 form.
    pub async fn roles(&self) -> Result<Vec<Role>, ApiError> {
        let list: RoleList = self.get("/roles", &[]).await?;
        Ok(list.roles)
    }

    /// 注册's 「确定」.
    pub async fn create_registration(
        &self,
        form: &CreateRegistration,
    ) -> Result<RegistrationState, ApiError> {
        self.post("/registrations", form).await
    }

    /// Where a registration stands.
    pub async fn registration(&self, id: &str) -> Result<RegistrationState, ApiError> {
        self.get(&format!("/registrations/{id}"), &[]).await
    }

    /// A single-use link that brings the registration into another browser.
    pub async fn resume_link(
        &self,
        id: &str,
        target: ResumeTarget,
    ) -> Result<ResumeLink, ApiError> {
        self.post(
            &format!("/registrations/{id}/resume-links"),
            &CreateResumeLink { target },
        )
        .await
    }

    /// Opens a resume link (once).
    pub async fn resume(&self, token: &str) -> Result<Resumed, ApiError> {
        self.post(&format!("/resume/{token}"), &serde_json::json!({}))
            .await
    }

    /// 继续办理 by phone number and a `register` code.
    pub async fn continue_registration(
        &self,
        request: &ContinueRegistration,
    ) -> Result<Resumed, ApiError> {
        self.post("/registrations/continue", request).await
    }

    /// 确认信息: the ID number.
    pub async fn confirm_identity(
        &self,
        id: &str,
        id_number: &str,
    ) -> Result<RegistrationState, ApiError> {
        let body = ConfirmIdentity {
            id_number: id_number.to_owned(),
        };
        self.put(&format!("/registrations/{id}/identity"), &body)
            .await
    }
}
