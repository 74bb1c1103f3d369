use leptos::prelude::*;

use crate::sms::CodeSender;

/// 「获取验证码」 beside the code field: says what `sender` says and sends when it can.
#[component]
pub fn CodeButton(sender: CodeSender) -> impl IntoView {
    view! {
        <button
            type="button"
            class="code-button"
            disabled=move || !sender.available.get()
            on:click=move |_| sender.send.run(())
        >
            {move || sender.label.get()}
        </button>
    }
}
