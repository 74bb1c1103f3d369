use serde::{Deserialize, Serialize};

/// 单位名称: the company or institution a person signs for, 2 to 60 characters once trimmed.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UnitName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitNameError {
    Empty,
    TooShort,
    TooLong,
    InvalidCharacter,
}

impl UnitNameError {
    pub fn message(self) -> String {
        match self {
            UnitNameError::Empty => tr!("请输入单位名称"),
            UnitNameError::TooShort => tr!("单位名称至少2个字"),
            UnitNameError::TooLong => tr!("单位名称不能超过60个字"),
            UnitNameError::InvalidCharacter => tr!("单位名称包含无效字符"),
        }
    }
}

rule_error!(UnitNameError);

impl UnitName {
    pub fn parse(input: &str) -> Result<UnitName, UnitNameError> {
        let name = input.trim();
        let count = name.chars().count();
        if count == 0 {
            Err(UnitNameError::Empty)
        } else if name.chars().any(char::is_control) {
            Err(UnitNameError::InvalidCharacter)
        } else if count < 2 {
            Err(UnitNameError::TooShort)
        } else if count > 60 {
            Err(UnitNameError::TooLong)
        } else {
            Ok(UnitName(name.to_owned()))
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
    fn a_unit_name_is_trimmed_and_bounded() {
        assert_eq!(
            UnitName::parse("  惠州市某建设工程有限公司 ")
                .unwrap()
                .as_str(),
            "惠州市某建设工程有限公司"
        );
        assert!(UnitName::parse("ABC Engineering (Huizhou) Co., Ltd.").is_ok());
        assert_eq!(UnitName::parse(" "), Err(UnitNameError::Empty));
        assert_eq!(UnitName::parse("某"), Err(UnitNameError::TooShort));
        assert_eq!(
            UnitName::parse(&"某".repeat(61)),
            Err(UnitNameError::TooLong)
        );
        assert_eq!(UnitName::parse("某公司\n"), Ok(UnitName("某公司".into())));
        assert_eq!(
            UnitName::parse("某\u{0}公司"),
            Err(UnitNameError::InvalidCharacter)
        );
    }
}
