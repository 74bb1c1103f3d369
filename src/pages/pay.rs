use cloudsign_contract::ErrorCode;
use cloudsign_contract::orders::{OrderStatus, OrderView, countdown_label};
use cloudsign_contract::payment::StartPayment;
use cloudsign_contract::registration::ResumeTarget;
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_navigate;
use leptos_use_interval_fn::use_interval_fn;

use crate::api::PublicApi;
use crate::components::{Button, NavBar, QrCode, Stepper, Toasts};
use crate::payment::{PayDeadline, PayRoute, h5_pay_url, mini_program_pay_url};
use crate::platform::env;
use crate::platform::focus::use_modal_focus;
use crate::platform::navigation::{leave_for, origin};
use crate::platform::time::now_ms;
use crate::platform::wechat::{BridgeOutcome, brand_pay, mini_program_navigate};
use crate::routes::Page;
use crate::state::RegistrationToken;

/// How often the desktop page asks whether the QR code was paid.
const NATIVE_POLL_MS: u32 = 2_000;

/// 支付: the order with its countdown, 「取消」 and 「支付」.
#[component]
pub fn Pay() -> impl IntoView {
    let Some(token) = RegistrationToken::load() else {
        return view! { <Redirect path=Page::Register.path() /> }.into_any();
    };
    let api = expect_context::<PublicApi>();
    let load_token = token.clone();
    let order = LocalResource::new(move || {
        let token = load_token.clone();
        async move { api.order(&token).await.map(|order| (order, now_ms())) }
    });

    view! {
        {move || {
            let renewal = matches!(order.get(), Some(Ok((ref o, _))) if o.renewal);
            view! {
                <NavBar title=tr!("支付") back=Some(if renewal { Page::Certificate } else { Page::ConfirmIdentity }) />
            }
        }}
        <div class="page pay">
            {move || (!matches!(order.get(), Some(Ok((ref o, _))) if o.renewal)).then(|| view! { <Stepper current=2 /> })}
            {move || match order.get() {
                None => view! { <div class="card form-card is-loading" aria-busy="true"><div class="org-skeleton"></div></div> }.into_any(),
                Some(Err(err)) if err.code() == Some(ErrorCode::NotFound) => view! {
                    <div class="empty-state">
                        <p class="empty-title">{tr!("暂无订单")}</p>
                        <p class="empty-text">{tr!("请返回确认信息页，输入验证码后下单。")}</p>
                        <A href=Page::ConfirmIdentity.path() attr:class="btn btn-primary">{tr!("去下单")}</A>
                    </div>
                }.into_any(),
                Some(Err(err)) => view! {
                    <div class="empty-state">
                        <p class="empty-title">{tr!("加载失败")}</p>
                        <p class="empty-text">{err.message()}</p>
                        <Button label=tr!("重试") secondary=true on_click=Callback::new(move |_| order.refetch()) />
                    </div>
                }.into_any(),
                Some(Ok((view, received_at))) => view! {
                    <OrderCard order=view received_at=received_at token=token.clone()
                        on_changed=Callback::new(move |_| order.refetch()) />
                }.into_any(),
            }}
        </div>
    }
    .into_any()
}

