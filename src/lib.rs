//! 云签署: the personal cloud signing certificate of the Huizhou public resource trading
//! center, as a Leptos single-page app. `App` is public so that tests can mount it.

/// The Chinese text `$key` in the page's language, as a `String`, with `%{name}` placeholders
/// filled from `name = value` arguments. Defined before the modules so that all of them see it.
/// The translations are downloaded when the page is not in Chinese (`i18n::load_language`), so
/// a Chinese reader's first screen carries none of them.
#[macro_export]
macro_rules! tr {
    ($key:literal) => {
        $crate::i18n::text($key)
    };
    ($key:literal $(, $name:ident = $value:expr)+ $(,)?) => {
        $crate::i18n::APP_TEXTS.translate($key, &[$((stringify!($name), ($value).to_string())),+])
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
