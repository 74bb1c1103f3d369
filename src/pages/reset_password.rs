use cloudsign_contract::registration::password_pair_error;
use cloudsign_contract::rules::{Phone, SmsCode};
use cloudsign_contract::sms::SmsPurpose;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_navigate;
use serde::{Deserialize, Serialize};

use crate::api::{LivenessSubject, PublicApi};
use crate::components::LivenessCheck;
use crate::components::{Button, CodeButton, NavBar, NewPasswordFields, TextField, Toasts};
use crate::platform::storage::{self, use_stored_text};
use crate::routes::Page;
use crate::sms::use_code_sender;
use crate::state::{
    CurrentSession, LOGIN_PHONE_KEY, OrgChoice, phone_typed_in_full, visible_error,
};

/// The reset under way, kept so that a reload resumes it (the server still decides).
const RESET_KEY: &str = "cloudsign.password_reset";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
enum Step {
    Code,
    Face { reset_id: String },
    Password { reset_id: String },
}

/// 重置签署密码: the SMS code, the liveness check, then a new password. The forgotten password
/// sealed the key, so a new key and certificate are issued and the old certificate is revoked;
/// the page says so before anything is done.
#[component]
pub fn ResetPassword() -> impl IntoView {
    let Some(org) = expect_context::<OrgChoice>().get_untracked() else {
        return view! { <Redirect path=Page::SelectOrg.path() /> }.into_any();
    };
    let step = RwSignal::new(storage::load::<Step>(RESET_KEY).unwrap_or(Step::Code));
    let go = move |next: Step| {
        storage::save(RESET_KEY, &next);
        step.set(next);
    };
    view! {
        <NavBar title=tr!("重置签署密码") back=Some(Page::Mine) />
        <div class="page reset-password">
            {move || match step.get() {
                Step::Code => view! { <CodeStep org_id=org.id.clone() on_started=Callback::new(move |id: String| go(Step::Face { reset_id: id })) /> }.into_any(),
                Step::Face { reset_id } => {
                    let next = reset_id.clone();
                    view! {
                        <div class="notice notice-info" role="status"><p>{tr!("请完成刷脸认证，确认是本人操作。")}</p></div>
                        <LivenessCheck subject=LivenessSubject::PasswordReset(reset_id)
                            on_passed=Callback::new(move |_| go(Step::Password { reset_id: next.clone() })) />
                    }.into_any()
                }
                Step::Password { reset_id } => view! {
                    <PasswordStep reset_id=reset_id on_restart=Callback::new(move |_| go(Step::Code)) />
                }.into_any(),
            }}
        </div>
    }
    .into_any()
}

#[component]
fn CodeStep(org_id: String, on_started: Callback<String>) -> impl IntoView {
    let api = expect_context::<PublicApi>();
    let phone = use_stored_text(LOGIN_PHONE_KEY);
    let code = RwSignal::new(String::new());
    let touched = RwSignal::new(false);
    let phone_error = Signal::derive(move || {
        visible_error(
            phone.with(|p| Phone::parse(p).map(drop)),
            touched.get(),
            phone.with(|p| phone_typed_in_full(p)),
        )
        .map(|err| err.message().to_owned())
    });
    let valid = Signal::derive(move || {
        phone.with(|p| Phone::parse(p).is_ok()) && code.with(|c| SmsCode::parse(c).is_ok())
    });
    let start = Action::new_local(move |_: &()| {
        let (org_id, phone, code) = (org_id.clone(), phone.get_untracked(), code.get_untracked());
        async move { api.start_password_reset(&org_id, &phone, &code).await }
    });
    Effect::new(move || {
        if let Some(Ok(started)) = start.value().get() {
            on_started.run(started.reset_id);
        }
    });
    let failure = move || {
        start.value().get().and_then(Result::err).map(|err| {
            view! { <div class="notice notice-warn" role="alert"><p>{err.message()}</p></div> }
        })
    };
    let phone_signal = Signal::derive(move || phone.get());
    view! {
        <div class="notice notice-warn" role="note">
            <p class="notice-title">{tr!("重置前请知悉")}</p>
            <p>{tr!("原签署密码无法找回。重置后将为您签发新证书，原证书将被注销，已完成的签署不受影响。")}</p>
        </div>
        <form class="card form-card" novalidate=true on:submit=move |ev| {
            ev.prevent_default();
            touched.set(true);
            if valid.get_untracked() {
                start.dispatch(());
            }
        }>
            <TextField label=tr!("手机号") placeholder=tr!("请输入手机号") value=phone error=phone_error
                on_blur=Callback::new(move |_| touched.set(true)) input_type="tel" input_mode="numeric"
                autocomplete="tel-national" max_length=13 name="phone" />
            <div class="code-row">
                <TextField label=tr!("验证码") placeholder=tr!("请输入验证码") value=code input_mode="numeric"
                    autocomplete="one-time-code" max_length=6 name="sms_code" />
                <CodeButton sender=use_code_sender(phone_signal, SmsPurpose::Reset) />
            </div>
            {failure}
            <Button label=tr!("下一步") submit=true loading=start.pending() disabled=Signal::derive(move || !valid.get()) />
        </form>
    }
}

#[component]
fn PasswordStep(reset_id: String, on_restart: Callback<()>) -> impl IntoView {
    let api = expect_context::<PublicApi>();
    let session = expect_context::<CurrentSession>();
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let pair_error =
        Memo::new(move |_| password.with(|p| confirm.with(|c| password_pair_error(p, c))));
    let submit = Action::new_local(move |_: &()| {
        let reset_id = reset_id.clone();
        let (p, c) = (password.get_untracked(), confirm.get_untracked());
        async move { api.complete_password_reset(&reset_id, &p, &c).await }
    });
    Effect::new(move || match submit.value().get() {
        Some(Ok(new_session)) => {
            password.set(String::new());
            confirm.set(String::new());
            storage::remove(RESET_KEY);
            session.sign_in(new_session);
            toasts.show(tr!("签署密码已重置，新证书已签发"));
            navigate(
                &Page::Home.path(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
        Some(Err(err))
            if err.code().is_some_and(|c| {
                matches!(
                    c,
                    cloudsign_contract::ErrorCode::Expired
                        | cloudsign_contract::ErrorCode::NotFound
                )
            }) =>
        {
            storage::remove(RESET_KEY);
            toasts.show(err.message());
            on_restart.run(());
        }
        _ => {}
    });
    let failure = move || {
        submit.value().get().and_then(Result::err).map(|err| {
            view! { <div class="notice notice-warn" role="alert"><p>{err.message()}</p></div> }
        })
    };
    view! {
        <form class="card form-card" novalidate=true on:submit=move |ev| {
            ev.prevent_default();
            if pair_error.get_untracked().is_none() {
                submit.dispatch(());
            }
        }>
            <h2 class="form-title">{tr!("设置新的签署密码")}</h2>
            <NewPasswordFields password=password confirm=confirm password_label=tr!("新签署密码")
                password_placeholder=tr!("请输入新签署密码") confirm_label=tr!("确认密码") />
            {failure}
            <Button label=tr!("确定重置") submit=true loading=submit.pending()
                disabled=Signal::derive(move || pair_error.with(Option::is_some)) />
        </form>
    }
}
