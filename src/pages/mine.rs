use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::icons::ChevronIcon;
use crate::components::{Button, NavBar, TabBar};
use crate::routes::Page;
use crate::session::{use_log_out, use_person};

/// 我的: the person and the current unit, then the menu.
#[component]
pub fn Mine() -> impl IntoView {
    let person = use_person();
    let log_out = use_log_out();
    let item = |page: Page, label: String| {
        view! {
            <A href=page.path() attr:class="menu-item">
                <span>{label}</span>
                <ChevronIcon />
            </A>
        }
    };

    view! {
        <NavBar title=tr!("我的") />
        <div class="page mine with-tab-bar">
            {move || person.get().map(|me| view! {
                <section class="card home-card" aria-label=tr!("个人信息")>
                    <p class="home-unit">{me.masked_name}</p>
                    <p class="home-person">{me.masked_phone}</p>
                    <p class="home-org">{tr!("当前单位：%{unit}", unit = me.unit_name)}</p>
                </section>
            })}
            <nav class="card menu" aria-label=tr!("我的")>
                {item(Page::Certificate, tr!("我的证书"))}
                {item(Page::MySignature, tr!("我的签名"))}
                {item(Page::ChangePassword, tr!("修改签署密码"))}
                {item(Page::ResetPassword, tr!("重置签署密码"))}
                {item(Page::Units, tr!("切换单位"))}
                {item(Page::Orders, tr!("我的订单"))}
                {item(Page::Records, tr!("签署记录"))}
                {item(Page::Settings, tr!("设置（大字模式、外观、语言 Language）"))}
            </nav>
            <Button label=tr!("退出登录") secondary=true loading=log_out.pending()
                on_click=Callback::new(move |_| { log_out.dispatch(()); }) />
        </div>
        <TabBar current=Page::Mine />
    }
    .into_any()
}
