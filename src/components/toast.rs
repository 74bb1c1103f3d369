use std::time::Duration;

use leptos::prelude::*;

const SHOWN_FOR: Duration = Duration::from_millis(2600);

#[derive(Clone, Debug, PartialEq)]
struct Toast {
    id: u64,
    text: String,
}

/// Short messages that float over the screen and go away by themselves.
#[derive(Clone, Copy)]
pub struct Toasts {
    items: RwSignal<Vec<Toast>>,
    next_id: StoredValue<u64>,
}

impl Toasts {
    pub fn new() -> Toasts {
        Toasts {
            items: RwSignal::new(Vec::new()),
            next_id: StoredValue::new(0),
        }
    }

    pub fn show(self, text: impl Into<String>) {
        let id = self.next_id.get_value();
        self.next_id.set_value(id + 1);
        self.items.update(|items| {
            items.push(Toast {
                id,
                text: text.into(),
            })
        });
        set_timeout(
            move || {
                self.items
                    .update(|items| items.retain(|toast| toast.id != id))
            },
            SHOWN_FOR,
        );
    }
}

impl Default for Toasts {
    fn default() -> Self {
        Toasts::new()
    }
}

/// Where the toasts appear; mounted once by the app.
#[component]
pub fn ToastHost() -> impl IntoView {
    let toasts = expect_context::<Toasts>();
    view! {
        <div class="toast-host" role="status" aria-live="polite">
            <For each=move || toasts.items.get() key=|toast| toast.id let:toast>
                <div class="toast">{toast.text}</div>
            </For>
        </div>
    }
}
