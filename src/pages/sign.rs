use cloudsign_contract::orders::countdown_label;
use cloudsign_contract::signing::{SealKind, SigningRequest, SigningResult};
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_params_map;
use leptos_use_interval_fn::use_interval_fn;

use crate::api::SessionApi;
use crate::components::{Button, Loading, NavBar, PasswordSheet};
use crate::format::china_datetime;
use crate::payment::PayDeadline;
use crate::platform::time::now_ms;
use crate::routes::Page;

/// 签章确认 (`/s/<token>`): who asks, which documents, which seal, when; 「签署」 asks for the
/// signing password, and the result lists every signed document.
#[component]
pub fn Sign() -> impl IntoView {
    let token = use_params_map().with_untracked(|params| params.get("token").unwrap_or_default());
    // Opened straight from the QR code while logged out, RequireSession has the person log in
    // and come back here.
    let api = expect_context::<SessionApi>();
    let load_api = api.clone();
    let load_token = token.clone();
    let request = LocalResource::new(move || {
        let (api, token) = (load_api.clone(), load_token.clone());
        async move { api.signing_request(&token).await.map(|r| (r, now_ms())) }
    });
    let signed = RwSignal::new(None::<SigningResult>);

    view! {
        <NavBar title=tr!("签章确认") back=Some(Page::Home) />
        <div class="page sign">
            {move || {
                if let Some(result) = signed.get() {
                    return view! { <SignedView result=result /> }.into_any();
                }
                match request.get() {
                    None => view! { <Loading /> }.into_any(),
                    Some(Err(err)) => view! {
                        <div class="empty-state" role="alert">
                            <p class="empty-title">{tr!("无法签署")}</p>
                            <p class="empty-text">{err.message()}</p>
                            <A href=Page::Scan.path() attr:class="btn btn-primary">{tr!("重新扫码")}</A>
                        </div>
                    }.into_any(),
                    Some(Ok((details, received))) => view! {
                        <SignForm details=details received_at=received api=api.clone() token=token.clone() signed=signed />
                    }.into_any(),
                }
            }}
        </div>
    }
    .into_any()
}

