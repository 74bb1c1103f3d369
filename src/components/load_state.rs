use leptos::prelude::*;

use super::Button;

/// While a page's data loads: a card-shaped placeholder that says so to screen readers.
#[component]
pub fn Loading() -> impl IntoView {
    view! {
        <div class="card is-loading" aria-busy="true" aria-label=tr!("正在加载")>
            <div class="org-skeleton"></div>
        </div>
    }
}

/// When a page's data could not be loaded: what the server (or the network) said, and 「重试」.
#[component]
pub fn LoadFailed(
    /// The reason, in the person's words (`ApiError::message`).
    #[prop(into)]
    message: String,
    /// Loads again.
    on_retry: Callback<()>,
    /// Another way out, under 「重试」.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <div class="empty-state" role="alert">
            <p class="empty-title">{tr!("加载失败")}</p>
            <p class="empty-text">{message}</p>
            <Button label=tr!("重试") secondary=true on_click=on_retry />
            {children.map(|children| children())}
        </div>
    }
}
