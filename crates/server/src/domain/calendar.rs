//! Dates as people in China read them (UTC+8), from the server clock's Unix seconds.

use cloudsign_contract::rules::Date;

const CHINA_OFFSET_SECONDS: i64 = 8 * 60 * 60;

/// The calendar date in China at `unix_seconds`.
pub fn china_date(unix_seconds: i64) -> Date {
    let days = (unix_seconds + CHINA_OFFSET_SECONDS).div_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = (day_of_year - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = (year_of_era + era * 400 + i64::from(month <= 2)) as u16;
    Date { year, month, day }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_chinese_local_dates() {
        assert_eq!(
            china_date(0),
            Date {
                year: 1970,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            china_date(1_800_000_000),
            Date {
                year: 2027,
                month: 1,
                day: 15
            }
        );
        // 2023-12-31 16:00 UTC is already New Year's Day in Huizhou.
        assert_eq!(
            china_date(1_704_038_400),
            Date {
                year: 2024,
                month: 1,
                day: 1
            }
        );
        assert_eq!(
            china_date(1_704_038_399),
            Date {
                year: 2023,
                month: 12,
                day: 31
            }
        );
        assert_eq!(
            china_date(951_782_400),
            Date {
                year: 2000,
                month: 2,
                day: 29
            }
        );
    }
}
