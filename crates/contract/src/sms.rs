use serde::{Deserialize, Serialize};

/// What a verification code is for; a code sent for one purpose does not work for another.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SmsPurpose {
    /// 注册: the first code, on the registration form.
    Register,
    /// 确认信息: the code that creates the payment order.
    Confirm,
    /// 重置签署密码
    Reset,
}

impl SmsPurpose {
    pub const fn as_str(self) -> &'static str {
        match self {
            SmsPurpose::Register => "register",
            SmsPurpose::Confirm => "confirm",
            SmsPurpose::Reset => "reset",
        }
    }

    pub fn parse(text: &str) -> Option<SmsPurpose> {
        [SmsPurpose::Register, SmsPurpose::Confirm, SmsPurpose::Reset]
            .into_iter()
            .find(|p| p.as_str() == text)
    }
}

/// `POST /api/sms/send`
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SendSmsRequest {
    pub phone: String,
    pub purpose: SmsPurpose,
}

/// The answer of `POST /api/sms/send` and `GET /api/sms/cooldown?phone=`: how long until
/// 「获取验证码」 may be pressed again (0: now). The server's word, so a reload keeps the countdown.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmsCooldown {
    pub resend_after_secs: u32,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn purposes_round_trip_through_their_names() {
        for purpose in [SmsPurpose::Register, SmsPurpose::Confirm, SmsPurpose::Reset] {
            assert_eq!(SmsPurpose::parse(purpose.as_str()), Some(purpose));
            assert_eq!(
                serde_json::to_string(&purpose).unwrap(),
                format!("\"{}\"", purpose.as_str())
            );
        }
        assert_eq!(SmsPurpose::parse("login"), None);
    }
}
