//! The display settings on the page: attributes of `<html>`, read by the CSS tokens.

use crate::settings::Display;

use super::storage;

const DISPLAY_KEY: &str = "cloudsign.display";

pub fn saved() -> Display {
    storage::load(DISPLAY_KEY).unwrap_or_default()
}

/// Keeps `display` on the device and shows the page with it.
pub fn save(display: Display) {
    storage::save(DISPLAY_KEY, &display);
    apply(display);
}

pub fn apply(display: Display) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let (text_size, theme) = display.attributes();
    for (name, value) in [("data-text-size", text_size), ("data-theme", theme)] {
        match value {
            Some(value) => {
                let _ = root.set_attribute(name, value);
            }
            None => {
                let _ = root.remove_attribute(name);
            }
        }
    }
}
