use leptos::prelude::*;
use leptos_router::components::A;

use crate::components::NavBar;
use crate::routes::Page;

#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <NavBar title=tr!("云签署") />
        <div class="page empty-state">
            <p class="empty-title">{tr!("页面不存在")}</p>
            <p class="empty-text">{tr!("链接可能已失效，请返回首页。")}</p>
            <A href=Page::Start.path() attr:class="btn btn-primary">{tr!("返回首页")}</A>
        </div>
    }
}
