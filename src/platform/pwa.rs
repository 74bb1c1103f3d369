//! Installing the app: the service worker, the browser's install prompt, standalone mode.

use leptos::prelude::*;
use leptos_use_event_listener::use_event_listener;
use leptos_use_media_query::use_media_query;
use leptos_use_window::use_window;
use wasm_bindgen::{JsCast, JsValue};

/// Registers `/sw.js`, which precaches the app shell so the app starts offline. Browsers
/// without service workers (or pages not served over HTTPS/localhost) simply go without.
pub fn register_service_worker() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let navigator = window.navigator();
    if !js_sys::Reflect::has(&navigator, &JsValue::from_str("serviceWorker")).unwrap_or(false) {
        return;
    }
    let registration = navigator.service_worker().register("/sw.js");
    wasm_bindgen_futures::spawn_local(async move {
        if let Err(err) = wasm_bindgen_futures::JsFuture::from(registration).await {
            web_sys::console::warn_2(&"service worker not registered:".into(), &err);
        }
    });
}

/// Whether the app runs from the home screen: Android/desktop report `display-mode:
/// standalone`, iOS Safari sets `navigator.standalone`.
pub fn use_standalone() -> Signal<bool> {
    let display_mode = use_media_query("(display-mode: standalone)");
    let ios_standalone = web_sys::window()
        .and_then(|window| {
            js_sys::Reflect::get(&window.navigator(), &JsValue::from_str("standalone")).ok()
        })
        .and_then(|value| value.as_bool())
        .unwrap_or(false);
    Signal::derive(move || ios_standalone || display_mode.get())
}

/// The browser's deferred install prompt (`beforeinstallprompt`, Chromium-based browsers).
#[derive(Clone, Copy)]
pub struct InstallPrompt {
    event: RwSignal<Option<web_sys::Event>, LocalStorage>,
}

impl InstallPrompt {
    pub fn available(self) -> bool {
        self.event.with(Option::is_some)
    }

    /// Shows the browser's own install dialog; it can be shown once per captured event.
    pub fn prompt(self) {
        let Some(event) = self.event.get_untracked() else {
            return;
        };
        self.event.set(None);
        if let Ok(prompt) = js_sys::Reflect::get(&event, &JsValue::from_str("prompt"))
            && let Some(prompt) = prompt.dyn_ref::<js_sys::Function>()
        {
            let _ = prompt.call0(&event);
        }
    }
}

pub fn use_install_prompt() -> InstallPrompt {
    let event = RwSignal::new_local(None::<web_sys::Event>);
    let _ = use_event_listener(
        use_window(),
        leptos::ev::Custom::<web_sys::Event>::new("beforeinstallprompt"),
        move |ev: web_sys::Event| {
            // Keep it for our own 添加到桌面 button instead of the browser's mini-infobar.
            ev.prevent_default();
            event.set(Some(ev));
        },
    );
    let _ = use_event_listener(
        use_window(),
        leptos::ev::Custom::<web_sys::Event>::new("appinstalled"),
        move |_| event.set(None),
    );
    InstallPrompt { event }
}
