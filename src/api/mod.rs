//! The only place that speaks HTTP. `PublicApi` holds the calls anyone may make; calls that
//! need a signed-in person will live on a session client that only login can create.

mod auth;
mod client;
mod error;
mod health;
mod orders;
mod orgs;
mod password_reset;
mod real_name;
mod registrations;
mod session;
mod sms;
mod translations;
mod wechat;

pub use client::PublicApi;
pub use error::ApiError;
pub use password_reset::LivenessSubject;
pub use session::SessionApi;
pub use translations::translations;
