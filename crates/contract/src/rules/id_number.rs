use serde::{Deserialize, Serialize};

/// A calendar date, enough to check a birth date without a date library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

impl Date {
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let leap =
            (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        (1..=days_in_month)
            .contains(&day)
            .then_some(Date { year, month, day })
    }
}

/// A resident identity card number per GB 11643-1999: six digits of region, eight of birth
/// date, three of sequence, and a check character (ISO 7064 MOD 11-2, `X` for 10).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdNumber(String);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdNumberError {
    Empty,
    WrongLength,
    InvalidCharacter,
    UnknownRegion,
    InvalidBirthDate,
    FutureBirthDate,
    WrongCheckCharacter,
}

impl IdNumberError {
    pub fn message(self) -> String {
        match self {
            IdNumberError::Empty => tr!("请输入身份证号"),
            IdNumberError::WrongLength => tr!("请输入18位身份证号"),
            IdNumberError::InvalidCharacter => tr!("身份证号只能包含数字，最后一位可以是X"),
            IdNumberError::UnknownRegion => tr!("身份证号的地区码不正确"),
            IdNumberError::InvalidBirthDate => tr!("身份证号中的出生日期不正确"),
            IdNumberError::FutureBirthDate => tr!("身份证号中的出生日期不能晚于今天"),
            IdNumberError::WrongCheckCharacter => tr!("身份证号校验位不正确，请核对后重新输入"),
        }
    }
}

rule_error!(IdNumberError);

const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const CHECK_CHARACTERS: [u8; 11] = *b"10X98765432";
/// Province-level codes (GB/T 2260) that the first two digits can take.
const PROVINCES: [u8; 35] = [
    11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
    53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 91,
];

impl IdNumber {
    /// Checks `input` (spaces ignored, a lower-case `x` accepted) against `today`.
    pub fn parse(input: &str, today: Date) -> Result<IdNumber, IdNumberError> {
        let compact: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_ascii_uppercase();
        if compact.is_empty() {
            return Err(IdNumberError::Empty);
        }
        if compact.chars().count() != 18 {
            return Err(IdNumberError::WrongLength);
        }
        let bytes = compact.as_bytes();
        if !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
        {
            return Err(IdNumberError::InvalidCharacter);
        }
        let digit = |i: usize| u32::from(bytes[i] - b'0');
        let province = (digit(0) * 10 + digit(1)) as u8;
        if !PROVINCES.contains(&province) {
            return Err(IdNumberError::UnknownRegion);
        }
        let number = |range: std::ops::Range<usize>| range.fold(0u32, |n, i| n * 10 + digit(i));
        let birth = Date::new(
            number(6..10) as u16,
            number(10..12) as u8,
            number(12..14) as u8,
        )
        .filter(|date| date.year >= 1900)
        .ok_or(IdNumberError::InvalidBirthDate)?;
        if birth > today {
            return Err(IdNumberError::FutureBirthDate);
        }
        let sum: u32 = WEIGHTS
            .iter()
            .enumerate()
            .map(|(i, weight)| digit(i) * weight)
            .sum();
        if CHECK_CHARACTERS[(sum % 11) as usize] != bytes[17] {
            return Err(IdNumberError::WrongCheckCharacter);
        }
        Ok(IdNumber(compact))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn birth_date(&self) -> Date {
        let n = |range: std::ops::Range<usize>| self.0[range].parse::<u16>().unwrap_or(0);
        Date {
            year: n(6..10),
            month: n(10..12) as u8,
            day: n(12..14) as u8,
        }
    }

    /// `4413**********123X`: the region's first four and the last four characters.
    pub fn masked(&self) -> String {
        mask_id_number(&self.0)
    }
}

/// Masks an 18-character ID number as [`IdNumber::masked`] does; other text becomes `*`s.
pub fn mask_id_number(number: &str) -> String {
    match (number.get(..4), number.get(14..)) {
        (Some(head), Some(tail)) if number.len() == 18 => format!("{head}**********{tail}"),
        _ => "*".repeat(number.chars().count()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TODAY: Date = Date {
        year: 2026,
        month: 11,
        day: 28,
    };

    #[test]
    fn accepts_numbers_with_the_right_check_character() {
        // The standard's own example, and numbers made with its algorithm.
        for valid in [
            "11010519491231002X",
            "440524198001010013",
            "441302199001011231",
            "110101200002290018",
        ] {
            let parsed = IdNumber::parse(valid, TODAY);
            assert!(parsed.is_ok(), "{valid}: {parsed:?}");
        }
        assert_eq!(
            IdNumber::parse("11010519491231002x", TODAY)
                .unwrap()
                .as_str(),
            "11010519491231002X"
        );
        assert_eq!(
            IdNumber::parse("110105 19491231 002X", TODAY)
                .unwrap()
                .as_str(),
            "11010519491231002X"
        );
    }

    #[test]
    fn rejects_each_kind_of_bad_number_with_its_reason() {
        let check = |input| IdNumber::parse(input, TODAY);
        assert_eq!(check(""), Err(IdNumberError::Empty));
        assert_eq!(check("11010519491231002"), Err(IdNumberError::WrongLength));
        assert_eq!(
            check("110105194912310021X"),
            Err(IdNumberError::WrongLength)
        );
        assert_eq!(
            check("1101051949123100AX"),
            Err(IdNumberError::InvalidCharacter)
        );
        assert_eq!(
            check("11010519491231002Y"),
            Err(IdNumberError::InvalidCharacter)
        );
        assert_eq!(
            check("99010519491231002X"),
            Err(IdNumberError::UnknownRegion)
        );
        assert_eq!(
            check("110105194902300020"),
            Err(IdNumberError::InvalidBirthDate),
            "no 30 February"
        );
        assert_eq!(
            check("110101190002290011"),
            Err(IdNumberError::InvalidBirthDate),
            "1900 was not a leap year"
        );
        assert_eq!(
            check("11010520300101001X"),
            Err(IdNumberError::FutureBirthDate)
        );
        assert_eq!(
            check("110105194912310021"),
            Err(IdNumberError::WrongCheckCharacter)
        );
        assert_eq!(
            check("440524198001010014"),
            Err(IdNumberError::WrongCheckCharacter)
        );
        assert_eq!(
            check("440524188001010014"),
            Err(IdNumberError::InvalidBirthDate),
            "before 1900"
        );
    }

    #[test]
    fn tells_the_birth_date_and_masks_the_middle() {
        let id = IdNumber::parse("11010519491231002X", TODAY).unwrap();
        assert_eq!(
            id.birth_date(),
            Date {
                year: 1949,
                month: 12,
                day: 31
            }
        );
        assert_eq!(id.masked(), "1101**********002X");
    }

    #[test]
    fn dates_know_the_calendar() {
        assert!(Date::new(2000, 2, 29).is_some());
        assert!(Date::new(2026, 2, 29).is_none());
        assert!(Date::new(2026, 4, 31).is_none());
        assert!(Date::new(2026, 13, 1).is_none());
    }
}
