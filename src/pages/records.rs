use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::SessionApi;
use crate::components::{LoadFailed, Loading, NavBar};
use crate::format::china_datetime;
use crate::routes::Page;

/// 签署记录: what was signed, when, for which client; newest first.
#[component]
pub fn Records() -> impl IntoView {
    let api = expect_context::<SessionApi>();
    let records = LocalResource::new(move || {
        let api = api.clone();
        async move { api.signing_records().await }
    });

    view! {
        <NavBar title=tr!("签署记录") back=Some(Page::Home) />
        <div class="page records">
            {move || match records.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(err)) => view! {
                    <LoadFailed message=err.message() on_retry=Callback::new(move |_| records.refetch()) />
                }.into_any(),
                Some(Ok(list)) if list.records.is_empty() => view! {
                    <div class="empty-state">
                        <p class="empty-title">{tr!("暂无签署记录")}</p>
                        <p class="empty-text">{tr!("在电脑端信鉴易印中点击「扫码印章」，用首页右上角「扫一扫」扫码签署。")}</p>
                        <A href=Page::Scan.path() attr:class="btn btn-primary">{tr!("扫一扫")}</A>
                    </div>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="record-list">
                        {list.records.into_iter().map(|record| view! {
                            <li class="card record">
                                <div class="record-head">
                                    <span class="record-client">{record.client_name}</span>
                                    <span class="record-seal">{record.seal.label()}</span>
                                </div>
                                <p class="record-time">{china_datetime(record.signed_at)}</p>
                                <p class="record-documents">{record.documents.join("、")}</p>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </div>
    }
    .into_any()
}
