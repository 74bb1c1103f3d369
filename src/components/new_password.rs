use cloudsign_contract::registration::password_pair_error;
use cloudsign_contract::rules::SigningPassword;
use leptos::prelude::*;

use super::TextField;

/// A new 签署密码 and its confirmation, with the rule ticked off as the person types (设置,
/// 修改 and 重置签署密码). The mismatch shows once the confirmation is as long as the password
/// or has been left.
#[component]
pub fn NewPasswordFields(
    password: RwSignal<String>,
    confirm: RwSignal<String>,
    #[prop(into)] password_label: String,
    #[prop(into)] password_placeholder: String,
    #[prop(into)] confirm_label: String,
) -> impl IntoView {
    let confirm_left = RwSignal::new(false);
    let requirements = Memo::new(move |_| password.with(|p| SigningPassword::requirements(p)));
    let confirm_error = Signal::derive(move || {
        let typed_enough = confirm.with(|c| !c.is_empty() && c.len() >= password.with(String::len));
        password
            .with(|p| confirm.with(|c| password_pair_error(p, c)))
            .filter(|_| confirm_left.get() || typed_enough)
            .filter(|_| requirements.get().iter().all(|r| r.met))
    });
    view! {
        <TextField label=password_label placeholder=password_placeholder value=password
            input_type="password" autocomplete="new-password" max_length=16 name="password" />
        <ul class="rule-list" aria-label=tr!("密码要求")>
            {move || requirements.get().into_iter().map(|rule| view! {
                <li class:met=rule.met>
                    <span class="rule-mark" aria-hidden="true">{if rule.met { "✓" } else { "·" }}</span>
                    {rule.label}
                    <span class="visually-hidden">{if rule.met { tr!("（已满足）") } else { tr!("（未满足）") }}</span>
                </li>
            }).collect_view()}
        </ul>
        <TextField label=confirm_label placeholder=tr!("请再次输入签署密码") value=confirm error=confirm_error
            on_blur=Callback::new(move |_| confirm_left.set(true))
            input_type="password" autocomplete="new-password" max_length=16 name="confirm" />
    }
}
