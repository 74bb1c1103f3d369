//! The JSON contract shared by the 云签署 app and its backend.
//!
//! Wire types are plain serde structs; the input rules live here too so that the app gives
//! instant feedback with exactly the rules the server enforces as the authority.

pub mod account;
pub mod auth;
pub mod error;
pub mod handwriting;
pub mod health;
pub mod money;
pub mod orders;
pub mod orgs;
pub mod payment;
pub mod real_name;
pub mod registration;
pub mod rules;
pub mod seal_api;
pub mod signing;
pub mod sms;
pub mod wechat;

pub use error::{ErrorBody, ErrorCode};
pub use money::Money;
pub use orgs::{CertProduct, Org, OrgList};