#[component]
fn OrderCard(
    order: OrderView,
    received_at: f64,
    token: String,
    on_changed: Callback<()>,
) -> impl IntoView {
    let api = expect_context::<PublicApi>();
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();
    if order.status == OrderStatus::Paid {
        navigate(&Page::PayResult.path(), Default::default());
    }
    let deadline = PayDeadline::new(received_at, order.seconds_left());
    let now = RwSignal::new(now_ms());
    let _ = use_interval_fn(move || now.set(now_ms()), 1000);
    let seconds_left = Memo::new(move |_| deadline.seconds_left(now.get()));
    let unpaid = order.status == OrderStatus::Unpaid;
    // At zero the server has closed it (or will on this read): ask, and show what it says.
    Effect::new(move |asked: Option<bool>| {
        let due = unpaid && seconds_left.get() == 0;
        if due && asked != Some(true) {
            on_changed.run(());
        }
        due
    });
    let closed = move || !unpaid || seconds_left.get() == 0;

    let confirming_cancel = RwSignal::new(false);
    let cancel_token = token.clone();
    let cancel = Action::new_local(move |_: &()| {
        let token = cancel_token.clone();
        async move {
            match api.cancel_order(&token).await {
                Ok(_) => toasts.show(tr!("订单已取消")),
                Err(err) => toasts.show(err.message()),
            }
            on_changed.run(());
        }
    });

    let native_code = RwSignal::new(None::<String>);
    let route = PayRoute::for_host(env::current().host);
    let order_no = order.order_no.clone();
    let pay_navigate = navigate.clone();
    let pay = Action::new_local(move |_: &()| {
        let (token, order_no, navigate) = (token.clone(), order_no.clone(), pay_navigate.clone());
        async move {
            // Only the H5 cashier may come back in another browser; the mini-program returns to
            // the same web-view.
            let result_url = match route {
                PayRoute::H5Redirect => return_url(&api, &token).await,
                _ => format!("{}{}", origin().unwrap_or_default(), Page::PayResult.path()),
            };
            let request = StartPayment {
                channel: route.channel(),
                redirect_url: (route == PayRoute::H5Redirect).then(|| result_url.clone()),
            };
            let start = match api.start_payment(&token, &request).await {
                Ok(start) => start,
                Err(err) => {
                    toasts.show(err.message());
                    on_changed.run(());
                    return;
                }
            };
            match route {
                PayRoute::H5Redirect => {
                    if let Some(h5_url) = start.h5_url {
                        leave_for(&h5_pay_url(&h5_url, &result_url));
                    }
                }
                PayRoute::JsBridge => {
                    let Some(params) = start.jsapi else { return };
                    match brand_pay(&params).await {
                        // Only a hint: the result page asks the server.
                        Ok(BridgeOutcome::Ok) => {
                            navigate(&Page::PayResult.path(), Default::default())
                        }
                        Ok(BridgeOutcome::Cancelled) => toasts.show(tr!("已取消支付")),
                        Ok(BridgeOutcome::Failed(_)) => toasts.show(tr!("支付失败，请重试")),
                        Err(message) => toasts.show(message),
                    }
                }
                PayRoute::MiniProgram => {
                    let Some(params) = start.jsapi else { return };
                    let url = mini_program_pay_url(&order_no, &params, &result_url);
                    match mini_program_navigate(&url).await {
                        // Coming back from the mini-program's page shows the result page.
                        Ok(()) => navigate(&Page::PayResult.path(), Default::default()),
                        Err(message) => toasts.show(message),
                    }
                }
                PayRoute::NativeQr => native_code.set(start.code_url),
            }
        }
    });
    // Desktop: the QR code is paid on a phone; ask the server until it says so.
    let poll_token = RegistrationToken::load().unwrap_or_default();
    let poll_navigate = navigate.clone();
    let _ = use_interval_fn(
        move || {
            if native_code.with_untracked(Option::is_none) {
                return;
            }
            let (token, navigate) = (poll_token.clone(), poll_navigate.clone());
            leptos::task::spawn_local(async move {
                if let Ok(order) = api.order(&token).await {
                    if order.status == OrderStatus::Paid {
                        navigate(&Page::PayResult.path(), Default::default());
                    } else if order.status == OrderStatus::Closed {
                        native_code.set(None);
                        on_changed.run(());
                    }
                }
            });
        },
        NATIVE_POLL_MS as u64,
    );

    let amount = order.amount.to_string();
    let reorder = super::pay_result::reorder_page(&order);
    view! {
        <section class="card form-card order-card" aria-label=tr!("订单信息")>
            <h2 class="form-title">{tr!("证书费用订单")}</h2>
            <dl class="info-list">
                <div><dt>{tr!("订单号")}</dt><dd class="order-no">{order.order_no.clone()}</dd></div>
                <div><dt>{tr!("证书")}</dt><dd>{order.product_name.clone()}</dd></div>
                <div><dt>{tr!("金额")}</dt><dd class="amount">{amount}</dd></div>
            </dl>
            {move || if closed() {
                view! {
                    <div class="notice notice-warn" role="status">
                        <p class="notice-title">{tr!("订单已关闭")}</p>
                        <p>{tr!("订单已取消或超过10分钟未支付，请重新下单。")}</p>
                    </div>
                    <A href=reorder.path() attr:class="btn btn-primary">{tr!("重新下单")}</A>
                }.into_any()
            } else {
                view! {
                    <p class="countdown" role="timer" aria-live="off">
                        {tr!("剩余支付时间 ")} <strong class="countdown-value">{move || countdown_label(seconds_left.get())}</strong>
                    </p>
                    {move || native_code.get().map(|code| view! {
                        <div class="native-pay">
                            <QrCode text=code label=tr!("微信支付二维码") />
                            <p class="notice-hint">{tr!("请使用微信扫一扫完成支付，支付后本页自动跳转。")}</p>
                        </div>
                    })}
                    <div class="button-row">
                        <Button label=tr!("取消") secondary=true disabled=cancel.pending()
                            on_click=Callback::new(move |_| confirming_cancel.set(true)) />
                        <Button label=tr!("支付") loading=pay.pending()
                            on_click=Callback::new(move |_| { pay.dispatch(()); }) />
                    </div>
                    <p class="field-hint">{tr!("目前只支持微信支付。")}</p>
                }.into_any()
            }}
        </section>
        <Show when=move || confirming_cancel.get()>
            <CancelDialog
                on_keep=Callback::new(move |_| confirming_cancel.set(false))
                on_cancel=Callback::new(move |_| {
                    confirming_cancel.set(false);
                    cancel.dispatch(());
                })
            />
        </Show>
    }
}

