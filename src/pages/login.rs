use cloudsign_contract::ErrorCode;
use cloudsign_contract::rules::Phone;
use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::components::{A, Redirect};
use leptos_router::hooks::use_navigate;

use crate::api::PublicApi;
use crate::chunks::extras;
use crate::components::lazy_screen::{ChunkState, chunk_failure_message, use_chunk_state};
use crate::components::{Button, InstallHint, LoadFailed, Loading, TextField};
use crate::platform::connectivity::Connectivity;
use crate::platform::storage::{self, use_stored_text};
use crate::routes::Page;
use crate::state::{
    AFTER_LOGIN_KEY, CurrentSession, LOGIN_PHONE_KEY, OrgChoice, phone_typed_in_full, visible_error,
};

/// 登录: the phone number, looked up at the chosen organization; the person shown is confirmed
/// with 「确定」, and the 签署密码 sheet opens the session.
#[component]
pub fn Login() -> impl IntoView {
    let Some(org) = expect_context::<OrgChoice>().get_untracked() else {
        return view! { <Redirect path=Page::SelectOrg.path() /> }.into_any();
    };
    let api = expect_context::<PublicApi>();

    let phone = use_stored_text(LOGIN_PHONE_KEY);
    let touched = RwSignal::new(false);
    let checked = Memo::new(move |_| phone.with(|text| Phone::parse(text)));
    let phone_error = Signal::derive(move || {
        let check = checked.get().map(drop);
        visible_error(
            check,
            touched.get(),
            phone.with(|text| phone_typed_in_full(text)),
        )
        .map(|err| err.message().to_owned())
    });

    let org_id = org.id.clone();
    let lookup = Action::new_local(move |phone: &Phone| {
        let (org_id, phone) = (org_id.clone(), phone.clone());
        async move { api.lookup(&org_id, phone.as_str()).await }
    });
    let submitted = RwSignal::new(None::<Phone>);
    let submit = move || match checked.get_untracked() {
        Ok(valid) => {
            submitted.set(Some(valid.clone()));
            lookup.dispatch(valid);
        }
        Err(_) => touched.set(true),
    };
    // 确定 on the person shown opens the password sheet.
    let asking_password = RwSignal::new(false);
    let session = expect_context::<CurrentSession>();
    let navigate = use_navigate();
    let login_org = org.id.clone();
    let log_in = Action::new_local(move |password: &String| {
        let (org_id, password) = (login_org.clone(), password.clone());
        let phone = submitted.get_untracked();
        async move {
            let phone = phone.map(|p| p.as_str().to_owned()).unwrap_or_default();
            api.log_in(&org_id, &phone, &password).await
        }
    });
    Effect::new(move || {
        if let Some(Ok(new_session)) = log_in.value().get() {
            session.sign_in(new_session);
            asking_password.set(false);
            // Back to the page that sent the person here (a signing link opened while logged
            // out, a session the server ended), if one did: a path of this app, never another site.
            let next = storage::load::<String>(AFTER_LOGIN_KEY)
                .filter(|path| path.starts_with('/') && !path.starts_with("//"))
                .unwrap_or_else(|| Page::Home.path());
            storage::remove(AFTER_LOGIN_KEY);
            navigate(
                &next,
                NavigateOptions {
                    replace: true,
                    ..Default::default()
                },
            );
        }
    });
    let password_error = Signal::derive(move || {
        log_in
            .value()
            .get()
            .and_then(Result::err)
            .map(|err| err.message())
    });
    // An answer is about the number that was sent: editing the number puts it away.
    let answer_is_current =
        move || checked.with(|current| current.as_ref().ok() == submitted.get().as_ref());
    let person_confirmed =
        move || matches!(lookup.value().get(), Some(Ok(_))) && answer_is_current();

    let outcome = move || {
        lookup
            .value()
            .get()
            .filter(|_| answer_is_current())
            .map(|result| match result {
                Ok(person) => view! {
                    <div class="notice notice-info" role="status">
                        <p class="notice-title">{tr!("请确认用户信息")}</p>
                        <p>{format!("{} · {}", person.masked_name, person.unit_name)}</p>
                    </div>
                    <Button label=tr!("确定") on_click=Callback::new(move |_| asking_password.set(true)) />
                }
                .into_any(),
                Err(err) if err.code() == Some(ErrorCode::NotRegistered) => view! {
                    <div class="notice notice-warn" role="alert">
                        <p>{err.message()}</p>
                        <p class="notice-hint">{tr!("首次使用请点击右下角「注册」。")}</p>
                    </div>
                }
                .into_any(),
                Err(err) => view! {
                    <div class="notice notice-warn" role="alert">
                        <p>{err.message()}</p>
                    </div>
                }
                .into_any(),
            })
    };

    // 大字模式 where older bidders start: on the login page, before anything else.
    let display = RwSignal::new(crate::platform::appearance::saved());
    let change_display = Callback::new(move |next| {
        crate::platform::appearance::save(next);
        display.set(next);
    });

    view! {
        <div class="page login">
            <div class="card menu login-display">
                <super::LanguageToggle />
                <super::TextSizeSwitch display=display on_change=change_display />
            </div>
            <header class="login-hero">
                <img class="login-logo" src="/icons/icon-192.png" alt="" width="64" height="64" />
                <h1 class="login-app-name">{tr!("云签署")}</h1>
                <p class="login-org">
                    <span class="login-org-name">{org.name.clone()}</span>
                    <A href=Page::SelectOrg.path() attr:class="link">{tr!("切换机构")}</A>
                </p>
            </header>
            <form
                class="card login-form"
                novalidate=true
                on:submit=move |ev| {
                    ev.prevent_default();
                    submit();
                }
            >
                <TextField
                    label=tr!("手机号")
                    placeholder=tr!("请输入手机号")
                    value=phone
                    error=phone_error
                    on_blur=Callback::new(move |_| touched.set(!phone.with(String::is_empty)))
                    input_type="tel"
                    input_mode="numeric"
                    autocomplete="tel-national"
                    max_length=13
                    name="phone"
                />
                {outcome}
                <Show when=move || !person_confirmed()>
                    <Button label=tr!("下一步") submit=true loading=lookup.pending() disabled=Signal::derive(move || checked.with(Result::is_err)) />
                </Show>
            </form>
            <Show when=move || asking_password.get()>
                <LoginPasswordSheet
                    pending=log_in.pending()
                    error=password_error
                    on_submit=Callback::new(move |password: String| { log_in.dispatch(password); })
                    on_close=Callback::new(move |_| asking_password.set(false))
                />
            </Show>
            <InstallHint />
            <footer class="login-footer">
                <span class="login-footer-text">{tr!("还没有账号？")}</span>
                <A href=Page::Register.path() attr:class="link link-strong">{tr!("注册")}</A>
            </footer>
        </div>
    }
    .into_any()
}

