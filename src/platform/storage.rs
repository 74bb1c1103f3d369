//! `localStorage` as typed JSON values, and `sessionStorage` for what a person is typing (it
//! survives a reload, not the end of the visit: personal numbers do not stay on the phone).
//! Storage can be missing or full (private browsing, quota): reads then find nothing and
//! writes are dropped, which the app survives. Never a password or a verification code.

use leptos::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

pub fn load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = local_storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

pub fn save<T: Serialize>(key: &str, value: &T) {
    if let (Some(storage), Ok(text)) = (local_storage(), serde_json::to_string(value)) {
        let _ = storage.set_item(key, &text);
    }
}

pub fn remove(key: &str) {
    if let Some(storage) = local_storage() {
        let _ = storage.remove_item(key);
    }
}

/// A text that survives a reload: restored from `key`, written back on every change.
/// For what a person types (never a code or a password).
pub fn use_stored_text(key: &'static str) -> RwSignal<String> {
    let text = RwSignal::new(load::<String>(key).unwrap_or_default());
    Effect::new(move || text.with(|value| save(key, value)));
    text
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

pub fn session_load<T: DeserializeOwned>(key: &str) -> Option<T> {
    let text = session_storage()?.get_item(key).ok().flatten()?;
    serde_json::from_str(&text).ok()
}

pub fn session_save<T: Serialize>(key: &str, value: &T) {
    if let (Some(storage), Ok(text)) = (session_storage(), serde_json::to_string(value)) {
        let _ = storage.set_item(key, &text);
    }
}

pub fn session_remove(key: &str) {
    if let Some(storage) = session_storage() {
        let _ = storage.remove_item(key);
    }
}

/// A text being typed that survives a reload, in `sessionStorage`: for personal numbers (an ID
/// number, a tax number), which should not outlive the visit. `session_remove(key)` once used.
pub fn use_session_text(key: &'static str) -> RwSignal<String> {
    let text = RwSignal::new(session_load::<String>(key).unwrap_or_default());
    Effect::new(move || text.with(|value| session_save(key, value)));
    text
}
