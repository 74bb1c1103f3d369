use cloudsign_contract::ErrorCode;
use cloudsign_contract::orders::OrderStatus;
use cloudsign_contract::registration::{RegistrationState, RegistrationStep};
use cloudsign_contract::rules::{IdNumber, SmsCode};
use cloudsign_contract::sms::SmsPurpose;
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_navigate;

use crate::api::PublicApi;
use crate::components::{Button, CodeButton, LoadFailed, Loading, NavBar, Stepper, TextField};
use crate::platform::storage::{session_remove, use_session_text};
use crate::platform::time::today;
use crate::routes::Page;
use crate::sms::use_code_sender;
use crate::state::{RegistrationToken, visible_error};

/// 确认信息: the person checks the name and enters the ID number.
#[component]
pub fn ConfirmIdentity() -> impl IntoView {
    let Some(token) = RegistrationToken::load() else {
        return view! { <Redirect path=Page::Register.path() /> }.into_any();
    };
    let api = expect_context::<PublicApi>();
    let load_token = token.clone();
    let registration = LocalResource::new(move || {
        let token = load_token.clone();
        async move { api.registration(&token).await }
    });

    view! {
        <NavBar title=tr!("确认信息") back=Some(Page::Register) />
        <div class="page confirm-identity">
            // 支付 once the order is made here (after 实名认证), 实名认证 before.
            {move || {
                let paying = matches!(registration.get(), Some(Ok(ref state)) if state.step == RegistrationStep::Payment);
                view! { <Stepper current=if paying { 2 } else { 1 } /> }
            }}
            {move || match registration.get() {
                None => view! { <Loading /> }.into_any(),
                Some(Err(err)) if err.code() == Some(ErrorCode::NotFound) => {
                    RegistrationToken::forget();
                    view! {
                        <div class="empty-state">
                            <p class="empty-title">{tr!("注册信息已失效")}</p>
                            <p class="empty-text">{err.message()}</p>
                            <A href=Page::Register.path() attr:class="btn btn-primary">{tr!("重新注册")}</A>
                        </div>
                    }.into_any()
                }
                Some(Err(err)) => view! {
                    <LoadFailed message=err.message() on_retry=Callback::new(move |_| registration.refetch()) />
                }.into_any(),
                Some(Ok(state)) => match state.step {
                    RegistrationStep::Identity | RegistrationStep::RealName => {
                        view! { <IdentityForm state=state token=token.clone() /> }.into_any()
                    }
                    RegistrationStep::Payment => view! { <OrderForm state=state token=token.clone() /> }.into_any(),
                    RegistrationStep::Password | RegistrationStep::Done => view! {
                        <div class="card result-card" role="status">
                            <p class="result-title">{tr!("证书费用已支付")}</p>
                            <A href=Page::SetPassword.path() attr:class="btn btn-primary">{tr!("设置签署密码")}</A>
                        </div>
                    }.into_any(),
                },
            }}
        </div>
    }
    .into_any()
}

/// The ID number being typed: kept for a reload, gone once confirmed.
const ID_NUMBER_KEY: &str = "cloudsign.confirm.id_number";

#[component]
fn IdentityForm(state: RegistrationState, token: String) -> impl IntoView {
    let api = expect_context::<PublicApi>();
    let id_number = use_session_text(ID_NUMBER_KEY);
    let touched = RwSignal::new(false);
    let checked =
        Memo::new(move |_| id_number.with(|text| IdNumber::parse(text, today()).map(drop)));
    let error = Signal::derive(move || {
        let complete = id_number.with(|text| text.trim().len() >= 18);
        visible_error(checked.get(), touched.get(), complete).map(|err| err.message().to_owned())
    });
    let navigate = use_navigate();
    let confirm = Action::new_local(move |number: &String| {
        let (token, number, navigate) = (token.clone(), number.clone(), navigate.clone());
        async move {
            let confirmed = api.confirm_identity(&token, &number).await;
            // As the guide: 确认 leads straight on to 实名认证.
            if confirmed.is_ok() {
                session_remove(ID_NUMBER_KEY);
                navigate(&Page::RealName.path(), Default::default());
            }
            confirmed
        }
    });
    // Reopened after confirming (the way back from 实名认证): say so, and offer the way on.
    let confirmed_before = state
        .id_number_masked
        .clone()
        .filter(|_| state.step == RegistrationStep::RealName);
    let confirmed = Memo::new(move |_| match confirm.value().get() {
        Some(Ok(_)) => None,
        _ => confirmed_before.clone(),
    });
    let failure = move || {
        confirm.value().get().and_then(Result::err).map(|err| {
            view! { <div class="notice notice-warn" role="alert"><p>{err.message()}</p></div> }
        })
    };

    view! {
        <form
            class="card form-card"
            novalidate=true
            on:submit=move |ev| {
                ev.prevent_default();
                touched.set(true);
                if checked.get_untracked().is_ok() {
                    confirm.dispatch(id_number.get_untracked());
                }
            }
        >
            <h2 class="form-title">{tr!("确认姓名与身份证号是否正确")}</h2>
            <div class="field">
                <span class="field-label">{tr!("姓名")}</span>
                <p class="field-value">{state.name.clone()}</p>
            </div>
            <TextField label=tr!("身份证号") placeholder=tr!("请输入身份证号") value=id_number error=error
                on_blur=Callback::new(move |_| touched.set(true)) max_length=18 name="id_number" />
            {failure}
            {move || confirmed.get().map(|masked| view! {
                <div class="notice notice-info" role="status">
                    <p class="notice-title">{tr!("身份信息已确认")}</p>
                    <p>{format!("{} · {masked}", state.name)}</p>
                </div>
                <A href=Page::RealName.path() attr:class="btn btn-primary">{tr!("下一步：实名认证")}</A>
            })}
            <Button label=tr!("确认") submit=true secondary=Signal::derive(move || confirmed.with(Option::is_some)) loading=confirm.pending() disabled=Signal::derive(move || checked.with(Result::is_err)) />
        </form>
    }
}

