/// 纳税人识别号 (企业税号) as invoices take it: the 18-character unified social credit code,
/// checked by its GB 32100-2015 check character, or the older 15-, 17- and 20-character numbers,
/// checked by length and character set.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct TaxNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TaxNumberError {
    Empty,
    Length,
    Characters,
    /// An 18-character code with a letter outside GB 32100's alphabet (I, O, Z, S or V).
    CodeLetter,
    CheckCharacter,
}

impl TaxNumberError {
    pub fn message(self) -> String {
        match self {
            TaxNumberError::Empty => tr!("请输入纳税人识别号"),
            TaxNumberError::Length => tr!("纳税人识别号应为15、17、18或20位"),
            TaxNumberError::Characters => tr!("纳税人识别号只能包含数字和大写字母"),
            TaxNumberError::CodeLetter => {
                tr!("统一社会信用代码不含字母I、O、Z、S、V，请核对是否为数字1、0、2、5或字母U")
            }
            TaxNumberError::CheckCharacter => tr!("统一社会信用代码校验位不正确，请核对"),
        }
    }
}

rule_error!(TaxNumberError);

/// GB 32100-2015's 31 characters (no I, O, Z, S, V), in value order.
const CODE_CHARS: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/// The check character of the first 17 characters (weights 3^(i−1) mod 31), if they are valid.
pub fn credit_code_check_char(first17: &str) -> Option<char> {
    let mut sum = 0u32;
    let mut weight = 1u32;
    for c in first17.chars() {
        let value = CODE_CHARS.find(c)? as u32;
        sum += value * weight;
        weight = weight * 3 % 31;
    }
    let check = (31 - sum % 31) % 31;
    CODE_CHARS.chars().nth(check as usize)
}

impl TaxNumber {
    pub fn parse(input: &str) -> Result<TaxNumber, TaxNumberError> {
        let number: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if number.is_empty() {
            return Err(TaxNumberError::Empty);
        }
        if !number.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(TaxNumberError::Characters);
        }
        match number.len() {
            18 => {
                if !number.chars().all(|c| CODE_CHARS.contains(c)) {
                    return Err(TaxNumberError::CodeLetter);
                }
                let (first17, last) = number.split_at(17);
                if credit_code_check_char(first17) != last.chars().next() {
                    return Err(TaxNumberError::CheckCharacter);
                }
            }
            15 | 17 | 20 => {}
            _ => return Err(TaxNumberError::Length),
        }
        Ok(TaxNumber(number))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unified_social_credit_codes_carry_their_check_character() {
        // Published codes (the last is GB 32100-2015's own example).
        for code in [
            "91110000802100433B",
            "91440300708461136T",
            "91350100M000100Y43",
        ] {
            assert_eq!(TaxNumber::parse(code).unwrap().as_str(), code, "{code}");
        }
        assert_eq!(
            TaxNumber::parse(" 91110000802100433b ").unwrap().as_str(),
            "91110000802100433B"
        );
        assert_eq!(
            TaxNumber::parse("91110000802100433C"),
            Err(TaxNumberError::CheckCharacter)
        );
        // I, O, Z, S and V are not in the code's alphabet: said as such, not as "digits and
        // capital letters only", which they are.
        for letter in ['I', 'O', 'Z', 'S', 'V'] {
            let code = format!("911100008021004{letter}3B");
            assert_eq!(
                TaxNumber::parse(&code),
                Err(TaxNumberError::CodeLetter),
                "{code}"
            );
        }
        assert!(
            TaxNumberError::CodeLetter
                .message()
                .contains("I、O、Z、S、V")
        );
    }

    #[test]
    fn older_numbers_are_checked_by_length_and_characters() {
        assert!(TaxNumber::parse("440301123456789").is_ok());
        assert!(TaxNumber::parse("44030112345678901").is_ok());
        assert!(TaxNumber::parse("44030112345678901234").is_ok());
        assert_eq!(TaxNumber::parse(""), Err(TaxNumberError::Empty));
        assert_eq!(TaxNumber::parse("4403011234"), Err(TaxNumberError::Length));
        assert_eq!(
            TaxNumber::parse("44030112345678-"),
            Err(TaxNumberError::Characters)
        );
    }
}
