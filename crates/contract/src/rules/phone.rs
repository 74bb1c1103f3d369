use std::fmt;

use serde::{Deserialize, Serialize};

/// A mainland China mobile number: 11 digits, `1[3-9]` then nine more.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(try_from = "String", into = "String")]
pub struct Phone(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhoneError {
    Empty,
    NotDigits,
    WrongLength,
    NotMobile,
}

impl PhoneError {
    pub fn message(self) -> String {
        match self {
            PhoneError::Empty => tr!("请输入手机号"),
            PhoneError::NotDigits => tr!("手机号只能包含数字"),
            PhoneError::WrongLength => tr!("请输入11位手机号"),
            PhoneError::NotMobile => tr!("手机号格式不正确"),
        }
    }
}

rule_error!(PhoneError);

impl Phone {
    /// Accepts what people paste: spaces and dashes between groups and a `+86`/`86` prefix.
    pub fn parse(input: &str) -> Result<Phone, PhoneError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '-')
            .collect();
        if compact.is_empty() {
            return Err(PhoneError::Empty);
        }
        let national = compact
            .strip_prefix("+86")
            .or_else(|| compact.strip_prefix("0086"))
            .or_else(|| {
                (compact.len() == 13)
                    .then(|| compact.strip_prefix("86"))
                    .flatten()
            })
            .unwrap_or(&compact);
        if !national.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PhoneError::NotDigits);
        }
        if national.len() != 11 {
            return Err(PhoneError::WrongLength);
        }
        let bytes = national.as_bytes();
        if bytes[0] != b'1' || !(b'3'..=b'9').contains(&bytes[1]) {
            return Err(PhoneError::NotMobile);
        }
        Ok(Phone(national.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `138****8000`: what may be shown to someone who has not proved they own the number.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

impl fmt::Display for Phone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl TryFrom<String> for Phone {
    type Error = PhoneError;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Phone::parse(&value)
    }
}

impl From<Phone> for String {
    fn from(phone: Phone) -> String {
        phone.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_mainland_mobile_numbers() {
        for valid in [
            "13800138000",
            "17800000008",
            "19912345678",
            "15000000000",
            "16600000000",
        ] {
            assert_eq!(Phone::parse(valid).unwrap().as_str(), valid);
        }
    }

    #[test]
    fn normalizes_what_people_paste() {
        for pasted in [
            "138 0013 8000",
            "138-0013-8000",
            "+86 138 0013 8000",
            "8613800138000",
            "008613800138000",
        ] {
            assert_eq!(
                Phone::parse(pasted).unwrap().as_str(),
                "13800138000",
                "{pasted}"
            );
        }
    }

    #[test]
    fn rejects_each_kind_of_bad_number_with_its_reason() {
        assert_eq!(Phone::parse(""), Err(PhoneError::Empty));
        assert_eq!(Phone::parse("   "), Err(PhoneError::Empty));
        assert_eq!(Phone::parse("1380013800a"), Err(PhoneError::NotDigits));
        assert_eq!(
            Phone::parse("１３８００１３８０００"),
            Err(PhoneError::NotDigits)
        );
        assert_eq!(Phone::parse("1380013800"), Err(PhoneError::WrongLength));
        assert_eq!(Phone::parse("138001380001"), Err(PhoneError::WrongLength));
        assert_eq!(Phone::parse("12800138000"), Err(PhoneError::NotMobile));
        assert_eq!(Phone::parse("10000000000"), Err(PhoneError::NotMobile));
        assert_eq!(Phone::parse("23800138000"), Err(PhoneError::NotMobile));
        assert_eq!(Phone::parse("075512345678"), Err(PhoneError::WrongLength));
    }

    #[test]
    fn messages_are_chinese_and_specific() {
        assert_eq!(PhoneError::WrongLength.message(), "请输入11位手机号");
        assert_eq!(PhoneError::NotMobile.to_string(), "手机号格式不正确");
    }

    #[test]
    fn deserializing_enforces_the_rule() {
        assert!(serde_json::from_str::<Phone>(r#""13800138000""#).is_ok());
        assert!(serde_json::from_str::<Phone>(r#""123""#).is_err());
    }

    #[test]
    fn masks_the_middle_four_digits() {
        assert_eq!(Phone::parse("13800138000").unwrap().masked(), "138****8000");
    }
}
