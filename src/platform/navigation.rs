/// The page's origin (`https://host:port`), to build absolute links to the app's routes.
pub fn origin() -> Option<String> {
    web_sys::window()?.location().origin().ok()
}
