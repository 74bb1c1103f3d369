use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::QrCode;
use crate::platform::{env, navigation};

/// On a desktop browser: a QR code of the current address, to continue on the phone, where
/// the camera, WeChat Pay and the signing password belong.
#[component]
pub fn DesktopHandoff() -> impl IntoView {
    let is_desktop = env::current().is_desktop();
    // From the router's location, not window.location: the router updates its signals
    // before the address bar changes.
    let location = use_location();
    let origin = navigation::origin().unwrap_or_default();
    let url =
        Memo::new(move |_| page_url(&origin, &location.pathname.get(), &location.search.get()));
    is_desktop.then(|| {
        view! {
            <aside class="handoff" aria-label="在手机上继续">
                <h2 class="handoff-title">"在手机上继续"</h2>
                {move || view! { <QrCode text=url.get() label="当前页面的二维码" /> }}
                <p class="handoff-text">"用手机浏览器或微信扫一扫，在手机上继续办理。拍摄证件、刷脸和签署都需要手机。"</p>
            </aside>
        }
    })
}

/// An absolute address from the router's parts (its `search` comes without the `?`).
fn page_url(origin: &str, path: &str, search: &str) -> String {
    if search.is_empty() {
        format!("{origin}{path}")
    } else {
        format!("{origin}{path}?{search}")
    }
}

#[cfg(test)]
mod tests {
    use super::page_url;

    #[test]
    fn the_address_keeps_its_query() {
        assert_eq!(
            page_url("http://127.0.0.1:8080", "/login", ""),
            "http://127.0.0.1:8080/login"
        );
        assert_eq!(
            page_url("https://a.cn", "/s/tok", "from=qr"),
            "https://a.cn/s/tok?from=qr"
        );
    }
}
