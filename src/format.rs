//! Times as the app shows them: China time (UTC+8, no daylight saving), whatever the phone's
//! time zone, so that what the app says matches the trading center's records.

const CHINA_OFFSET_SECS: i64 = 8 * 60 * 60;

/// The proleptic Gregorian date of a day count since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// `2022-04-20 10:44:57`, as the guide shows order times.
pub fn china_datetime(unix_secs: i64) -> String {
    let local = unix_secs + CHINA_OFFSET_SECS;
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let secs = local.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02}",
        secs / 3600,
        secs / 60 % 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_shown_in_china_time() {
        // 2022-04-20 02:44:57 UTC is 10:44:57 in Beijing.
        assert_eq!(china_datetime(1_650_422_697), "2022-04-20 10:44:57");
        assert_eq!(china_datetime(0), "1970-01-01 08:00:00");
        // Across midnight and a leap day.
        assert_eq!(china_datetime(1_709_222_400), "2024-03-01 00:00:00");
        assert_eq!(china_datetime(1_709_222_399), "2024-02-29 23:59:59");
    }
}