/// The 签署密码 sheet from its own chunk (`chunks::extras::password_sheet`), which the idle
/// prefetch has usually brought before 「确定」 is tapped. Otherwise it is fetched now, 正在加载
/// standing in the sheet's place, and a failed fetch offers 「重试」.
#[component]
fn LoginPasswordSheet(
    #[prop(into)] pending: Signal<bool>,
    error: Signal<Option<String>>,
    on_submit: Callback<String>,
    on_close: Callback<()>,
) -> impl IntoView {
    let connectivity = expect_context::<Connectivity>();
    let (state, retry) =
        use_chunk_state(extras::password_sheet_loaded(), extras::load_password_sheet);
    move || match state.get() {
        ChunkState::Ready => {
            crate::chunks::ready(extras::password_sheet(pending, error, on_submit, on_close))
                .and_then(Result::ok)
        }
        ChunkState::Loading => Some(
            view! {
                <div class="sheet-backdrop">
                    <div class="sheet"><Loading /></div>
                </div>
            }
            .into_any(),
        ),
        ChunkState::Failed => {
            let message = chunk_failure_message(connectivity);
            Some(
                view! {
                    <div class="sheet-backdrop" on:click=move |_| on_close.run(())>
                        <div class="sheet" role="dialog" aria-modal="true" on:click=|ev| ev.stop_propagation()>
                            <LoadFailed message on_retry=retry />
                        </div>
                    </div>
                }
                .into_any(),
            )
        }
    }
}
