use leptos::prelude::*;
use leptos_router::components::A;

use crate::api::SessionApi;
use crate::components::icons::ChevronIcon;
use crate::components::{LoadFailed, Loading, NavBar};
use crate::format::china_datetime;
use crate::routes::Page;

/// 我的订单: paid orders only, newest first.
#[component]
pub fn Orders() -> impl IntoView {
    let api = expect_context::<SessionApi>();
    let orders = LocalResource::new(move || {
        let api = api.clone();
        async move { api.orders().await }
    });
    view! {
        <NavBar title=tr!("我的订单") back=Some(Page::Mine) />
        <div class="page orders">
            {move || match orders.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(err)) => view! {
                    <LoadFailed message=err.message() on_retry=Callback::new(move |_| orders.refetch()) />
                }.into_any(),
                Some(Ok(list)) if list.orders.is_empty() => view! {
                    <div class="empty-state"><p class="empty-title">{tr!("暂无已支付的订单")}</p></div>
                }.into_any(),
                Some(Ok(list)) => view! {
                    <ul class="record-list">
                        {list.orders.into_iter().map(|order| view! {
                            <li>
                                <A href=Page::OrderDetail.for_order(&order.order_no) attr:class="card order-item">
                                    <span class="order-item-text">
                                        <strong>{order.product_name.clone()}</strong>
                                        <span class="record-time">{china_datetime(order.paid_at)}</span>
                                        <span class="order-no">{order.order_no.clone()}</span>
                                    </span>
                                    <span class="order-item-side">
                                        <span class="amount">{order.amount.to_string()}</span>
                                        <span class="record-seal">{if order.invoiced { tr!("发票已开") } else { tr!("发票未开") }}</span>
                                    </span>
                                    <ChevronIcon />
                                </A>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any(),
            }}
        </div>
    }
    .into_any()
}
