/// The address bar's current URL, e.g. to hand the page over to a phone.
pub fn current_url() -> Option<String> {
    web_sys::window()?.location().href().ok()
}
