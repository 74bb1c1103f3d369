//! The rules of the service, with no HTTP in them: handlers convert at the edge.

pub mod orgs;
pub mod sms;
