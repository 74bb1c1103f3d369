//! 「获取验证码」 as a page uses it: sending a code for a phone and purpose, and the 60-second
//! countdown as the server counts it (so a reload does not reset it).

use cloudsign_contract::ErrorCode;
use cloudsign_contract::rules::Phone;
use cloudsign_contract::sms::SmsPurpose;
use leptos::prelude::*;
use leptos_use_interval_fn::use_interval_fn;

use crate::api::PublicApi;
use crate::components::Toasts;
use crate::platform::time::now_ms;
use crate::state::{Countdown, code_button_label};

/// What `CodeButton` shows and does.
#[derive(Clone, Copy)]
pub struct CodeSender {
    /// 「获取验证码」, 「发送中…」 or 「42s后重新获取」.
    pub label: Signal<String>,
    /// A valid number, no countdown running, nothing being sent.
    pub available: Signal<bool>,
    pub send: Callback<()>,
}

/// Sends codes for `purpose` to the number `phone` holds, with the server's countdown.
pub fn use_code_sender(phone: Signal<String>, purpose: SmsPurpose) -> CodeSender {
    let api = expect_context::<PublicApi>();
    let toasts = expect_context::<Toasts>();
    let valid_phone = Memo::new(move |_| Phone::parse(&phone.get()).ok());
    let server_cooldown = LocalResource::new(move || {
        let phone = valid_phone.get();
        async move {
            let secs = api.sms_cooldown(phone?.as_str()).await.ok()?;
            (secs > 0).then(|| Countdown::starting(now_ms(), secs))
        }
    });
    let send = Action::new_local(move |phone: &Phone| {
        let phone = phone.clone();
        async move {
            match api.send_sms(phone.as_str(), purpose).await {
                Ok(secs) => {
                    toasts.show(tr!("验证码已发送"));
                    Some(Countdown::starting(now_ms(), secs))
                }
                Err(err) => {
                    toasts.show(err.message());
                    if err.code() == Some(ErrorCode::TooManyRequests) {
                        server_cooldown.refetch();
                    }
                    None
                }
            }
        }
    });
    let now = RwSignal::new(now_ms());
    let _ = use_interval_fn(move || now.set(now_ms()), 1000);
    // The newest word on the countdown: a send just made, or else what the server said.
    let countdown = Memo::new(move |_| {
        send.value()
            .get()
            .flatten()
            .or_else(|| server_cooldown.get().flatten())
    });
    // `now` ticks once a second and may be almost a second old when a countdown starts: a
    // fresh one would read a second too many (「1s后重新获取」 for a number with none).
    let remaining = Memo::new(move |_| {
        countdown.get().map_or(0, |countdown| {
            countdown.remaining_secs(now.get().max(now_ms()))
        })
    });
    CodeSender {
        label: Signal::derive(move || {
            if send.pending().get() {
                tr!("发送中…").to_owned()
            } else {
                code_button_label(remaining.get())
            }
        }),
        available: Signal::derive(move || {
            valid_phone.with(Option::is_some) && remaining.get() == 0 && !send.pending().get()
        }),
        send: Callback::new(move |_| {
            if let Some(phone) = valid_phone.get_untracked() {
                send.dispatch(phone);
            }
        }),
    }
}
