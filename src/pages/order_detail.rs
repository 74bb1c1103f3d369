use cloudsign_contract::account::PaidOrder;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;

use crate::api::{ApiError, SessionApi};
use crate::components::{LoadFailed, Loading, NavBar};
use crate::format::china_datetime;
use crate::routes::Page;

/// The `order_no` of an order page's path.
pub fn order_no_param() -> String {
    use_params_map().with_untracked(|params| params.get("order_no").unwrap_or_default())
}

/// The person's paid order `order_no`, loaded.
pub fn use_order(api: SessionApi, order_no: String) -> LocalResource<Result<PaidOrder, ApiError>> {
    LocalResource::new(move || {
        let (api, order_no) = (api.clone(), order_no.clone());
        async move { api.order(&order_no).await }
    })
}

/// 个人证书订单信息
#[component]
pub fn OrderDetail() -> impl IntoView {
    let api = expect_context::<SessionApi>();
    let order = use_order(api, order_no_param());
    let retry = Callback::new(move |_| order.refetch());
    view! {
        <NavBar title=tr!("个人证书订单信息") back=Some(Page::Orders) />
        <div class="page order-detail">
            {move || match order.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(err)) => view! { <LoadFailed message=err.message() on_retry=retry /> }.into_any(),
                Some(Ok(order)) => view! {
                    <section class="card form-card">
                        <dl class="info-list">
                            <div><dt>{tr!("订单号")}</dt><dd class="order-no">{order.order_no.clone()}</dd></div>
                            <div><dt>{tr!("证书")}</dt><dd>{order.product_name.clone()}</dd></div>
                            <div><dt>{tr!("收费价格")}</dt><dd>{tr!("%{amount}/%{years}年", amount = order.amount, years = order.period_years)}</dd></div>
                            <div><dt>{tr!("订单创建时间")}</dt><dd>{china_datetime(order.created_at)}</dd></div>
                            <div><dt>{tr!("订单支付时间")}</dt><dd>{china_datetime(order.paid_at)}</dd></div>
                            <div><dt>{tr!("订单状态")}</dt><dd>{tr!("已完成")}</dd></div>
                            <div><dt>{tr!("发票")}</dt><dd>{if order.invoiced { tr!("已开") } else { tr!("未开") }}</dd></div>
                        </dl>
                    </section>
                    <A href=Page::Invoice.for_order(&order.order_no) attr:class="btn btn-primary">
                        {if order.invoiced { tr!("查看发票") } else { tr!("开具电子发票") }}
                    </A>
                }.into_any(),
            }}
        </div>
    }
    .into_any()
}
