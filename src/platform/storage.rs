//! `localStorage` as typed JSON values. Storage can be missing or full (private browsing,
//! quota): reads then find nothing and writes are dropped, which the app survives.

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
