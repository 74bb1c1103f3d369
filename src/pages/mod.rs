//! One file per screen. A page wires state and API calls to the view.

mod confirm_identity;
mod home;
mod login;
mod my_signature;
mod not_found;
mod pay;
mod pay_result;
mod real_name;
mod records;
mod register;
mod scan;
mod select_org;
mod set_password;
mod sign;
mod signature_pad;
mod start;

pub use confirm_identity::ConfirmIdentity;
pub use home::Home;
pub use login::Login;
pub use my_signature::MySignature;
pub use not_found::NotFound;
pub use pay::Pay;
pub use pay_result::PayResult;
pub use real_name::RealName;
pub use records::Records;
pub use register::Register;
pub use scan::Scan;
pub use select_org::SelectOrg;
pub use set_password::SetPassword;
pub use sign::Sign;
pub use signature_pad::SignaturePad;
pub use start::Start;
