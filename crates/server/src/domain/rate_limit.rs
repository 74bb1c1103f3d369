//! Request limits against bursts and enumeration: per client address and for the whole service,
//! counted in fixed windows. The per-phone SMS rules (`sms.rs`) and the password lockout
//! (`lockout.rs`) protect one person; these protect the service and its numbers from one client
//! (a script trying every phone number, an SMS bomb across many numbers) and from a flood.

use std::net::IpAddr;

/// The requests that are limited.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limited {
    /// 登录's phone lookup: who is registered is worth enumerating.
    Lookup,
    /// 「获取验证码」: each one costs money and can bomb a phone.
    SmsSend,
    /// The signing password at login (argon2 is expensive; the lockout counts per person).
    Login,
    /// 注册's 「确定」.
    Register,
    /// 重置签署密码's first step.
    PasswordReset,
}

impl Limited {
    pub fn as_str(self) -> &'static str {
        match self {
            Limited::Lookup => "lookup",
            Limited::SmsSend => "sms",
            Limited::Login => "login",
            Limited::Register => "register",
            Limited::PasswordReset => "reset",
        }
    }
}

/// Requests allowed in one window: from one client address, and from everybody together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub per_address: u32,
    pub global: u32,
}

#[derive(Debug, Clone, Copy)]
pub struct RateLimits {
    pub window_secs: i64,
    pub lookup: Limit,
    pub sms_send: Limit,
    pub login: Limit,
    pub register: Limit,
    pub password_reset: Limit,
}

impl Default for RateLimits {
    /// Per minute. A person needs a handful of each; an office behind one address a few dozen.
    fn default() -> Self {
        RateLimits {
            window_secs: 60,
            lookup: Limit {
                per_address: 30,
                global: 3_000,
            },
            sms_send: Limit {
                per_address: 10,
                global: 600,
            },
            login: Limit {
                per_address: 20,
                global: 1_200,
            },
            register: Limit {
                per_address: 10,
                global: 600,
            },
            password_reset: Limit {
                per_address: 10,
                global: 300,
            },
        }
    }
}

impl RateLimits {
    pub fn limit(&self, what: Limited) -> Limit {
        match what {
            Limited::Lookup => self.lookup,
            Limited::SmsSend => self.sms_send,
            Limited::Login => self.login,
            Limited::Register => self.register,
            Limited::PasswordReset => self.password_reset,
        }
    }

    /// The start of the window `now` falls in.
    pub fn window_start(&self, now: i64) -> i64 {
        now - now.rem_euclid(self.window_secs)
    }

    /// Seconds until the window of `now` ends (at least 1).
    pub fn retry_after(&self, now: i64) -> i64 {
        (self.window_start(now) + self.window_secs - now).max(1)
    }
}

/// The counter a client address falls in: an IPv4 address, or an IPv6 /64 (one subscriber
/// gets a whole /64, so counting single IPv6 addresses would count nothing).
pub fn address_bucket(what: Limited, address: IpAddr) -> String {
    let address = match address {
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => v4.to_string(),
            None => {
                let s = v6.segments();
                format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
            }
        },
        IpAddr::V4(v4) => v4.to_string(),
    };
    format!("{}:{address}", what.as_str())
}

pub fn global_bucket(what: Limited) -> String {
    format!("{}:*", what.as_str())
}

pub fn too_many_message(retry_after_secs: i64) -> String {
    tr!(
        "操作过于频繁，请%{seconds}秒后再试",
        seconds = retry_after_secs
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_and_waits() {
        let limits = RateLimits::default();
        // 1_800_000_000 is a whole number of minutes.
        assert_eq!(limits.window_start(1_800_000_030), 1_800_000_000);
        assert_eq!(limits.retry_after(1_800_000_045), 15);
        assert_eq!(limits.retry_after(1_800_000_000), 60);
        assert_eq!(too_many_message(15), "操作过于频繁，请15秒后再试");
    }

    #[test]
    fn ipv6_counts_by_64_and_mapped_ipv4_as_ipv4() {
        let a: IpAddr = "2408:8000:1:2:aaaa::1".parse().unwrap();
        let b: IpAddr = "2408:8000:1:2:bbbb::9".parse().unwrap();
        assert_eq!(
            address_bucket(Limited::Lookup, a),
            address_bucket(Limited::Lookup, b)
        );
        assert_eq!(
            address_bucket(Limited::Lookup, a),
            "lookup:2408:8000:1:2::/64"
        );
        let mapped: IpAddr = "::ffff:10.1.2.3".parse().unwrap();
        assert_eq!(address_bucket(Limited::SmsSend, mapped), "sms:10.1.2.3");
        assert_eq!(global_bucket(Limited::Login), "login:*");
    }
}
