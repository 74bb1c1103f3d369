use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use super::icons::BackIcon;
use crate::routes::Page;

/// The bar at the top of a screen: a back arrow to `back` (when given), the title, and an
/// action at the right (首页's 「扫一扫」). Back goes to the logical parent, never out of the app
/// as `history.back()` could.
#[component]
pub fn NavBar(
    /// Follows a signal where the page's name changes (开票 → 查看发票).
    #[prop(into)]
    title: Signal<String>,
    #[prop(default = None)] back: Option<Page>,
    #[prop(optional)] children: Option<Children>,
) -> impl IntoView {
    let navigate = use_navigate();
    view! {
        <header class="nav-bar">
            {back.map(|page| {
                let navigate = navigate.clone();
                view! {
                    <button class="nav-back" type="button" aria-label=tr!("返回") on:click=move |_| navigate(&page.path(), Default::default())>
                        <BackIcon />
                    </button>
                }
            })}
            <h1 class="nav-title">{move || title.get()}</h1>
            {children.map(|action| view! { <div class="nav-action">{action()}</div> })}
        </header>
    }
}
