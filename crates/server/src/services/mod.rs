//! The use cases: each puts the domain's rules, the store and the providers together.
//! No HTTP here either; routes call these and convert the outcome.

pub mod certificates;
pub mod credentials;
pub mod enrolment;
pub mod handwriting;
pub mod hashing;
pub mod invoices;
pub mod orders;
pub mod orgs;
pub mod password_reset;
pub mod payments;
pub mod rate_limit;
pub mod real_name;
pub mod registration;
pub mod renewal;
pub mod resume;
pub mod seal_clients;
pub mod seal_sessions;
pub mod sessions;
pub mod signing;
pub mod sms;
pub mod units;
pub mod wechat;