/// 「取消」 asks first. Focus moves into the dialog, stays there, Escape keeps the order, and
/// focus returns to 「取消」 when it closes.
#[component]
fn CancelDialog(on_keep: Callback<()>, on_cancel: Callback<()>) -> impl IntoView {
    let dialog = NodeRef::<leptos::html::Div>::new();
    let on_keydown = use_modal_focus(move || dialog.get().map(Into::into), on_keep);
    view! {
        <div class="dialog-backdrop">
            <div class="dialog" node_ref=dialog role="alertdialog" aria-modal="true"
                aria-labelledby="cancel-title" aria-describedby="cancel-text" on:keydown=on_keydown>
                <p class="dialog-title" id="cancel-title">{tr!("确定取消订单吗？")}</p>
                <p class="dialog-text" id="cancel-text">{tr!("取消后如需办理，请重新下单。")}</p>
                <div class="dialog-actions">
                    <button type="button" class="dialog-button" on:click=move |_| on_keep.run(())>{tr!("再想想")}</button>
                    <button type="button" class="dialog-button dialog-danger" on:click=move |_| on_cancel.run(())>{tr!("取消订单")}</button>
                </div>
            </div>
        </div>
    }
}

/// Where WeChat Pay sends the person back: a single-use resume link, so that the result page
/// finds the registration even in a browser that does not share this one's storage (the iOS
/// home-screen app returns into Safari); the plain result page if no link can be made.
async fn return_url(api: &PublicApi, registration_id: &str) -> String {
    let origin = origin().unwrap_or_default();
    match api
        .resume_link(registration_id, ResumeTarget::PayResult)
        .await
    {
        Ok(link) => format!("{origin}{}", Page::resume_link(&link.token)),
        Err(_) => format!("{origin}{}", Page::PayResult.path()),
    }
}
