use serde::{Deserialize, Serialize};

/// A 用户角色 a person registers as (`GET /api/roles`).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct Role {
    pub code: String,
    /// 投标人, 招标人 …
    pub name: String,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
pub struct RoleList {
    pub roles: Vec<Role>,
}

/// `POST /api/registrations`: the 注册 form's 「确定」. Fields travel as typed; the server
/// applies the rules and answers `bad_request` with the first rule's message.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct CreateRegistration {
    pub org_id: String,
    pub role: String,
    pub unit_name: String,
    pub name: String,
    pub phone: String,
    pub sms_code: String,
    /// 「我已阅读并同意《服务协议》《隐私政策》」
    pub agreed: bool,
}

/// Where a registration stands: the stepper 注册 → 实名认证 → 支付 → 成功, in finer steps.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStep {
    /// 确认信息: confirm the name and enter the ID number.
    Identity,
    /// 实名认证: ID card photos and the liveness check.
    RealName,
    /// 支付: the order and WeChat Pay.
    Payment,
    /// 设置签署密码
    Password,
    Done,
}

impl RegistrationStep {
    pub const fn as_str(self) -> &'static str {
        match self {
            RegistrationStep::Identity => "identity",
            RegistrationStep::RealName => "real_name",
            RegistrationStep::Payment => "payment",
            RegistrationStep::Password => "password",
            RegistrationStep::Done => "done",
        }
    }

    pub fn parse(text: &str) -> Option<RegistrationStep> {
        use RegistrationStep::*;
        [Identity, RealName, Payment, Password, Done]
            .into_iter()
            .find(|step| step.as_str() == text)
    }
}

/// A registration as the app may see it (`GET /api/registrations/{id}`): enough to resume.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct RegistrationState {
    /// An unguessable token: whoever holds it continues this registration.
    pub id: String,
    pub step: RegistrationStep,
    pub org_id: String,
    pub role: String,
    pub unit_name: String,
    pub name: String,
    pub phone: String,
    /// Once entered on 确认信息, masked (`1101**********002X`).
    pub id_number_masked: Option<String>,
}

/// `PUT /api/registrations/{id}/identity`: 确认信息's 身份证号.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct ConfirmIdentity {
    pub id_number: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_round_trip_through_their_names() {
        use RegistrationStep::*;
        for step in [Identity, RealName, Payment, Password, Done] {
            assert_eq!(RegistrationStep::parse(step.as_str()), Some(step));
            assert_eq!(
                serde_json::to_string(&step).unwrap(),
                format!("\"{}\"", step.as_str())
            );
        }
    }
}
