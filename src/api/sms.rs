use cloudsign_contract::sms::{SendSmsRequest, SmsCooldown, SmsPurpose};

use super::{ApiError, PublicApi};

impl PublicApi {
    /// 「获取验证码」: returns the seconds until another code may be asked for.
    pub async fn send_sms(&self, phone: &str, purpose: SmsPurpose) -> Result<u32, ApiError> {
        let request = SendSmsRequest {
            phone: phone.to_owned(),
            purpose,
        };
        let cooldown: SmsCooldown = self.post("/sms/send", &request).await?;
        Ok(cooldown.resend_after_secs)
    }

    /// What is left of the phone's countdown, so that a reload does not reset it.
    pub async fn sms_cooldown(&self, phone: &str) -> Result<u32, ApiError> {
        let cooldown: SmsCooldown = self.get("/sms/cooldown", &[("phone", phone)]).await?;
        Ok(cooldown.resend_after_secs)
    }
}
