use leptos::prelude::*;

/// A labelled text input with its rule message underneath.
///
/// - `value`: the text, two-way
/// - `error`: the message to show, if any (see `state::visible_error` for when)
/// - `on_blur`: the person left the field
/// - `input_mode`, `autocomplete`, `max_length`: choose the phone's keyboard and autofill
#[component]
pub fn TextField(
    #[prop(into)] label: String,
    #[prop(into)] placeholder: String,
    value: RwSignal<String>,
    #[prop(optional, into)] error: Signal<Option<String>>,
    #[prop(optional)] on_blur: Option<Callback<()>>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "text")] input_mode: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(optional)] max_length: Option<u32>,
    #[prop(optional, into)] name: Option<String>,
) -> impl IntoView {
    let id = format!("field-{}", name.clone().unwrap_or_else(|| label.clone()));
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label class="field-label" for=id.clone()>{label}</label>
            <input
                id=id
                name=name
                class="field-input"
                type=input_type
                inputmode=input_mode
                autocomplete=autocomplete
                maxlength=max_length
                placeholder=placeholder
                aria-invalid=move || error.with(Option::is_some).to_string()
                aria-describedby=error_id.clone()
                prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))
                on:blur=move |_| {
                    if let Some(on_blur) = on_blur {
                        on_blur.run(());
                    }
                }
            />
            <p class="field-error" id=error_id role="alert">
                {move || error.get().unwrap_or_default()}
            </p>
        </div>
    }
}
