use cloudsign_contract::ErrorCode;
use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::SessionApi;
use crate::components::{LoadFailed, Loading, NavBar};
use crate::format::china_datetime;
use crate::routes::Page;

/// 我的签名: the saved handwritten signature (the seal of personal signings), or an empty
/// state; 「重新录入」 opens the pad.
#[component]
pub fn MySignature() -> impl IntoView {
    let api = expect_context::<SessionApi>();
    let saved = LocalResource::new(move || {
        let api = api.clone();
        async move { api.signature().await }
    });

    view! {
        <NavBar title=tr!("我的签名") back=Some(Page::Home) />
        <div class="page my-signature">
            {move || match saved.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Ok(signature)) => view! {
                    <figure class="card signature-card">
                        <img class="signature-image" src=format!("data:image/png;base64,{}", signature.png)
                            alt=tr!("我的签名") width=signature.width / 2 height=signature.height / 2 />
                        <figcaption class="notice-hint">{tr!("录入于 %{time}", time = china_datetime(signature.updated_at))}</figcaption>
                    </figure>
                    <p class="notice-hint">{tr!("签署时将使用此签名作为个人签章。")}</p>
                    <A href=Page::SignaturePad.path() attr:class="btn btn-primary">{tr!("重新录入")}</A>
                }.into_any(),
                Some(Err(err)) if err.code() == Some(ErrorCode::NotFound) => view! {
                    <div class="empty-state">
                        <p class="empty-title">{tr!("暂无签名")}</p>
                        <p class="empty-text">{tr!("录入手写签名后，签署时将作为个人签章使用。")}</p>
                        <A href=Page::SignaturePad.path() attr:class="btn btn-primary">{tr!("录入签名")}</A>
                    </div>
                }.into_any(),
                Some(Err(err)) => view! {
                    <LoadFailed message=err.message() on_retry=Callback::new(move |_| saved.refetch()) />
                }.into_any(),
            }}
        </div>
    }
    .into_any()
}
