use serde::{Deserialize, Serialize};

use crate::rules::{Phone, RealName, SmsCode, UnitName};

/// A 用户角色 a person registers as (`GET /api/roles`).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Role {
    pub code: String,
    /// 投标人, 招标人 …
    pub name: String,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RoleList {
    pub roles: Vec<Role>,
}

/// `POST /api/registrations`: the 注册 form's 「确定」. Fields travel as typed; the server
/// applies the rules and answers `bad_request` with the first rule's message.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// Where a resume link leads once it is opened.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResumeTarget {
    /// 支付结果: the link WeChat Pay returns to (`redirect_url`).
    PayResult,
    /// The page of the registration's step (the desktop's 「在手机上继续」).
    Step,
}

/// `POST /api/registrations/{id}/resume-links`
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateResumeLink {
    pub target: ResumeTarget,
}

/// A short-lived, single-use link that brings a registration into another browser: `/resume/<token>`.
/// It carries no login and no password, only the registration.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResumeLink {
    pub token: String,
    pub expires_at: i64,
}

/// `POST /api/resume/{token}`: the registration the link was for, its organization, and where to go.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Resumed {
    pub registration: RegistrationState,
    pub org: crate::orgs::Org,
    pub target: ResumeTarget,
}

/// `POST /api/registrations/continue`: 继续办理 by phone number and a `register` SMS code, when
/// the registration's id is not on this device (another browser, a used link).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContinueRegistration {
    pub org_id: String,
    pub phone: String,
    pub sms_code: String,
}

/// A 注册 form that passed every rule.
#[derive(Debug, Clone)]
pub struct ValidRegistrationForm {
    pub org_id: String,
    pub role: String,
    pub unit_name: UnitName,
    pub name: RealName,
    pub phone: Phone,
    pub sms_code: SmsCode,
}

impl ValidRegistrationForm {
    /// Checks the fields in the order the form shows them; the error is the first rule's
    /// message. The app runs it to enable 「确定」, the server as the authority.
    pub fn check(form: &CreateRegistration) -> Result<ValidRegistrationForm, String> {
        if form.role.trim().is_empty() {
            return Err(tr!("请选择用户角色"));
        }
        let unit_name = UnitName::parse(&form.unit_name).map_err(|err| err.message())?;
        let name = RealName::parse(&form.name).map_err(|err| err.message())?;
        let phone = Phone::parse(&form.phone).map_err(|err| err.message())?;
        let sms_code = SmsCode::parse(&form.sms_code).map_err(|err| err.message())?;
        if !form.agreed {
            return Err(tr!("请阅读并同意《服务协议》《隐私政策》"));
        }
        Ok(ValidRegistrationForm {
            org_id: form.org_id.clone(),
            role: form.role.trim().to_owned(),
            unit_name,
            name,
            phone,
            sms_code,
        })
    }
}

/// Where a registration stands: the stepper 注册 → 实名认证 → 支付 → 成功, in finer steps.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ConfirmIdentity {
    pub id_number: String,
}

/// `PUT /api/registrations/{id}/password`: 设置签署密码. The server checks both: the rule
/// ([`crate::rules::SigningPassword`]) and that the two are the same.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SetSigningPassword {
    pub password: String,
    pub confirm: String,
}

impl std::fmt::Debug for SetSigningPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SetSigningPassword(***)")
    }
}

/// Why two typed passwords cannot be set.
pub fn password_pair_error(password: &str, confirm: &str) -> Option<String> {
    match crate::rules::SigningPassword::parse(password) {
        Err(err) => Some(err.message()),
        Ok(_) if confirm.is_empty() => Some(tr!("请再次输入签署密码")),
        Ok(_) if password != confirm => Some(tr!("两次输入的密码不一致")),
        Ok(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CreateRegistration {
        CreateRegistration {
            org_id: "huizhou".into(),
            role: "bidder".into(),
            unit_name: "惠州市某建设工程有限公司".into(),
            name: "张三".into(),
            phone: "13800138000".into(),
            sms_code: "123456".into(),
            agreed: true,
        }
    }

    #[test]
    fn a_complete_form_passes() {
        let valid = ValidRegistrationForm::check(&form()).unwrap();
        assert_eq!(valid.name.as_str(), "张三");
        assert_eq!(valid.phone.as_str(), "13800138000");
    }

    #[test]
    fn the_first_broken_rule_is_reported() {
        let broken = |change: fn(&mut CreateRegistration)| {
            let mut form = form();
            change(&mut form);
            ValidRegistrationForm::check(&form).unwrap_err()
        };
        assert_eq!(broken(|f| f.role = " ".into()), "请选择用户角色");
        assert_eq!(broken(|f| f.unit_name = "".into()), "请输入单位名称");
        assert_eq!(
            broken(|f| f.name = "Zhang San".into()),
            "请输入与身份证一致的中文姓名"
        );
        assert_eq!(broken(|f| f.phone = "123".into()), "请输入11位手机号");
        assert_eq!(broken(|f| f.sms_code = "12".into()), "请输入6位数字验证码");
        assert_eq!(
            broken(|f| f.agreed = false),
            "请阅读并同意《服务协议》《隐私政策》"
        );
    }

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
