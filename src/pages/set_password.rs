use cloudsign_contract::ErrorCode;
use cloudsign_contract::registration::password_pair_error;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_navigate;

use crate::api::PublicApi;
use crate::components::{Button, NavBar, NewPasswordFields, Stepper};
use crate::routes::Page;
use crate::state::{CurrentSession, RegistrationToken};

/// 设置签署密码: the last step. The password lives only in these two fields and the request;
/// it is never stored in the browser.
#[component]
pub fn SetPassword() -> impl IntoView {
    let Some(token) = RegistrationToken::load() else {
        return view! { <Redirect path=Page::Start.path() /> }.into_any();
    };
    let api = expect_context::<PublicApi>();
    let session = expect_context::<CurrentSession>();
    let navigate = use_navigate();
    let password = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let pair_error =
        Memo::new(move |_| password.with(|p| confirm.with(|c| password_pair_error(p, c))));
    let submit = Action::new_local(move |_: &()| {
        let token = token.clone();
        let (p, c) = (password.get_untracked(), confirm.get_untracked());
        async move { api.set_signing_password(&token, &p, &c).await }
    });
    Effect::new(move || match submit.value().get() {
        Some(Ok(new_session)) => {
            password.set(String::new());
            confirm.set(String::new());
            RegistrationToken::forget();
            session.sign_in(new_session);
            navigate(
                &Page::Home.path(),
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
        Some(Err(_)) => confirm.set(String::new()),
        None => {}
    });
    let failure = move || {
        submit.value().get().and_then(Result::err).map(|err| {
            let done = err.code() == Some(ErrorCode::WrongStep);
            view! {
                <div class="notice notice-warn" role="alert">
                    <p>{err.message()}</p>
                    {done.then(|| view! { <A href=Page::Login.path() attr:class="link-strong">{tr!("去登录")}</A> })}
                </div>
            }
        })
    };

    view! {
        <NavBar title=tr!("设置签署密码") />
        <div class="page set-password">
            <Stepper current=3 />
            <form
                class="card form-card"
                novalidate=true
                on:submit=move |ev| {
                    ev.prevent_default();
                    if pair_error.get_untracked().is_none() {
                        submit.dispatch(());
                    }
                }
            >
                <h2 class="form-title">{tr!("设置签署密码")}</h2>
                <p class="notice-hint">{tr!("签署文件时需输入签署密码，请牢记。字母区分大小写。")}</p>
                <NewPasswordFields password=password confirm=confirm password_label=tr!("签署密码")
                    password_placeholder=tr!("请输入签署密码") confirm_label=tr!("确认密码") />
                {failure}
                <Button label=tr!("确定") submit=true loading=submit.pending()
                    disabled=Signal::derive(move || pair_error.with(Option::is_some)) />
            </form>
        </div>
    }
    .into_any()
}
