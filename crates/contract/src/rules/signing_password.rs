/// The 签署密码: 8–16 letters and digits with at least one upper-case letter, one lower-case
/// letter and one digit. Letters are case-sensitive. The value is never kept beyond the request.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningPassword(String);

// Never printed, not even in a test failure or a log line.
impl std::fmt::Debug for SigningPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SigningPassword(***)")
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningPasswordError {
    Empty,
    Length,
    /// Something other than an ASCII letter or digit.
    Characters,
    NoUpperCase,
    NoLowerCase,
    NoDigit,
}

impl SigningPasswordError {
    pub fn message(self) -> String {
        match self {
            SigningPasswordError::Empty => tr!("请输入签署密码"),
            SigningPasswordError::Length => tr!("签署密码须为8-16位"),
            SigningPasswordError::Characters => tr!("签署密码只能包含字母和数字"),
            SigningPasswordError::NoUpperCase => tr!("签署密码须包含大写字母"),
            SigningPasswordError::NoLowerCase => tr!("签署密码须包含小写字母"),
            SigningPasswordError::NoDigit => tr!("签署密码须包含数字"),
        }
    }
}

rule_error!(SigningPasswordError);

/// One line of the rule as the 设置签署密码 page shows it while the person types.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordRequirement {
    pub label: String,
    pub met: bool,
}

impl SigningPassword {
    pub const MIN_LEN: usize = 8;
    pub const MAX_LEN: usize = 16;

    /// Checks the rule. Unlike other fields nothing is trimmed: a space is a wrong character.
    pub fn parse(input: &str) -> Result<SigningPassword, SigningPasswordError> {
        if input.is_empty() {
            return Err(SigningPasswordError::Empty);
        }
        if !input.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(SigningPasswordError::Characters);
        }
        if !(Self::MIN_LEN..=Self::MAX_LEN).contains(&input.len()) {
            return Err(SigningPasswordError::Length);
        }
        if !input.chars().any(|c| c.is_ascii_uppercase()) {
            return Err(SigningPasswordError::NoUpperCase);
        }
        if !input.chars().any(|c| c.is_ascii_lowercase()) {
            return Err(SigningPasswordError::NoLowerCase);
        }
        if !input.chars().any(|c| c.is_ascii_digit()) {
            return Err(SigningPasswordError::NoDigit);
        }
        Ok(SigningPassword(input.to_owned()))
    }

    /// The rule, line by line, for what has been typed so far.
    pub fn requirements(input: &str) -> [PasswordRequirement; 4] {
        let len = input.chars().count();
        [
            PasswordRequirement {
                label: tr!("8-16位字母和数字"),
                met: (Self::MIN_LEN..=Self::MAX_LEN).contains(&len)
                    && input.chars().all(|c| c.is_ascii_alphanumeric()),
            },
            PasswordRequirement {
                label: tr!("含大写字母"),
                met: input.chars().any(|c| c.is_ascii_uppercase()),
            },
            PasswordRequirement {
                label: tr!("含小写字母"),
                met: input.chars().any(|c| c.is_ascii_lowercase()),
            },
            PasswordRequirement {
                label: tr!("含数字"),
                met: input.chars().any(|c| c.is_ascii_digit()),
            },
        ]
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_of_both_cases_and_a_digit_in_8_to_16_characters() {
        assert!(SigningPassword::parse("Abcdefg1").is_ok());
        assert!(SigningPassword::parse("Abcdefgh12345678").is_ok());
        assert_eq!(SigningPassword::parse(""), Err(SigningPasswordError::Empty));
        assert_eq!(
            SigningPassword::parse("Abcdef1"),
            Err(SigningPasswordError::Length)
        );
        assert_eq!(
            SigningPassword::parse("Abcdefgh123456789"),
            Err(SigningPasswordError::Length)
        );
        assert_eq!(
            SigningPassword::parse("abcdefg1"),
            Err(SigningPasswordError::NoUpperCase)
        );
        assert_eq!(
            SigningPassword::parse("ABCDEFG1"),
            Err(SigningPasswordError::NoLowerCase)
        );
        assert_eq!(
            SigningPassword::parse("Abcdefgh"),
            Err(SigningPasswordError::NoDigit)
        );
        assert_eq!(
            SigningPassword::parse("Abcd efg1"),
            Err(SigningPasswordError::Characters)
        );
        assert_eq!(
            SigningPassword::parse("Abcdefg1！"),
            Err(SigningPasswordError::Characters)
        );
        assert_eq!(
            SigningPassword::parse("密码Abcdefg1"),
            Err(SigningPasswordError::Characters)
        );
    }

    #[test]
    fn the_checklist_follows_what_is_typed() {
        let met = |input: &str| SigningPassword::requirements(input).map(|r| r.met);
        assert_eq!(met(""), [false, false, false, false]);
        assert_eq!(met("abc"), [false, false, true, false]);
        assert_eq!(met("Abcdefg1"), [true, true, true, true]);
        assert_eq!(met("Abcdefg 1"), [false, true, true, true]);
    }

    #[test]
    fn debug_output_hides_the_password() {
        let password = SigningPassword::parse("Abcdefg1").unwrap();
        assert!(!format!("{password:?}").contains("Abcdefg1"));
    }
}
