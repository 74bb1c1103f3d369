//! Verification codes: when one may be sent, and whether a typed code is good.

use cloudsign_contract::rules::{Phone, SmsCode};
use cloudsign_contract::sms::SmsPurpose;
use rand::Rng;
use sha2::{Digest, Sha256};

/// The rules, in seconds and counts.
#[derive(Debug, Clone, Copy)]
pub struct SmsPolicy {
    /// At most one message per phone in this time.
    pub resend_interval: i64,
    /// At most this many messages per phone in any 24 hours.
    pub daily_cap: u32,
    /// A code works for this long after it was sent.
    pub code_lifetime: i64,
    /// This many wrong tries void a code.
    pub max_failed_tries: u32,
}

impl Default for SmsPolicy {
    fn default() -> Self {
        SmsPolicy {
            resend_interval: 60,
            daily_cap: 10,
            code_lifetime: 5 * 60,
            max_failed_tries: 5,
        }
    }
}

pub const DAY: i64 = 24 * 60 * 60;

/// Whether a code may be sent to a phone now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SendDecision {
    Allowed,
    WaitSeconds(u32),
    DailyCapReached,
}

impl SmsPolicy {
    /// `last_sent_at`: the phone's latest message; `sent_in_last_day`: its messages in 24 hours.
    pub fn decide_send(
        &self,
        now: i64,
        last_sent_at: Option<i64>,
        sent_in_last_day: u32,
    ) -> SendDecision {
        if let Some(wait) = self.seconds_until_resend(now, last_sent_at) {
            return SendDecision::WaitSeconds(wait);
        }
        if sent_in_last_day >= self.daily_cap {
            return SendDecision::DailyCapReached;
        }
        SendDecision::Allowed
    }

    pub fn seconds_until_resend(&self, now: i64, last_sent_at: Option<i64>) -> Option<u32> {
        let ready_at = last_sent_at? + self.resend_interval;
        (ready_at > now).then(|| (ready_at - now) as u32)
    }
}

/// A code as the store holds it.
#[derive(Debug, Clone)]
pub struct CodeRecord {
    pub id: i64,
    pub code_hash: String,
    pub expires_at: i64,
    pub failed_tries: u32,
    pub consumed: bool,
}

/// What checking a typed code found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeCheck {
    Accepted,
    Wrong {
        tries_left: u32,
    },
    /// No code was sent, or it was used already: a new one is needed.
    Missing,
    Expired,
    /// Too many wrong tries.
    Voided,
}

impl CodeCheck {
    pub fn message(self) -> String {
        match self {
            CodeCheck::Accepted => tr!("验证码正确").to_owned(),
            CodeCheck::Wrong { tries_left } if tries_left > 0 => {
                tr!(
                    "验证码错误，还可以再试%{tries_left}次",
                    tries_left = tries_left
                )
            }
            CodeCheck::Wrong { .. } | CodeCheck::Voided => {
                tr!("验证码错误次数过多，请重新获取验证码").to_owned()
            }
            CodeCheck::Missing => tr!("请先获取验证码").to_owned(),
            CodeCheck::Expired => tr!("验证码已过期，请重新获取").to_owned(),
        }
    }
}

impl SmsPolicy {
    /// Judges `typed` against the newest code sent for this phone and purpose.
    pub fn check(
        &self,
        now: i64,
        record: Option<&CodeRecord>,
        phone: &Phone,
        purpose: SmsPurpose,
        typed: &SmsCode,
    ) -> CodeCheck {
        let Some(record) = record.filter(|record| !record.consumed) else {
            return CodeCheck::Missing;
        };
        if record.failed_tries >= self.max_failed_tries {
            return CodeCheck::Voided;
        }
        if now >= record.expires_at {
            return CodeCheck::Expired;
        }
        if hash_code(phone, purpose, typed.as_str()) == record.code_hash {
            CodeCheck::Accepted
        } else {
            CodeCheck::Wrong {
                tries_left: self.max_failed_tries - record.failed_tries - 1,
            }
        }
    }
}

/// Six random digits.
pub fn new_code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000))
}

