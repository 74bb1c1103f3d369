//! Input rules, enforced by the server and checked early by the app.
//! Each rule parses into a type that can only hold a valid value, and each failure has a
//! Chinese message that says what to fix.

mod id_number;
mod name;
mod phone;
mod sms_code;

pub use id_number::{Date, IdNumber, IdNumberError};
pub use name::{RealName, RealNameError, mask_name};
pub use phone::{Phone, PhoneError};
pub use sms_code::{SmsCode, SmsCodeError};
