//! The only place that touches browser APIs. Each capability is a function or a `use_*` hook
//! returning signals; anything that can be decided without a browser lives in a plain type.

pub mod appearance;
pub mod camera;
pub mod connectivity;
pub mod env;
pub mod focus;
pub mod image;
pub mod language;
pub mod navigation;
pub mod pwa;
pub mod scanner;
pub mod signature_canvas;
pub mod storage;
pub mod time;
pub mod wechat;
