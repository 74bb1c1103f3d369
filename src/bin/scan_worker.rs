//! The QR decoder's Web Worker. trunk builds it apart from the app (`data-type="worker"` in
//! index.html), so the decoders are downloaded only when 扫一扫 opens and never block the page.
//!
//! In: `{width, height, pixels}` (RGBA, the buffer transferred). Out: `{text, ms}` with `text`
//! null when the frame holds no readable code; `{ready: true}` once loaded.

// Without it the next toolchain traps this worker on every code needing error correction
// (see the type).
#[cfg(target_arch = "wasm32")]
#[global_allocator]
static ALLOCATOR: cloudsign_scan::allocator::OpaqueSystem = cloudsign_scan::allocator::OpaqueSystem;

#[cfg(target_arch = "wasm32")]
fn main() {
    use cloudsign_scan::Scanner;
    use js_sys::{Object, Reflect, Uint8Array};
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;
    use web_sys::{DedicatedWorkerGlobalScope, MessageEvent};

    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let performance = scope.performance();
    let reply = scope.clone();
    let mut scanner = Scanner::new();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let number = |key: &str| {
            Reflect::get(&data, &key.into())
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(0.0) as u32
        };
        let (width, height) = (number("width"), number("height"));
        let pixels = Reflect::get(&data, &"pixels".into())
            .map(|p| Uint8Array::new(&p).to_vec())
            .unwrap_or_default();
        let started = performance.as_ref().map(|p| p.now());
        let decoded = scanner.decode_rgba(&pixels, width, height);
        let ms = match (&performance, started) {
            (Some(p), Some(started)) => p.now() - started,
            _ => 0.0,
        };
        let answer = Object::new();
        let text = decoded.map_or(JsValue::NULL, |d| JsValue::from(d.text));
        let _ = Reflect::set(&answer, &"text".into(), &text);
        let _ = Reflect::set(&answer, &"ms".into(), &ms.into());
        let _ = reply.post_message(&answer);
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let ready = Object::new();
    let _ = Reflect::set(&ready, &"ready".into(), &true.into());
    let _ = scope.post_message(&ready);
}

// Built natively only because the workspace is; it never runs there.
#[cfg(not(target_arch = "wasm32"))]
fn main() {}
