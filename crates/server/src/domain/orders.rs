//! Orders: their numbers and when an unpaid one has run out of time.

use rand::Rng;

use crate::domain::calendar::china_date;

/// What an order pays for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderKind {
    /// The first year, at the end of a registration.
    Registration,
    /// 续期: another year for the same key.
    Renewal,
}

impl OrderKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            OrderKind::Registration => "registration",
            OrderKind::Renewal => "renewal",
        }
    }
}

impl TryFrom<String> for OrderKind {
    type Error = String;

    fn try_from(stored: String) -> Result<Self, Self::Error> {
        match stored.as_str() {
            "registration" => Ok(OrderKind::Registration),
            "renewal" => Ok(OrderKind::Renewal),
            _ => Err(format!("unknown order kind {stored}")),
        }
    }
}

/// Why an order was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CloseReason {
    Cancelled,
    Expired,
}

impl CloseReason {
    pub const fn as_str(self) -> &'static str {
        match self {
            CloseReason::Cancelled => "cancelled",
            CloseReason::Expired => "expired",
        }
    }
}

/// `wechat` + the creation time in China (yyyymmddHHMMSS) + 10 random digits, like the guide's
/// `wechat202204201046112960090240`.
pub fn new_order_no(now: i64) -> String {
    let date = china_date(now);
    let seconds_of_day = (now + 8 * 3600).rem_euclid(86_400);
    let (hour, minute, second) = (
        seconds_of_day / 3600,
        seconds_of_day % 3600 / 60,
        seconds_of_day % 60,
    );
    let random: u64 = rand::rng().random_range(0..10_000_000_000);
    format!(
        "wechat{:04}{:02}{:02}{hour:02}{minute:02}{second:02}{random:010}",
        date.year, date.month, date.day
    )
}

/// An unpaid order whose time is up is closed, whether or not the sweeper got to it yet.
pub fn has_expired(expires_at: i64, now: i64) -> bool {
    now >= expires_at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_numbers_carry_the_time_in_china() {
        // 2027-01-15 08:00:00 UTC is 16:00:00 in Huizhou.
        let no = new_order_no(1_800_000_000);
        assert_eq!(no.len(), 30);
        assert!(no.starts_with("wechat20270115160000"), "{no}");
        assert!(no[6..].bytes().all(|b| b.is_ascii_digit()));
        assert_ne!(new_order_no(1_800_000_000), new_order_no(1_800_000_000));
    }

    #[test]
    fn time_is_up_at_the_deadline() {
        assert!(!has_expired(1_600, 1_599));
        assert!(has_expired(1_600, 1_600));
    }
}
