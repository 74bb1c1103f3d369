use serde::{Deserialize, Serialize};

/// The 6-digit code of a verification SMS.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SmsCode(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SmsCodeError {
    Empty,
    NotSixDigits,
}

impl SmsCodeError {
    pub fn message(self) -> String {
        match self {
            SmsCodeError::Empty => tr!("请输入验证码"),
            SmsCodeError::NotSixDigits => tr!("请输入6位数字验证码"),
        }
    }
}

rule_error!(SmsCodeError);

impl SmsCode {
    pub fn parse(input: &str) -> Result<SmsCode, SmsCodeError> {
        let code: String = input.chars().filter(|c| !c.is_whitespace()).collect();
        if code.is_empty() {
            Err(SmsCodeError::Empty)
        } else if code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()) {
            Ok(SmsCode(code))
        } else {
            Err(SmsCodeError::NotSixDigits)
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn six_digits_and_nothing_else() {
        assert_eq!(SmsCode::parse("042137").unwrap().as_str(), "042137");
        assert_eq!(SmsCode::parse(" 042 137 ").unwrap().as_str(), "042137");
        assert_eq!(SmsCode::parse(""), Err(SmsCodeError::Empty));
        assert_eq!(SmsCode::parse("04213"), Err(SmsCodeError::NotSixDigits));
        assert_eq!(SmsCode::parse("0421378"), Err(SmsCodeError::NotSixDigits));
        assert_eq!(SmsCode::parse("04213a"), Err(SmsCodeError::NotSixDigits));
        assert_eq!(
            SmsCode::parse("０４２１３７"),
            Err(SmsCodeError::NotSixDigits)
        );
    }
}
