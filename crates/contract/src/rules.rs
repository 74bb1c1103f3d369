//! Input rules, enforced by the server and checked early by the app.
//! Each rule parses into a type that can only hold a valid value.

mod name;
mod phone;

pub use name::mask_name;
pub use phone::{Phone, PhoneError};
