//! Wrong signing passwords: five in a row lock the person out for thirty minutes, whether they
//! were typed at login, when signing or when changing the password.

pub const MAX_FAILURES: u32 = 5;
pub const LOCK_SECS: i64 = 30 * 60;
/// How long the last try holds the others back while it is checked (an argon2 check takes well
/// under a second; a crashed one gives the door back after this).
pub const LAST_TRY_HOLD_SECS: i64 = 10;

/// What a wrong password leads to, given how many wrong ones came before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AfterFailure {
    /// This many tries remain.
    TriesLeft(u32),
    /// Locked until this time (Unix seconds).
    LockedUntil(i64),
}

/// `failures` counts this wrong password too.
pub fn after_failure(failures: u32, now: i64) -> AfterFailure {
    if failures >= MAX_FAILURES {
        AfterFailure::LockedUntil(now + LOCK_SECS)
    } else {
        AfterFailure::TriesLeft(MAX_FAILURES - failures)
    }
}

pub fn wrong_password_message(tries_left: u32) -> String {
    tr!(
        "签署密码错误，还可尝试%{tries_left}次",
        tries_left = tries_left
    )
}

/// Minutes are rounded up: "1 minute" while any seconds remain.
pub fn locked_message(locked_until: i64, now: i64) -> String {
    let minutes = ((locked_until - now).max(0) + 59) / 60;
    tr!(
        "签署密码错误次数过多，账户已锁定，请%{minutes}分钟后再试，或重置签署密码",
        minutes = minutes
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fifth_wrong_password_locks_for_thirty_minutes() {
        assert_eq!(after_failure(1, 100), AfterFailure::TriesLeft(4));
        assert_eq!(after_failure(4, 100), AfterFailure::TriesLeft(1));
        assert_eq!(after_failure(5, 100), AfterFailure::LockedUntil(100 + 1800));
        assert_eq!(wrong_password_message(4), "签署密码错误，还可尝试4次");
        assert!(locked_message(1900, 100).contains("请30分钟后再试"));
        assert!(locked_message(1900, 1899).contains("请1分钟后再试"));
    }
}
