use leptos::prelude::*;

use crate::components::Button;
use crate::platform::focus::use_modal_focus;

/// The 签署密码 sheet, sliding up over the page (login and signing). The password lives only in
/// this sheet's field and is cleared when the sheet closes or sends it.
#[component]
pub fn PasswordSheet(
    /// Sheet title, e.g. 请输入签署密码.
    #[prop(into)]
    title: String,
    /// What the confirm button says.
    #[prop(into)]
    confirm_label: String,
    /// While the password is being checked.
    #[prop(into)]
    pending: Signal<bool>,
    /// The server's answer to the last try (wrong password, locked …).
    #[prop(into)]
    error: Signal<Option<String>>,
    on_submit: Callback<String>,
    on_close: Callback<()>,
) -> impl IntoView {
    let password = RwSignal::new(String::new());
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move || {
        if let Some(input) = input.get() {
            let _ = input.focus();
        }
    });
    let close = move || {
        password.set(String::new());
        on_close.run(());
    };
    let sheet = NodeRef::<leptos::html::Form>::new();
    let on_keydown = use_modal_focus(
        move || sheet.get().map(Into::into),
        Callback::new(move |_| close()),
    );
    view! {
        <div class="sheet-backdrop" on:click=move |_| close()>
            <form
                node_ref=sheet
                on:keydown=on_keydown
                class="sheet"
                role="dialog"
                aria-modal="true"
                aria-labelledby="password-sheet-title"
                novalidate=true
                on:click=|ev| ev.stop_propagation()
                on:submit=move |ev| {
                    ev.prevent_default();
                    let typed = password.get_untracked();
                    if !typed.is_empty() {
                        password.set(String::new());
                        on_submit.run(typed);
                    }
                }
            >
                <div class="sheet-header">
                    <p class="sheet-title" id="password-sheet-title">{title}</p>
                    <button type="button" class="sheet-close" aria-label=tr!("关闭") on:click=move |_| close()>"×"</button>
                </div>
                <input
                    node_ref=input
                    class="field-input password-input"
                    type="password"
                    name="signing_password"
                    autocomplete="current-password"
                    maxlength="16"
                    placeholder=tr!("请输入签署密码")
                    aria-label=tr!("签署密码")
                    prop:value=move || password.get()
                    on:input=move |ev| password.set(event_target_value(&ev))
                />
                <p class="field-hint">{tr!("字母区分大小写")}</p>
                {move || error.get().map(|message| view! { <p class="field-error sheet-error" role="alert">{message}</p> })}
                <a class="link sheet-link" href=crate::routes::Page::ResetPassword.path()>{tr!("忘记签署密码？")}</a>
                <Button label=confirm_label submit=true loading=pending
                    disabled=Signal::derive(move || password.with(String::is_empty)) />
            </form>
        </div>
    }
}
