//! App-wide state that outlives a page, and the plain rules that drive form feedback.

use cloudsign_contract::Org;
use cloudsign_contract::auth::Session;
use leptos::prelude::*;

use crate::platform::storage;

const ORG_KEY: &str = "cloudsign.org";
const REGISTRATION_KEY: &str = "cloudsign.registration";
/// What the login page's 手机号 field holds (the register page fills it for 去登录).
pub const LOGIN_PHONE_KEY: &str = "cloudsign.login.phone";

/// The organization the person works with, remembered on this device (「切换机构」 changes it).
#[derive(Clone, Copy)]
pub struct OrgChoice(RwSignal<Option<Org>>);

impl OrgChoice {
    /// The choice saved by an earlier visit, if any.
    pub fn restore() -> OrgChoice {
        OrgChoice(RwSignal::new(storage::load(ORG_KEY)))
    }

    pub fn get(self) -> Option<Org> {
        self.0.get()
    }

    pub fn get_untracked(self) -> Option<Org> {
        self.0.get_untracked()
    }

    pub fn choose(self, org: Org) {
        storage::save(ORG_KEY, &org);
        self.0.set(Some(org));
    }
}

/// The registration in progress on this device: its id, which the server knows it by.
/// Kept so that reopening the app resumes where the person stopped.
pub struct RegistrationToken;

impl RegistrationToken {
    pub fn load() -> Option<String> {
        storage::load(REGISTRATION_KEY)
    }

    pub fn save(id: &str) {
        storage::save(REGISTRATION_KEY, &id);
    }

    pub fn forget() {
        storage::remove(REGISTRATION_KEY);
    }
}

const SESSION_KEY: &str = "cloudsign.session";
/// Where to go after logging in (a signing link opened while logged out).
pub const AFTER_LOGIN_KEY: &str = "cloudsign.after_login";

/// The login session, kept in local storage so that the installed app and WeChat's web-view
/// stay logged in (see `Session` for why a bearer token). Never holds the signing password.
#[derive(Clone, Copy)]
pub struct CurrentSession {
    session: RwSignal<Option<Session>>,
    /// 退出登录 (not a session the server ended): no way back to the page after logging in.
    left_on_purpose: RwSignal<bool>,
}

impl CurrentSession {
    pub fn restore() -> CurrentSession {
        CurrentSession {
            session: RwSignal::new(storage::load(SESSION_KEY)),
            left_on_purpose: RwSignal::new(false),
        }
    }

    pub fn get(self) -> Option<Session> {
        self.session.get()
    }

    pub fn get_untracked(self) -> Option<Session> {
        self.session.get_untracked()
    }

    pub fn sign_in(self, session: Session) {
        storage::save(SESSION_KEY, &session);
        self.left_on_purpose.set(false);
        self.session.set(Some(session));
    }

    /// 退出登录.
    pub fn sign_out(self) {
        self.left_on_purpose.set(true);
        self.forget();
    }

    /// The server no longer knows the session: log in again and come back.
    pub fn expire(self) {
        self.left_on_purpose.set(false);
        self.forget();
    }

    pub fn left_on_purpose(self) -> bool {
        self.left_on_purpose.get_untracked()
    }

    fn forget(self) {
        storage::remove(SESSION_KEY);
        self.session.set(None);
    }
}

/// The 获取验证码 countdown. The server says how many seconds remain; the page counts them
/// down from the moment it was told.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Countdown {
    ends_at_ms: f64,
}

impl Countdown {
    pub fn starting(now_ms: f64, seconds: u32) -> Countdown {
        Countdown {
            ends_at_ms: now_ms + f64::from(seconds) * 1000.0,
        }
    }

    /// Whole seconds left, rounded up so that the button never says 0 while still disabled.
    pub fn remaining_secs(self, now_ms: f64) -> u32 {
        ((self.ends_at_ms - now_ms) / 1000.0).ceil().max(0.0) as u32
    }
}

/// What the code button says.
pub fn code_button_label(remaining_secs: u32) -> String {
    if remaining_secs == 0 {
        tr!("获取验证码").to_owned()
    } else {
        tr!("%{seconds}s后重新获取", seconds = remaining_secs)
    }
}

/// When a field shows its rule's message: not while a first value is still being typed, but
/// once the person has left the field or typed as much as a valid value could hold.
pub fn visible_error<E>(check: Result<(), E>, touched: bool, complete: bool) -> Option<E> {
    match check {
        Err(err) if touched || complete => Some(err),
        _ => None,
    }
}

/// A phone number counts as fully typed at 11 digits (what follows a `+86` included).
pub fn phone_typed_in_full(input: &str) -> bool {
    input.chars().filter(char::is_ascii_digit).count() >= 11
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudsign_contract::rules::{Phone, PhoneError};

    fn phone_feedback(input: &str, touched: bool) -> Option<PhoneError> {
        visible_error(
            Phone::parse(input).map(drop),
            touched,
            phone_typed_in_full(input),
        )
    }

    #[test]
    fn a_half_typed_number_is_not_scolded_until_the_field_is_left() {
        assert_eq!(phone_feedback("138", false), None);
        assert_eq!(phone_feedback("138", true), Some(PhoneError::WrongLength));
        assert_eq!(phone_feedback("", true), Some(PhoneError::Empty));
    }

    #[test]
    fn the_countdown_rounds_up_and_stops_at_zero() {
        let countdown = Countdown::starting(1_000.0, 60);
        assert_eq!(countdown.remaining_secs(1_000.0), 60);
        assert_eq!(countdown.remaining_secs(1_001.0), 60);
        assert_eq!(countdown.remaining_secs(60_500.0), 1);
        assert_eq!(countdown.remaining_secs(61_000.0), 0);
        assert_eq!(countdown.remaining_secs(99_000.0), 0);
        assert_eq!(code_button_label(0), "获取验证码");
        assert_eq!(code_button_label(42), "42s后重新获取");
    }

    #[test]
    fn a_fully_typed_bad_number_is_reported_at_once() {
        assert_eq!(
            phone_feedback("12800138000", false),
            Some(PhoneError::NotMobile)
        );
        assert_eq!(phone_feedback("13800138000", false), None);
        assert_eq!(phone_feedback("13800138000", true), None);
    }
}
