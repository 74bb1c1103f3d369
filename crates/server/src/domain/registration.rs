//! The registration's rules beyond the form (which the contract checks): the order of steps.

use cloudsign_contract::registration::RegistrationStep;
use rand::Rng;

/// The ID number can be entered, or corrected, until the real-name check has passed.
pub fn may_confirm_identity(step: RegistrationStep) -> bool {
    matches!(
        step,
        RegistrationStep::Identity | RegistrationStep::RealName
    )
}

/// 128 random bits, as hex: the registration's id, which only its app knows.
pub fn new_registration_id() -> String {
    let bits: u128 = rand::rng().random();
    format!("{bits:032x}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identity_is_settled_once_the_real_name_check_passed() {
        assert!(may_confirm_identity(RegistrationStep::Identity));
        assert!(may_confirm_identity(RegistrationStep::RealName));
        assert!(!may_confirm_identity(RegistrationStep::Payment));
        assert!(!may_confirm_identity(RegistrationStep::Done));
    }

    #[test]
    fn ids_are_long_and_different() {
        let (a, b) = (new_registration_id(), new_registration_id());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
    }
}
