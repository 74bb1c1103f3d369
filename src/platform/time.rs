use cloudsign_contract::rules::Date;

/// Milliseconds since the Unix epoch, by the phone's clock. Only for countdowns the server
/// started ("60 s from now"); deadlines themselves are the server's.
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Today's date on the phone, for early checks that the server repeats with its own clock.
pub fn today() -> Date {
    let now = js_sys::Date::new_0();
    Date {
        year: now.get_full_year() as u16,
        month: now.get_month() as u8 + 1,
        day: now.get_date() as u8,
    }
}

/// Waits `ms` milliseconds.
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Waits until the browser has a quiet moment (`requestIdleCallback`), at most `timeout_ms`;
/// a second where it has no such call (Safari).
pub async fn until_idle(timeout_ms: u32) {
    use wasm_bindgen::JsCast;
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let Some(window) = web_sys::window() else {
            return;
        };
        let request_idle = js_sys::Reflect::get(&window, &"requestIdleCallback".into())
            .ok()
            .and_then(|function| function.dyn_into::<js_sys::Function>().ok());
        match request_idle {
            Some(request_idle) => {
                let options = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&options, &"timeout".into(), &timeout_ms.into());
                let _ = request_idle.call2(&window, &resolve, &options);
            }
            None => {
                let _ =
                    window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 1000);
            }
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}
