//! One file per screen. A page wires state and API calls to the view.

mod login;
mod not_found;
mod select_org;
mod start;

pub use login::Login;
pub use not_found::NotFound;
pub use select_org::SelectOrg;
pub use start::Start;
