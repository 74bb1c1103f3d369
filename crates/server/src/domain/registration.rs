//! The registration's rules: what a valid 注册 form is, and which step may follow which.

use cloudsign_contract::registration::{CreateRegistration, RegistrationStep};
use cloudsign_contract::rules::{Phone, RealName, SmsCode, UnitName};
use rand::Rng;

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
    /// Checks the fields in the order the form shows them; the error is the first rule's message.
    pub fn check(form: &CreateRegistration) -> Result<ValidRegistrationForm, &'static str> {
        if form.role.trim().is_empty() {
            return Err("请选择用户角色");
        }
        let unit_name = UnitName::parse(&form.unit_name).map_err(|err| err.message())?;
        let name = RealName::parse(&form.name).map_err(|err| err.message())?;
        let phone = Phone::parse(&form.phone).map_err(|err| err.message())?;
        let sms_code = SmsCode::parse(&form.sms_code).map_err(|err| err.message())?;
        if !form.agreed {
            return Err("请阅读并同意《服务协议》《隐私政策》");
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

/// The ID number can be entered, or corrected, until the real-name check has passed.
pub fn may_confirm_identity(step: RegistrationStep) -> bool {
    matches!(
        step,
        RegistrationStep::Identity | RegistrationStep::RealName
    )
}

/// 128 random bits, as hex: the registration's id, which only its app knows.
pub fn new_registration_id() -> String {
    let bits: u128 = rand::rng().random();
    format!("{bits:032x}")
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
    fn identity_is_settled_once_the_real_name_check_passed() {
        assert!(may_confirm_identity(RegistrationStep::Identity));
        assert!(may_confirm_identity(RegistrationStep::RealName));
        assert!(!may_confirm_identity(RegistrationStep::Payment));
        assert!(!may_confirm_identity(RegistrationStep::Done));
    }

    #[test]
    fn ids_are_long_and_different() {
        let (a, b) = (new_registration_id(), new_registration_id());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
