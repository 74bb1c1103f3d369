use cloudsign_contract::ErrorCode;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_navigate;

use crate::components::icons::ChevronIcon;
use crate::components::{Button, NavBar, TabBar};
use crate::routes::Page;
use crate::state::{CurrentSession, session_api};

/// 我的: the person and the current unit, then the menu.
#[component]
pub fn Mine() -> impl IntoView {
    let session = expect_context::<CurrentSession>();
    let Some(api) = session_api() else {
        return view! { <Redirect path=Page::Login.path() /> }.into_any();
    };
    let cached = session.get_untracked().map(|s| s.me);
    let me_api = api.clone();
    let me = LocalResource::new(move || {
        let api = me_api.clone();
        async move { api.me().await }
    });
    Effect::new(move || {
        if let Some(Err(err)) = me.get() {
            if err.code() == Some(ErrorCode::Unauthorized) {
                session.sign_out();
            }
        }
    });
    let navigate = use_navigate();
    let log_out = Action::new_local(move |_: &()| {
        let api = api.clone();
        async move { api.log_out().await }
    });
    Effect::new(move || {
        if log_out.value().get().is_some() {
            session.sign_out();
            navigate(
                &Page::Login.path(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    let person = move || me.get().and_then(Result::ok).or_else(|| cached.clone());
    let item = |page: Page, label: &'static str| {
        view! {
            <A href=page.path() attr:class="menu-item">
                <span>{label}</span>
                <ChevronIcon />
            </A>
        }
    };

    view! {
        <NavBar title="我的" />
        <div class="page mine with-tab-bar">
            {move || person().map(|me| view! {
                <section class="card home-card" aria-label="个人信息">
                    <p class="home-unit">{me.masked_name}</p>
                    <p class="home-person">{me.masked_phone}</p>
                    <p class="home-org">{format!("当前单位：{}", me.unit_name)}</p>
                </section>
            })}
            <nav class="card menu" aria-label="我的">
                {item(Page::Certificate, "我的证书")}
                {item(Page::MySignature, "我的签名")}
                {item(Page::ChangePassword, "修改签署密码")}
                {item(Page::ResetPassword, "重置签署密码")}
                {item(Page::Units, "切换单位")}
                {item(Page::Orders, "我的订单")}
                {item(Page::Records, "签署记录")}
            </nav>
            <Button label="退出登录" secondary=true loading=log_out.pending()
                on_click=Callback::new(move |_| { log_out.dispatch(()); }) />
        </div>
        <TabBar current=Page::Mine />
    }
    .into_any()
}
