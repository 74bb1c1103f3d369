use cloudsign_contract::ErrorCode;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_navigate;

use crate::api::PublicApi;
use crate::components::icons::{ChevronIcon, ScanIcon};
use crate::components::{Button, NavBar, TabBar, Toasts};
use crate::routes::Page;
use crate::state::CurrentSession;

/// 首页: the current unit, 「扫一扫」 at the top right, and the entries.
#[component]
pub fn Home() -> impl IntoView {
    let session = expect_context::<CurrentSession>();
    let public = expect_context::<PublicApi>();
    let toasts = expect_context::<Toasts>();
    let Some(api) = session.api(public) else {
        return view! { <Redirect path=Page::Login.path() /> }.into_any();
    };
    let cached = session.get_untracked().map(|s| s.me);
    let me_api = api.clone();
    let me = LocalResource::new(move || {
        let api = me_api.clone();
        async move { api.me().await }
    });
    let navigate = use_navigate();
    let to_login = move || {
        navigate(
            &Page::Login.path(),
            NavigateOptions {
                replace: true,
                ..Default::default()
            },
        )
    };
    let expired_to_login = to_login.clone();
    Effect::new(move || {
        if let Some(Err(err)) = me.get() {
            if err.code() == Some(ErrorCode::Unauthorized) {
                session.sign_out();
                toasts.show(err.message());
                expired_to_login();
            }
        }
    });
    let log_out = Action::new_local(move |_: &()| {
        let api = api.clone();
        async move { api.log_out().await }
    });
    Effect::new(move || {
        if log_out.value().get().is_some() {
            session.sign_out();
            to_login();
        }
    });
    // What the server says, or what the session remembered while it answers (or offline).
    let person = move || me.get().and_then(Result::ok).or_else(|| cached.clone());

    view! {
        <NavBar title="首页">
            <A href=Page::Scan.path() attr:class="nav-icon-button" attr:aria-label="扫一扫">
                <ScanIcon />
            </A>
        </NavBar>
        <div class="page home with-tab-bar">
            {move || person().map(|me| view! {
                <section class="card home-card" aria-label="当前单位">
                    <p class="home-label">"当前单位"</p>
                    <p class="home-unit">{me.unit_name}</p>
                    <p class="home-person">{format!("{} · {}", me.masked_name, me.masked_phone)}</p>
                    <p class="home-org">{me.org_name}</p>
                </section>
            })}
            <A href=Page::Scan.path() attr:class="card scan-entry">
                <ScanIcon />
                <span class="scan-entry-text">
                    <strong>"扫码签署"</strong>
                    <span>"扫描电脑端「扫码印章」显示的二维码"</span>
                </span>
            </A>
            <nav class="card menu" aria-label="功能">
                <A href=Page::MySignature.path() attr:class="menu-item">
                    <span>"我的签名"</span>
                    <ChevronIcon />
                </A>
                <A href=Page::Certificate.path() attr:class="menu-item">
                    <span>"我的证书"</span>
                    <ChevronIcon />
                </A>
                <A href=Page::Records.path() attr:class="menu-item">
                    <span>"签署记录"</span>
                    <ChevronIcon />
                </A>
            </nav>
            <Button label="退出登录" secondary=true loading=log_out.pending()
                on_click=Callback::new(move |_| { log_out.dispatch(()); }) />
        </div>
        <TabBar current=Page::Home />
    }
    .into_any()
}
