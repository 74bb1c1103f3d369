//! Input rules, enforced by the server and checked early by the app.
//! Each rule parses into a type that can only hold a valid value, and each failure has a
//! Chinese message that says what to fix.

/// `Display` and `Error` for a rule's error, from its Chinese `message()`.
macro_rules! rule_error {
    ($error:ty) => {
        impl std::fmt::Display for $error {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(&self.message())
            }
        }

        impl std::error::Error for $error {}
    };
}

mod email;
mod id_number;
mod name;
mod phone;
mod signing_password;
mod sms_code;
mod tax_number;
mod unit_name;

pub use email::{Email, EmailError, invoice_title_error};
pub use id_number::{Date, IdNumber, IdNumberError, mask_id_number};
pub use name::{RealName, RealNameError, mask_name};
pub use phone::{Phone, PhoneError};
pub use signing_password::{PasswordRequirement, SigningPassword, SigningPasswordError};
pub use sms_code::{SmsCode, SmsCodeError};
pub use tax_number::{TaxNumber, TaxNumberError, credit_code_check_char};
pub use unit_name::{UnitName, UnitNameError};
