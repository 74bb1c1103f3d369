//! App-wide state that outlives a page, and the plain rules that drive form feedback.

use cloudsign_contract::Org;
use leptos::prelude::*;

use crate::platform::storage;

const ORG_KEY: &str = "cloudsign.org";

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
    fn a_fully_typed_bad_number_is_reported_at_once() {
        assert_eq!(
            phone_feedback("12800138000", false),
            Some(PhoneError::NotMobile)
        );
        assert_eq!(phone_feedback("13800138000", false), None);
        assert_eq!(phone_feedback("13800138000", true), None);
    }
}
