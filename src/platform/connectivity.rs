//! Whether the app can reach its server. The browser's `navigator.onLine` only knows about the
//! network interface; a stopped or unreachable server shows up as failed requests, which the
//! API client reports here.

use leptos::prelude::*;
use leptos_use_event_listener::use_event_listener;
use leptos_use_window::use_window;

#[derive(Clone, Copy)]
pub struct Connectivity {
    browser_online: RwSignal<bool>,
    server_reachable: RwSignal<bool>,
}

impl Connectivity {
    /// A connectivity that is online until told otherwise (for tests and the first render).
    pub fn new() -> Connectivity {
        Connectivity {
            browser_online: RwSignal::new(true),
            server_reachable: RwSignal::new(true),
        }
    }

    /// True when the 离线 notice should show.
    pub fn offline(self) -> bool {
        !self.browser_online.get() || !self.server_reachable.get()
    }

    /// Called by the API client after each request: did the server answer at all?
    pub fn report_server(self, reachable: bool) {
        if self.server_reachable.get_untracked() != reachable {
            self.server_reachable.set(reachable);
        }
    }
}

impl Default for Connectivity {
    fn default() -> Self {
        Connectivity::new()
    }
}

/// Follows the browser's `online`/`offline` events for as long as the calling component lives.
pub fn use_connectivity() -> Connectivity {
    let connectivity = Connectivity::new();
    if let Some(window) = web_sys::window() {
        connectivity
            .browser_online
            .set(window.navigator().on_line());
    }
    let browser_online = connectivity.browser_online;
    let _ = use_event_listener(use_window(), leptos::ev::online, move |_| {
        browser_online.set(true)
    });
    let _ = use_event_listener(use_window(), leptos::ev::offline, move |_| {
        browser_online.set(false)
    });
    connectivity
}
