/// The page's origin (`https://host:port`), to build absolute links to the app's routes.
pub fn origin() -> Option<String> {
    web_sys::window()?.location().origin().ok()
}

/// Leaves the app for `url` (WeChat's cashier); the history keeps the app's page to come back to.
pub fn leave_for(url: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.location().assign(url);
    }
}

/// Loads the page again, from the server: what a newer build needs when this one's code is gone.
pub fn reload() {
    if let Some(window) = web_sys::window() {
        let _ = window.location().reload();
    }
}

/// Whether the page is showing (not in a background tab, not behind WeChat's cashier).
pub fn page_visible() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_none_or(|d| d.visibility_state() == web_sys::VisibilityState::Visible)
}

/// Runs `on_visible` each time the page becomes visible again, e.g. back from WeChat Pay.
pub fn use_on_visible(on_visible: impl Fn() + 'static) {
    let document = web_sys::window().and_then(|w| w.document());
    if let Some(document) = document {
        let _ = leptos_use_event_listener::use_event_listener(
            document,
            leptos::ev::visibilitychange,
            move |_| {
                if page_visible() {
                    on_visible();
                }
            },
        );
    }
}
