//! The rules of the service, with no HTTP in them: handlers convert at the edge.

pub mod calendar;
pub mod handwriting;
pub mod images;
pub mod invoice_pdf;
pub mod liveness;
pub mod lockout;
pub mod orders;
pub mod orgs;
pub mod payment_signature;
pub mod rate_limit;
pub mod registration;
pub mod seal_auth;
pub mod sessions;
pub mod signed_attributes;
pub mod signing;
pub mod signing_key;
pub mod sms;
pub mod wechat_js;
