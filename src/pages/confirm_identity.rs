use cloudsign_contract::ErrorCode;
use cloudsign_contract::registration::{RegistrationState, RegistrationStep};
use cloudsign_contract::rules::IdNumber;
use leptos::prelude::*;
use leptos_router::components::{A, Redirect};

use crate::api::PublicApi;
use crate::components::{Button, NavBar, Stepper, TextField};
use crate::platform::time::today;
use crate::routes::Page;
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
        <NavBar title="确认信息" back=Some(Page::Register) />
        <div class="page confirm-identity">
            <Stepper current=1 />
            {move || match registration.get() {
                None => view! { <div class="card form-card is-loading" aria-busy="true"><div class="org-skeleton"></div></div> }.into_any(),
                Some(Err(err)) if err.code() == Some(ErrorCode::NotFound) => {
                    RegistrationToken::forget();
                    view! {
                        <div class="empty-state">
                            <p class="empty-title">"注册信息已失效"</p>
                            <p class="empty-text">{err.message()}</p>
                            <A href=Page::Register.path() attr:class="btn btn-primary">"重新注册"</A>
                        </div>
                    }.into_any()
                }
                Some(Err(err)) => view! {
                    <div class="empty-state">
                        <p class="empty-title">"加载失败"</p>
                        <p class="empty-text">{err.message()}</p>
                        <Button label="重试" secondary=true on_click=Callback::new(move |_| registration.refetch()) />
                    </div>
                }.into_any(),
                Some(Ok(state)) => view! { <IdentityForm state=state token=token.clone() /> }.into_any(),
            }}
        </div>
    }
    .into_any()
}

#[component]
fn IdentityForm(state: RegistrationState, token: String) -> impl IntoView {
    let api = expect_context::<PublicApi>();
    let id_number = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let checked =
        Memo::new(move |_| id_number.with(|text| IdNumber::parse(text, today()).map(drop)));
    let error = Signal::derive(move || {
        let complete = id_number.with(|text| text.trim().len() >= 18);
        visible_error(checked.get(), touched.get(), complete).map(|err| err.message().to_owned())
    });
    let confirm = Action::new_local(move |number: &String| {
        let (token, number) = (token.clone(), number.clone());
        async move { api.confirm_identity(&token, &number).await }
    });
    // Confirmed when this page confirmed it, or when the registration was already past it.
    let confirmed_before = state
        .id_number_masked
        .clone()
        .filter(|_| state.step == RegistrationStep::RealName);
    let confirmed = Memo::new(move |_| match confirm.value().get() {
        Some(Ok(state)) => state.id_number_masked,
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
            <h1 class="form-title">"确认姓名与身份证号是否正确"</h1>
            <div class="field">
                <span class="field-label">"姓名"</span>
                <p class="field-value">{state.name.clone()}</p>
            </div>
            <TextField label="身份证号" placeholder="请输入身份证号" value=id_number error=error
                on_blur=Callback::new(move |_| touched.set(true)) max_length=18 name="id_number" />
            {failure}
            {move || confirmed.get().map(|masked| view! {
                <div class="notice notice-info" role="status">
                    <p class="notice-title">"身份信息已确认"</p>
                    <p>{format!("{} · {masked}", state.name)}</p>
                </div>
                <A href=Page::RealName.path() attr:class="btn btn-primary">"下一步：实名认证"</A>
            })}
            <Button label="确认" submit=true secondary=Signal::derive(move || confirmed.with(Option::is_some)) loading=confirm.pending() disabled=Signal::derive(move || checked.with(Result::is_err)) />
        </form>
    }
}
