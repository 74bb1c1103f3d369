use leptos::prelude::*;

/// The app's button: at least 44 px tall, disabled while its request runs, with a spinner.
///
/// - `label`: what it says (确定, 下一步 …)
/// - `loading`: a request started by it is running; it is disabled and shows a spinner
/// - `disabled`: it cannot be pressed yet (e.g. the form is not valid)
/// - `secondary`: the quieter style, for the second choice beside a primary one
/// - `submit`: a form's submit button; otherwise `on_click` is called
#[component]
pub fn Button(
    #[prop(into)] label: Signal<String>,
    #[prop(optional, into)] loading: Signal<bool>,
    #[prop(optional, into)] disabled: Signal<bool>,
    #[prop(optional, into)] secondary: Signal<bool>,
    #[prop(optional)] submit: bool,
    #[prop(optional)] on_click: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <button
            type=if submit { "submit" } else { "button" }
            class="btn"
            class:btn-primary=move || !secondary.get()
            class:btn-secondary=move || secondary.get()
            class:is-loading=move || loading.get()
            disabled=move || disabled.get() || loading.get()
            aria-busy=move || loading.get().to_string()
            on:click=move |_| {
                if let Some(on_click) = on_click {
                    on_click.run(());
                }
            }
        >
            <Show when=move || loading.get()>
                <span class="spinner" aria-hidden="true"></span>
            </Show>
            <span>{move || label.get()}</span>
        </button>
    }
}
