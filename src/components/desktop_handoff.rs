use cloudsign_contract::registration::ResumeTarget;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

use super::QrCode;
use crate::api::PublicApi;
use crate::platform::{env, navigation};
use crate::routes::Page;
use crate::state::RegistrationToken;

/// On a desktop browser: a QR code to continue on the phone, where the camera, WeChat Pay and
/// the signing password belong. On a registration's pages it carries a fresh resume link (the
/// phone shares nothing with this browser); elsewhere the page's own address (pages that need
/// a login are logged into on the phone).
#[component]
pub fn DesktopHandoff() -> impl IntoView {
    let is_desktop = env::current().is_desktop();
    // From the router's location, not window.location: the router updates its signals
    // before the address bar changes.
    let location = use_location();
    let origin = navigation::origin().unwrap_or_default();
    let api = expect_context::<PublicApi>();
    let here = Memo::new(move |_| (location.pathname.get(), location.search.get()));
    let url = LocalResource::new(move || {
        let (path, search) = here.get();
        let origin = origin.clone();
        async move {
            let link = match (handoff_target(&path), RegistrationToken::load()) {
                (Some(target), Some(registration)) if is_desktop => {
                    api.resume_link(&registration, target).await.ok()
                }
                _ => None,
            };
            match link {
                Some(link) => format!("{origin}{}", Page::resume_link(&link.token)),
                None => page_url(&origin, &path, &search),
            }
        }
    });
    is_desktop.then(|| {
        view! {
            <aside class="handoff" aria-label=tr!("在手机上继续")>
                <h2 class="handoff-title">{tr!("在手机上继续")}</h2>
                {move || url.get().map(|url| view! { <QrCode text=url label=tr!("在手机上继续办理的二维码") /> })}
                <p class="handoff-text">{tr!("用手机浏览器或微信扫一扫，在手机上继续办理。拍摄证件、刷脸和签署都需要手机。")}</p>
            </aside>
        }
    })
}

/// `DesktopHandoff` where it shows, a desktop browser, fetched as a chunk of its own there
/// (`chunks::extras`): a phone never runs it, and its first screen does not wait for it (only
/// the service worker keeps a copy, with every other chunk).
#[component]
pub fn DesktopHandoffWhenDesktop() -> impl IntoView {
    if !env::current().is_desktop() {
        return None;
    }
    let loaded = LocalResource::new(crate::chunks::extras::preload_desktop);
    Some(move || {
        loaded
            .get()
            .and_then(Result::ok)
            .and_then(|()| crate::chunks::ready(crate::chunks::extras::desktop_handoff()))
            .and_then(Result::ok)
    })
}

/// The registration's pages, and where a resume link from each leads.
fn handoff_target(path: &str) -> Option<ResumeTarget> {
    let registration_pages = [
        Page::ConfirmIdentity,
        Page::RealName,
        Page::Pay,
        Page::SetPassword,
    ];
    if path == Page::PayResult.path() {
        Some(ResumeTarget::PayResult)
    } else if registration_pages.iter().any(|page| page.path() == path) {
        Some(ResumeTarget::Step)
    } else {
        None
    }
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
    use super::*;

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

    #[test]
    fn only_a_registrations_pages_hand_off_with_a_resume_link() {
        assert_eq!(handoff_target("/real-name"), Some(ResumeTarget::Step));
        assert_eq!(handoff_target("/confirm"), Some(ResumeTarget::Step));
        assert_eq!(handoff_target("/pay-result"), Some(ResumeTarget::PayResult));
        assert_eq!(handoff_target("/login"), None);
        assert_eq!(
            handoff_target("/home"),
            None,
            "needs a login: the phone logs in"
        );
        assert_eq!(handoff_target("/s/abc"), None);
    }
}
