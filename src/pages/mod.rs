//! One file per screen. A page wires state and API calls to the view.

mod confirm_identity;
mod login;
mod not_found;
mod real_name;
mod register;
mod select_org;
mod start;

pub use confirm_identity::ConfirmIdentity;
pub use login::Login;
pub use not_found::NotFound;
pub use real_name::RealName;
pub use register::Register;
pub use select_org::SelectOrg;
pub use start::Start;
