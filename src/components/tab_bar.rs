use leptos::prelude::*;
use leptos_router::components::A;

use crate::routes::Page;

/// 首页 / 我的, fixed at the bottom of the two main screens.
#[component]
pub fn TabBar(current: Page) -> impl IntoView {
    let tab = move |page: Page, label: String| {
        view! {
            <A href=page.path() attr:class="tab" attr:aria-current=(current == page).then_some("page")>{label}</A>
        }
    };
    view! {
        <nav class="tab-bar" aria-label=tr!("主导航")>
            {tab(Page::Home, tr!("首页"))}
            {tab(Page::Mine, tr!("我的"))}
        </nav>
    }
}
