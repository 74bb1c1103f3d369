//! The JSON contract shared by the 云签署 app and its backend.
//!
//! Wire types are plain serde structs; the input rules live here too so that the app gives
//! instant feedback with exactly the rules the server enforces as the authority.

// Translations, keyed by the Chinese text (`locales/<tag>.json`). Compiled in natively (the
// server, the tests); the app downloads them instead (`i18n::CONTRACT_TEXTS`), so that a
// Chinese reader's first screen carries no English.
#[cfg(not(target_arch = "wasm32"))]
rust_i18n::i18n!("locales");

/// The Chinese text `$key` in the current language (`i18n::locale`), as a `String`, with
/// `%{name}` placeholders filled from `name = value` arguments.
#[cfg(not(target_arch = "wasm32"))]
#[macro_export]
macro_rules! tr {
    ($key:literal $(, $($args:tt)*)?) => {
        rust_i18n::t!($key, locale = $crate::i18n::locale().code() $(, $($args)*)?).into_owned()
    };
}

/// The Chinese text `$key` in the current language, from the downloaded translations.
#[cfg(target_arch = "wasm32")]
#[macro_export]
macro_rules! tr {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::CONTRACT_TEXTS.translate($key, &[$((stringify!($name), ($value).to_string())),*])
    };
}

pub mod account;
pub mod auth;
pub mod error;
pub mod handwriting;
pub mod health;
pub mod i18n;
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