/// After 实名认证: the verification code and 「确定」 create the payment order.
#[component]
fn OrderForm(state: RegistrationState, token: String) -> impl IntoView {
    let api = expect_context::<PublicApi>();
    let navigate = use_navigate();
    let sms_code = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let checked = Memo::new(move |_| sms_code.with(|code| SmsCode::parse(code).map(drop)));
    let code_error = Signal::derive(move || {
        let complete = sms_code.with(|code| code.trim().len() >= 6);
        visible_error(checked.get(), touched.get(), complete).map(|err| err.message().to_owned())
    });
    // An order already waiting (the person came back from 支付): offer to continue it.
    let order_token = token.clone();
    let open_order = LocalResource::new(move || {
        let token = order_token.clone();
        async move {
            api.order(&token)
                .await
                .ok()
                .filter(|order| order.status == OrderStatus::Unpaid && order.seconds_left() > 0)
        }
    });
    let create = Action::new_local(move |code: &String| {
        let (token, code) = (token.clone(), code.clone());
        async move { api.create_order(&token, &code).await }
    });
    Effect::new(move || {
        if let Some(Ok(_)) = create.value().get() {
            navigate(&Page::Pay.path(), Default::default());
        }
    });
    let failure = move || {
        create.value().get().and_then(Result::err).map(|err| {
            view! { <div class="notice notice-warn" role="alert"><p>{err.message()}</p></div> }
        })
    };
    let phone_number = state.phone.clone();
    let phone = Signal::derive(move || phone_number.clone());

    view! {
        <form
            class="card form-card"
            novalidate=true
            on:submit=move |ev| {
                ev.prevent_default();
                touched.set(true);
                if checked.get_untracked().is_ok() {
                    create.dispatch(sms_code.get_untracked());
                }
            }
        >
            <h2 class="form-title">{tr!("确认信息")}</h2>
            <div class="notice notice-info" role="status">
                <p class="notice-title">{tr!("实名认证已通过")}</p>
                <p>{format!("{} · {}", state.name, state.id_number_masked.clone().unwrap_or_default())}</p>
            </div>
            <div class="field">
                <span class="field-label">{tr!("手机号")}</span>
                <p class="field-value">{state.phone.clone()}</p>
            </div>
            <div class="code-row">
                <TextField label=tr!("验证码") placeholder=tr!("请输入验证码") value=sms_code error=code_error
                    on_blur=Callback::new(move |_| touched.set(true)) input_mode="numeric"
                    autocomplete="one-time-code" max_length=6 name="sms_code" />
                <CodeButton sender=use_code_sender(phone, SmsPurpose::Confirm) />
            </div>
            <p class="field-hint">{tr!("点击确定将创建证书费用订单，订单10分钟内未支付将自动关闭。")}</p>
            {failure}
            {move || open_order.get().flatten().map(|_| view! {
                <div class="notice notice-info" role="status">
                    <p>{tr!("您有一笔待支付的订单")}</p>
                    <A href=Page::Pay.path() attr:class="btn btn-secondary">{tr!("继续支付")}</A>
                </div>
            })}
            <Button label=tr!("确定") submit=true loading=create.pending() disabled=Signal::derive(move || checked.with(Result::is_err)) />
        </form>
    }
}
