use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::QrCode;
use crate::platform::{env, navigation};

/// On a desktop browser: a QR code of the current address, to continue on the phone, where
/// the camera, WeChat Pay and the signing password belong.
#[component]
pub fn DesktopHandoff() -> impl IntoView {
    let is_desktop = env::current().is_desktop();
    // Re-read the address whenever the route changes.
    let location = use_location();
    let url = Memo::new(move |_| {
        location.pathname.track();
        navigation::current_url().unwrap_or_default()
    });
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
