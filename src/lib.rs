//! 云签署: the personal cloud signing certificate of the Huizhou public resource trading
//! center, as a Leptos single-page app. `App` is public so that tests can mount it.

pub mod api;
mod app;
pub mod bench;
pub mod components;
pub mod format;
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
