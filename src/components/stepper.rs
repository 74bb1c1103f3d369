use leptos::prelude::*;

/// The registration's progress, as the guide shows it: 注册 → 实名认证 → 支付 → 成功.
/// `current` is the index of the step the page belongs to.
#[component]
pub fn Stepper(current: usize) -> impl IntoView {
    let steps = [tr!("注册"), tr!("实名认证"), tr!("支付"), tr!("成功")];
    view! {
        <ol class="stepper" aria-label=tr!("注册进度")>
            {steps
                .into_iter()
                .enumerate()
                .map(|(index, name)| {
                    view! {
                        <li
                            class="stepper-step"
                            class:is-done=index < current
                            class:is-current=index == current
                            aria-current=(index == current).then_some("step")
                        >
                            <span class="stepper-dot">{index + 1}</span>
                            <span class="stepper-name">{name}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}
