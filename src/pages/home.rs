use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::icons::{ChevronIcon, ScanIcon};
use crate::components::{Button, NavBar, TabBar};
use crate::routes::Page;
use crate::session::{use_log_out, use_person};

/// 首页: the current unit, 「扫一扫」 at the top right, and the entries.
#[component]
pub fn Home() -> impl IntoView {
    let person = use_person();
    let log_out = use_log_out();

    view! {
        <NavBar title=tr!("首页")>
            // As the guide shows it: the icon with its word.
            <A href=Page::Scan.path() attr:class="nav-icon-button nav-icon-labelled">
                <ScanIcon />
                <span class="nav-icon-label">{tr!("扫一扫")}</span>
            </A>
        </NavBar>
        <div class="page home with-tab-bar">
            {move || person.get().map(|me| view! {
                <section class="card home-card" aria-label=tr!("当前单位")>
                    <p class="home-label">{tr!("当前单位")}</p>
                    <p class="home-unit">{me.unit_name}</p>
                    <p class="home-person">{format!("{} · {}", me.masked_name, me.masked_phone)}</p>
                    <p class="home-org">{me.org_name}</p>
                </section>
            })}
            <A href=Page::Scan.path() attr:class="card scan-entry">
                <ScanIcon />
                <span class="scan-entry-text">
                    <strong>{tr!("扫码签署")}</strong>
                    <span>{tr!("扫描电脑端信鉴易印「扫码印章」显示的二维码")}</span>
                </span>
            </A>
            <nav class="card menu" aria-label=tr!("功能")>
                <A href=Page::MySignature.path() attr:class="menu-item">
                    <span>{tr!("我的签名")}</span>
                    <ChevronIcon />
                </A>
                <A href=Page::Certificate.path() attr:class="menu-item">
                    <span>{tr!("我的证书")}</span>
                    <ChevronIcon />
                </A>
                <A href=Page::Records.path() attr:class="menu-item">
                    <span>{tr!("签署记录")}</span>
                    <ChevronIcon />
                </A>
            </nav>
            <Button label=tr!("退出登录") secondary=true loading=log_out.pending()
                on_click=Callback::new(move |_| { log_out.dispatch(()); }) />
        </div>
        <TabBar current=Page::Home />
    }
    .into_any()
}
