//! The page's language: the person's choice kept on the device, else the browser's languages
//! (`navigator.languages`). Chosen before the first render; a new choice reloads the page.

use crate::i18n::{LanguageChoice, Locale, set_locale};

use super::storage;

const LANGUAGE_KEY: &str = "cloudsign.language";

pub fn saved_choice() -> LanguageChoice {
    storage::load(LANGUAGE_KEY).unwrap_or_default()
}

/// The browser's languages, most preferred first.
fn browser_languages() -> Vec<String> {
    let Some(navigator) = web_sys::window().map(|w| w.navigator()) else {
        return Vec::new();
    };
    let listed: Vec<String> = navigator
        .languages()
        .iter()
        .filter_map(|tag| tag.as_string())
        .collect();
    if listed.is_empty() {
        navigator.language().into_iter().collect()
    } else {
        listed
    }
}

/// This page load's language: the person's choice, else the browser's.
pub fn saved_locale() -> Locale {
    saved_choice().resolve(&browser_languages())
}

/// Makes `locale` the page's and tells the document (`<html lang>`, the title), so that screen
/// readers and the browser's own translation offer read it right.
pub fn apply(locale: Locale) {
    set_locale(locale);
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        if let Some(root) = document.document_element() {
            let _ = root.set_attribute("lang", locale.code());
        }
        document.set_title(&crate::tr!("云签署"));
    }
}

/// Keeps `choice` and reloads the page in its language; what was typed is kept in storage.
pub fn choose(choice: LanguageChoice) {
    storage::save(LANGUAGE_KEY, &choice);
    if let Some(location) = web_sys::window().map(|w| w.location()) {
        let _ = location.reload();
    }
}