#[component]
fn SignForm(
    details: SigningRequest,
    received_at: f64,
    api: SessionApi,
    token: String,
    signed: RwSignal<Option<SigningResult>>,
) -> impl IntoView {
    let deadline = PayDeadline::new(received_at, details.expires_at - details.server_now);
    let now = RwSignal::new(now_ms());
    let _ = use_interval_fn(move || now.set(now_ms()), 1000);
    let seconds_left = Memo::new(move |_| deadline.seconds_left(now.get()));
    let asking_password = RwSignal::new(false);
    let (api_for_poll, token_for_poll) = (api.clone(), token.clone());
    let sign = Action::new_local(move |password: &String| {
        let (api, token, password) = (api.clone(), token.clone(), password.clone());
        async move { api.sign(&token, &password).await }
    });
    Effect::new(move || {
        if let Some(Ok(result)) = sign.value().get() {
            asking_password.set(false);
            signed.set(Some(result));
        }
    });
    let password_error = Signal::derive(move || {
        sign.value()
            .get()
            .and_then(Result::err)
            .map(|e| e.message())
    });
    let count = details.documents.len();
    let seal_name = details.seal_text.clone();
    // A visible seal: the desktop draws the seal into the documents once it knows who signs,
    // a moment after the scan. Until their digests arrive there is nothing to sign.
    let documents = RwSignal::new(details.documents.clone());
    let documents_ready = RwSignal::new(details.documents_ready);
    let polling = StoredValue::new(false);
    let poll_api = api_for_poll;
    let poll_token = token_for_poll;
    let _ = use_interval_fn(
        move || {
            if documents_ready.get_untracked() || polling.get_value() {
                return;
            }
            polling.set_value(true);
            let (api, token) = (poll_api.clone(), poll_token.clone());
            leptos::task::spawn_local(async move {
                if let Ok(latest) = api.signing_request(&token).await {
                    documents.set(latest.documents);
                    documents_ready.set(latest.documents_ready);
                }
                polling.set_value(false);
            });
        },
        1000,
    );

    view! {
        <section class="card form-card" aria-label=tr!("签署内容")>
            <dl class="info-list">
                <div><dt>{tr!("请求方")}</dt><dd>{details.client_name.clone()}</dd></div>
                <div><dt>{tr!("签署人")}</dt><dd>{format!("{} · {}", details.signer_masked_name, details.unit_name)}</dd></div>
                <div><dt>{tr!("发起时间")}</dt><dd>{china_datetime(details.created_at)}</dd></div>
                <div><dt>{tr!("印章")}</dt><dd>{details.seal.label()}</dd></div>
            </dl>
            {match details.seal_image.clone() {
                Some(png) => view! {
                    <img class="seal-image" src=format!("data:image/png;base64,{png}") alt=tr!("%{seal}：我的签名", seal = details.seal.label()) />
                }.into_any(),
                None => view! {
                    <div class="seal-preview" class:seal-unit=details.seal == SealKind::Unit aria-label=format!("{}：{}", details.seal.label(), seal_name)>
                        <span>{seal_name.clone()}</span>
                    </div>
                }.into_any(),
            }}
            // A unit added in 切换单位 is the person's own statement: the seal says so.
            {(details.seal == SealKind::Unit && !details.unit_verified).then(|| view! {
                <div class="notice notice-info unit-unverified" role="note">
                    <p>{tr!("「%{unit}」为本人添加的单位，未经核验，签名证书中不含此单位。", unit = details.unit_name)}</p>
                </div>
            })}
            <h2 class="section-title">{tr!("待签文件（%{count}）", count = count)}</h2>
            <ul class="document-list">
                {move || documents.get().into_iter().map(|document| view! {
                    <li class="document">
                        <span class="document-name">{document.name.clone()}</span>
                        <span class="document-digest">{if document.sha256.is_empty() {
                            {tr!("正在准备…")}.to_owned()
                        } else {
                            format!("SHA-256 {}…", &document.sha256[..document.sha256.len().min(16)])
                        }}</span>
                    </li>
                }).collect_view()}
            </ul>
            {move || if seconds_left.get() > 0 && !documents_ready.get() {
                view! {
                    <div class="notice notice-info" role="status" aria-live="polite">
                        <p>{tr!("电脑端正在准备文件，请稍候…")}</p>
                    </div>
                }.into_any()
            } else if seconds_left.get() > 0 {
                view! {
                    <p class="countdown-small">{tr!("二维码有效期 ")} <strong>{move || countdown_label(seconds_left.get())}</strong></p>
                    <Button label=tr!("签署") on_click=Callback::new(move |_| asking_password.set(true)) />
                }.into_any()
            } else {
                view! {
                    <div class="notice notice-warn" role="alert"><p>{tr!("二维码已过期，请在电脑端重新扫码印章")}</p></div>
                    <A href=Page::Scan.path() attr:class="btn btn-primary">{tr!("重新扫码")}</A>
                }.into_any()
            }}
        </section>
        <Show when=move || asking_password.get()>
            <PasswordSheet
                title=tr!("请输入签署密码")
                confirm_label=tr!("确认签署")
                pending=sign.pending()
                error=password_error
                on_submit=Callback::new(move |password: String| { sign.dispatch(password); })
                on_close=Callback::new(move |_| asking_password.set(false))
            />
        </Show>
    }
}

#[component]
fn SignedView(result: SigningResult) -> impl IntoView {
    view! {
        <div class="card result-card result-success" role="status">
            <div class="result-icon" aria-hidden="true">"✓"</div>
            <p class="result-title">{tr!("签署成功")}</p>
            <p class="notice-hint">{format!("{} · {}", result.client_name, china_datetime(result.signed_at))}</p>
            <ul class="document-list">
                {result.documents.iter().map(|document| view! {
                    <li class="document document-signed">
                        <span class="document-name">{document.name.clone()}</span>
                        <span class="document-digest">{tr!("已签署 ✓")}</span>
                    </li>
                }).collect_view()}
            </ul>
            <p class="notice-hint">{tr!("电脑端将自动显示签章结果。")}</p>
            <A href=Page::Home.path() attr:class="btn btn-primary">{tr!("完成")}</A>
        </div>
    }
}
