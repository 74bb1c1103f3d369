use serde::{Deserialize, Serialize};

/// A person's real name as on the ID card: Chinese characters, with `·` between the parts of
/// a transliterated name (阿依古丽·买买提), 2 to 30 characters once trimmed.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RealName(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RealNameError {
    Empty,
    TooShort,
    TooLong,
    NotChinese,
    MisplacedDot,
}

impl RealNameError {
    pub fn message(self) -> String {
        match self {
            RealNameError::Empty => tr!("请输入姓名"),
            RealNameError::TooShort => tr!("姓名至少2个字"),
            RealNameError::TooLong => tr!("姓名不能超过30个字"),
            RealNameError::NotChinese => tr!("请输入与身份证一致的中文姓名"),
            RealNameError::MisplacedDot => tr!("姓名中的「·」只能用在两个字之间"),
        }
    }
}

rule_error!(RealNameError);

/// Dots that keyboards produce for the name separator; all become the middle dot `·`.
const DOTS: [char; 5] = ['·', '•', '・', '．', '.'];

fn is_han(c: char) -> bool {
    matches!(c, '\u{4e00}'..='\u{9fff}' | '\u{3400}'..='\u{4dbf}' | '\u{20000}'..='\u{2a6df}' | '\u{f900}'..='\u{faff}')
}

impl RealName {
    pub fn parse(input: &str) -> Result<RealName, RealNameError> {
        let name: String = input
            .trim()
            .chars()
            .map(|c| if DOTS.contains(&c) { '·' } else { c })
            .collect();
        let count = name.chars().count();
        if count == 0 {
            return Err(RealNameError::Empty);
        }
        if !name.chars().all(|c| is_han(c) || c == '·') {
            return Err(RealNameError::NotChinese);
        }
        if name.starts_with('·') || name.ends_with('·') || name.contains("··") {
            return Err(RealNameError::MisplacedDot);
        }
        if count < 2 {
            return Err(RealNameError::TooShort);
        }
        if count > 30 {
            return Err(RealNameError::TooLong);
        }
        Ok(RealName(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A name as it may be shown before the person has proved who they are: the first and last
/// characters stay, the rest become `*` (张三 → 张*, 张小三 → 张*三, 欧阳小峰 → 欧**峰).
pub fn mask_name(name: &str) -> String {
    let chars: Vec<char> = name.trim().chars().collect();
    match chars.len() {
        0 => String::new(),
        1 => "*".to_owned(),
        2 => format!("{}*", chars[0]),
        n => {
            let mut masked = String::new();
            masked.push(chars[0]);
            masked.extend(std::iter::repeat_n('*', n - 2));
            masked.push(chars[n - 1]);
            masked
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_chinese_names_with_separating_dots() {
        for valid in ["张三", "欧阳小峰", "阿依古丽·买买提", "  李四 ", "𠮷野"] {
            assert!(RealName::parse(valid).is_ok(), "{valid}");
        }
        assert_eq!(RealName::parse(" 李四 ").unwrap().as_str(), "李四");
        assert_eq!(
            RealName::parse("阿依古丽•买买提").unwrap().as_str(),
            "阿依古丽·买买提"
        );
        assert_eq!(
            RealName::parse("阿依古丽.买买提").unwrap().as_str(),
            "阿依古丽·买买提"
        );
    }

    #[test]
    fn rejects_each_kind_of_bad_name_with_its_reason() {
        assert_eq!(RealName::parse(" "), Err(RealNameError::Empty));
        assert_eq!(RealName::parse("张"), Err(RealNameError::TooShort));
        assert_eq!(
            RealName::parse(&"张".repeat(31)),
            Err(RealNameError::TooLong)
        );
        assert!(RealName::parse(&"张".repeat(30)).is_ok());
        assert_eq!(RealName::parse("Zhang San"), Err(RealNameError::NotChinese));
        assert_eq!(RealName::parse("张三1"), Err(RealNameError::NotChinese));
        assert_eq!(RealName::parse("张 三"), Err(RealNameError::NotChinese));
        assert_eq!(RealName::parse("·买买提"), Err(RealNameError::MisplacedDot));
        assert_eq!(
            RealName::parse("阿依古丽··买买提"),
            Err(RealNameError::MisplacedDot)
        );
    }

    #[test]
    fn masks_keep_only_the_first_and_last_character() {
        assert_eq!(mask_name("张三"), "张*");
        assert_eq!(mask_name("张小三"), "张*三");
        assert_eq!(mask_name("欧阳小峰"), "欧**峰");
        assert_eq!(mask_name("阿依古丽·买买提"), "阿******提");
        assert_eq!(mask_name(" 李 "), "*");
        assert_eq!(mask_name(""), "");
    }
}
