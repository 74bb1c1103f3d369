use cloudsign_contract::account::{PasswordResetStarted, StartPasswordReset};
use cloudsign_contract::auth::Session;
use cloudsign_contract::real_name::{LivenessChallenge, LivenessSubmission};
use cloudsign_contract::registration::SetSigningPassword;

use super::{ApiError, PublicApi};

/// Whose liveness check it is: a registration's, or a password reset's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LivenessSubject {
    Registration(String),
    PasswordReset(String),
}

impl PublicApi {
    /// 重置签署密码: the SMS code starts it.
    pub async fn start_password_reset(
        &self,
        org_id: &str,
        phone: &str,
        sms_code: &str,
    ) -> Result<PasswordResetStarted, ApiError> {
        let body = StartPasswordReset {
            org_id: org_id.to_owned(),
            phone: phone.to_owned(),
            sms_code: sms_code.to_owned(),
        };
        self.post("/password-reset", &body).await
    }

    /// The new password ends it, with a session.
    pub async fn complete_password_reset(
        &self,
        reset_id: &str,
        password: &str,
        confirm: &str,
    ) -> Result<Session, ApiError> {
        let body = SetSigningPassword {
            password: password.to_owned(),
            confirm: confirm.to_owned(),
        };
        self.put(&format!("/password-reset/{reset_id}/password"), &body)
            .await
    }

    /// Prompts for the subject's liveness check.
    pub async fn liveness_challenge_for(
        &self,
        subject: &LivenessSubject,
    ) -> Result<LivenessChallenge, ApiError> {
        match subject {
            LivenessSubject::Registration(id) => self.liveness_challenge(id).await,
            LivenessSubject::PasswordReset(id) => {
                self.post(
                    &format!("/password-reset/{id}/challenge"),
                    &serde_json::json!({}),
                )
                .await
            }
        }
    }

    /// The frames of the subject's liveness check; Ok when it passed.
    pub async fn submit_liveness_for(
        &self,
        subject: &LivenessSubject,
        submission: &LivenessSubmission,
    ) -> Result<(), ApiError> {
        match subject {
            LivenessSubject::Registration(id) => {
                self.submit_liveness(id, submission).await.map(drop)
            }
            LivenessSubject::PasswordReset(id) => {
                self.post_no_content(&format!("/password-reset/{id}/liveness"), submission)
                    .await
            }
        }
    }
}
