//! 云签署: the personal cloud signing certificate of the Huizhou public resource trading
//! center, as a Leptos single-page app. `App` is public so that tests can mount it.

// Translations, keyed by the Chinese text (`locales/*.yml`).
rust_i18n::i18n!("locales");

/// The Chinese text `$key` in the page's language, as a `String`, with `%{name}` placeholders
/// filled from `name = value` arguments. Defined before the modules so that all of them see it.
/// A text without placeholders goes through one function (`i18n::text`) rather than the
/// lookup inlined at each of the ~400 places: smaller wasm.
#[macro_export]
macro_rules! tr {
    ($key:literal) => {
        $crate::i18n::text($key)
    };
    ($key:literal, $($args:tt)*) => {
        rust_i18n::t!($key, locale = $crate::i18n::locale().code(), $($args)*).into_owned()
    };
}

pub mod api;
mod app;
pub mod bench;
pub mod chunks;
pub mod components;
pub mod format;
pub mod i18n;
pub mod pages;
pub mod payment;
pub mod platform;
pub mod real_name;
pub mod routes;
mod session;
pub mod settings;
pub mod signature;
pub mod sms;
pub mod state;
mod wechat;

pub use app::App;
