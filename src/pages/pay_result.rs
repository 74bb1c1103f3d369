use std::time::Duration;

use cloudsign_contract::orders::{OrderStatus, OrderView};
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};

use crate::api::{ApiError, PublicApi};
use crate::components::{Button, NavBar, Stepper};
use crate::payment::{CHECKS_BEFORE_ASKING, recheck_delay_ms};
use crate::platform::navigation::use_on_visible;
use crate::routes::Page;
use crate::state::RegistrationToken;

/// Where WeChat Pay comes back to. It believes neither the redirect nor the bridge: it asks
/// the server (which asks WeChat Pay when no notification has come), again whenever the page
/// becomes visible, and with growing pauses while the order is unpaid.
#[component]
pub fn PayResult() -> impl IntoView {
    let Some(token) = RegistrationToken::load() else {
        return view! { <Redirect path=Page::Start.path() /> }.into_any();
    };
    let api = expect_context::<PublicApi>();
    let asked = RwSignal::new(0u32);
    let unpaid_answers = RwSignal::new(0u32);
    let order = LocalResource::new(move || {
        asked.track();
        let token = token.clone();
        async move { api.order(&token).await }
    });
    let checking = RwSignal::new(true);
    let recheck_scheduled = StoredValue::new(false);
    let ask_again = move || {
        checking.try_set(true);
        asked.try_update(|n| *n += 1);
    };
    use_on_visible(ask_again);
    // Unpaid: ask again later, a little later each time.
    Effect::new(move || {
        let answer = order.get();
        checking.set(answer.is_none());
        if let Some(Ok(view)) = answer
            && view.status == OrderStatus::Unpaid
        {
            let attempt = unpaid_answers.get_untracked();
            unpaid_answers.set(attempt + 1);
            // One pending re-check at a time, however many answers (visibility) came.
            if !recheck_scheduled.get_value() {
                recheck_scheduled.set_value(true);
                set_timeout(
                    move || {
                        // The page may be gone by now (paid elsewhere, navigated away).
                        if recheck_scheduled.try_set_value(false).is_none() {
                            ask_again();
                        }
                    },
                    Duration::from_millis(recheck_delay_ms(attempt).into()),
                );
            }
        }
    });

    view! {
        <NavBar title=tr!("支付结果") />
        <div class="page pay-result">
            {move || {
                let (paid, renewal) = match order.get() {
                    Some(Ok(o)) => (o.status == OrderStatus::Paid, o.renewal),
                    _ => (false, false),
                };
                (!renewal).then(|| view! { <Stepper current=if paid { 3 } else { 2 } /> })
            }}
            {move || outcome_view(order.get(), unpaid_answers.get(), checking.get(), Callback::new(move |_| ask_again()))}
        </div>
    }
    .into_any()
}

fn outcome_view(
    answer: Option<Result<OrderView, ApiError>>,
    unpaid_answers: u32,
    checking: bool,
    recheck: Callback<()>,
) -> AnyView {
    match answer {
        Some(Ok(order)) if order.status == OrderStatus::Paid && order.renewal => {
            // The renewal went through its registration's id; this device no longer needs it.
            RegistrationToken::forget();
            view! {
                <div class="card result-card result-success" role="status">
                    <div class="result-icon" aria-hidden="true">"✓"</div>
                    <p class="result-title">{tr!("续期成功")}</p>
                    <p class="result-amount">{order.amount.to_string()}</p>
                    <p class="notice-hint">{tr!("新证书已签发，签署密码不变。")}</p>
                    <A href=Page::Certificate.path() attr:class="btn btn-primary">{tr!("查看证书")}</A>
                </div>
            }
            .into_any()
        }
        Some(Ok(order)) if order.status == OrderStatus::Paid => view! {
            <div class="card result-card result-success" role="status">
                <div class="result-icon" aria-hidden="true">"✓"</div>
                <p class="result-title">{tr!("支付成功")}</p>
                <p class="result-amount">{order.amount.to_string()}</p>
                <dl class="info-list">
                    <div><dt>{tr!("订单号")}</dt><dd class="order-no">{order.order_no}</dd></div>
                    <div><dt>{tr!("证书")}</dt><dd>{order.product_name}</dd></div>
                </dl>
                <p class="notice-hint">{tr!("请设置签署密码，设置后即完成注册。")}</p>
                <A href=Page::SetPassword.path() attr:class="btn btn-primary">{tr!("设置签署密码")}</A>
            </div>
        }
        .into_any(),
        Some(Ok(order)) if order.status == OrderStatus::Closed => view! {
            <div class="card result-card" role="status">
                <p class="result-title result-pending">{tr!("订单已关闭")}</p>
                <p class="notice-hint">{tr!("订单已取消或超时未支付，请重新下单。")}</p>
                <A href=reorder_page(&order).path() attr:class="btn btn-primary">{tr!("重新下单")}</A>
            </div>
        }
        .into_any(),
        Some(Ok(_)) if unpaid_answers > CHECKS_BEFORE_ASKING => view! {
            <div class="card result-card" role="status">
                <p class="result-title result-pending">{tr!("请确认微信支付是否已完成")}</p>
                <p class="notice-hint">{tr!("已支付请点击「已完成支付」；未支付可重新发起支付。")}</p>
                <Button label=tr!("已完成支付") loading=checking on_click=recheck />
                <A href=Page::Pay.path() attr:class="btn btn-secondary">{tr!("重新支付")}</A>
            </div>
        }
        .into_any(),
        Some(Err(err)) => view! {
            <div class="empty-state">
                <p class="empty-title">{tr!("查询失败")}</p>
                <p class="empty-text">{err.message()}</p>
                <Button label=tr!("重试") secondary=true on_click=recheck />
            </div>
        }
        .into_any(),
        _ => view! {
            <div class="card result-card" role="status" aria-busy="true">
                <span class="spinner spinner-large" aria-hidden="true"></span>
                <p class="result-title result-pending">{tr!("正在确认支付结果…")}</p>
            </div>
        }
        .into_any(),
    }
}

/// Where a new order is made: 确认信息 for the registration's, 我的证书 for a renewal.
pub(super) fn reorder_page(order: &OrderView) -> Page {
    if order.renewal {
        Page::Certificate
    } else {
        Page::ConfirmIdentity
    }
}
