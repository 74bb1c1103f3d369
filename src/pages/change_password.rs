use cloudsign_contract::account::ChangePassword as ChangeRequest;
use cloudsign_contract::registration::password_pair_error;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::SessionApi;
use crate::components::{Button, NavBar, NewPasswordFields, TextField, Toasts};
use crate::routes::Page;

/// 修改签署密码: the old one, the new one twice (the same rule as when it was set). The key is
/// sealed again under the new password on the server.
#[component]
pub fn ChangePassword() -> impl IntoView {
    let api = expect_context::<SessionApi>();
    let toasts = expect_context::<Toasts>();
    let navigate = use_navigate();
    let old = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let confirm = RwSignal::new(String::new());
    let pair_error = Memo::new(move |_| new.with(|n| confirm.with(|c| password_pair_error(n, c))));
    let submit = Action::new_local(move |_: &()| {
        let api = api.clone();
        let request = ChangeRequest {
            old_password: old.get_untracked(),
            new_password: new.get_untracked(),
            confirm: confirm.get_untracked(),
        };
        async move { api.change_password(&request).await }
    });
    Effect::new(move || match submit.value().get() {
        Some(Ok(())) => {
            for field in [old, new, confirm] {
                field.set(String::new());
            }
            toasts.show(tr!("签署密码已修改"));
            navigate(&Page::Mine.path(), Default::default());
        }
        Some(Err(_)) => old.set(String::new()),
        None => {}
    });
    let failure = move || {
        submit.value().get().and_then(Result::err).map(|err| {
            view! { <div class="notice notice-warn" role="alert"><p>{err.message()}</p></div> }
        })
    };
    let ready =
        Signal::derive(move || old.with(|o| !o.is_empty()) && pair_error.with(Option::is_none));

    view! {
        <NavBar title=tr!("修改签署密码") back=Some(Page::Mine) />
        <div class="page change-password">
            <form class="card form-card" novalidate=true on:submit=move |ev| {
                ev.prevent_default();
                if ready.get_untracked() {
                    submit.dispatch(());
                }
            }>
                <TextField label=tr!("原签署密码") placeholder=tr!("请输入原签署密码") value=old
                    input_type="password" autocomplete="current-password" max_length=16 name="old_password" />
                <NewPasswordFields password=new confirm=confirm password_label=tr!("新签署密码")
                    password_placeholder=tr!("请输入新签署密码") confirm_label=tr!("确认新密码") />
                <p class="field-hint">{tr!("字母区分大小写。原密码输错5次将锁定30分钟。")}</p>
                {failure}
                <Button label=tr!("确定") submit=true loading=submit.pending() disabled=Signal::derive(move || !ready.get()) />
            </form>
        </div>
    }
    .into_any()
}