/// What the store keeps instead of the code: bound to the phone and purpose.
pub fn hash_code(phone: &Phone, purpose: SmsPurpose, code: &str) -> String {
    let digest = Sha256::new()
        .chain_update(phone.as_str())
        .chain_update([0])
        .chain_update(purpose.as_str())
        .chain_update([0])
        .chain_update(code)
        .finalize();
    hex::encode(digest)
}

/// The text of the message.
pub fn message_text(purpose: SmsPurpose, code: &str, lifetime_minutes: i64) -> String {
    let action = match purpose {
        SmsPurpose::Register => "注册云签署",
        SmsPurpose::Confirm => "确认信息",
        SmsPurpose::Reset => "重置签署密码",
    };
    format!("【云签署】验证码{code}，用于{action}，{lifetime_minutes}分钟内有效。请勿泄露给他人。")
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;

    fn phone() -> Phone {
        Phone::parse("13800138000").unwrap()
    }

    fn record(code: &str, failed_tries: u32) -> CodeRecord {
        CodeRecord {
            id: 1,
            code_hash: hash_code(&phone(), SmsPurpose::Register, code),
            expires_at: NOW + 300,
            failed_tries,
            consumed: false,
        }
    }

    #[test]
    fn one_message_a_minute_and_ten_a_day() {
        let policy = SmsPolicy::default();
        assert_eq!(policy.decide_send(NOW, None, 0), SendDecision::Allowed);
        assert_eq!(
            policy.decide_send(NOW, Some(NOW - 1), 1),
            SendDecision::WaitSeconds(59)
        );
        assert_eq!(
            policy.decide_send(NOW, Some(NOW - 60), 1),
            SendDecision::Allowed
        );
        assert_eq!(
            policy.decide_send(NOW, Some(NOW - 600), 10),
            SendDecision::DailyCapReached
        );
        assert_eq!(
            policy.decide_send(NOW, Some(NOW - 600), 9),
            SendDecision::Allowed
        );
    }

    #[test]
    fn a_code_is_checked_against_its_hash_its_age_and_its_tries() {
        let policy = SmsPolicy::default();
        let good = SmsCode::parse("123456").unwrap();
        let bad = SmsCode::parse("654321").unwrap();
        let check = |now, record: Option<&CodeRecord>, typed| {
            policy.check(now, record, &phone(), SmsPurpose::Register, typed)
        };

        assert_eq!(
            check(NOW, Some(&record("123456", 0)), &good),
            CodeCheck::Accepted
        );
        assert_eq!(
            check(NOW, Some(&record("123456", 0)), &bad),
            CodeCheck::Wrong { tries_left: 4 }
        );
        assert_eq!(
            check(NOW, Some(&record("123456", 4)), &bad),
            CodeCheck::Wrong { tries_left: 0 }
        );
        assert_eq!(
            check(NOW, Some(&record("123456", 5)), &good),
            CodeCheck::Voided
        );
        assert_eq!(
            check(NOW + 300, Some(&record("123456", 0)), &good),
            CodeCheck::Expired
        );
        assert_eq!(check(NOW, None, &good), CodeCheck::Missing);
        let used = CodeRecord {
            consumed: true,
            ..record("123456", 0)
        };
        assert_eq!(check(NOW, Some(&used), &good), CodeCheck::Missing);
        // A code for one purpose does not work for another.
        assert_ne!(
            hash_code(&phone(), SmsPurpose::Register, "123456"),
            hash_code(&phone(), SmsPurpose::Confirm, "123456")
        );
    }

    #[test]
    fn messages_say_what_to_do() {
        assert_eq!(
            CodeCheck::Wrong { tries_left: 2 }.message(),
            "验证码错误，还可以再试2次"
        );
        assert_eq!(
            CodeCheck::Wrong { tries_left: 0 }.message(),
            "验证码错误次数过多，请重新获取验证码"
        );
        assert_eq!(CodeCheck::Expired.message(), "验证码已过期，请重新获取");
    }

    #[test]
    fn codes_are_six_digits() {
        for _ in 0..100 {
            let code = new_code();
            assert!(SmsCode::parse(&code).is_ok(), "{code}");
        }
    }
}
