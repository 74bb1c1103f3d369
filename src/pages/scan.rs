use cloudsign_contract::signing::signing_token;
use leptos::html::Video;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::components::NavBar;
use crate::components::icons::{AlbumIcon, TorchIcon};
use crate::platform::navigation::origin;
use crate::platform::scanner::use_qr_scanner;
use crate::routes::Page;

/// 扫一扫: reads the sealing client's QR code with the rear camera (or from a photo) and opens
/// 签章确认 for it. Any other QR code is named as such and scanning goes on.
#[component]
pub fn Scan() -> impl IntoView {
    let video = NodeRef::<Video>::new();
    let scanner = use_qr_scanner(video);
    let navigate = use_navigate();
    let app_origin = origin().unwrap_or_default();
    let foreign = RwSignal::new(false);
    Effect::new(move || {
        let Some(text) = scanner.found.get() else {
            return;
        };
        match signing_token(&text, &app_origin) {
            Some(token) => navigate(&Page::sign_link(token), Default::default()),
            None => foreign.set(true),
        }
    });
    let scan_again = move |_| {
        foreign.set(false);
        scanner.found.set(None);
    };

    view! {
        <NavBar title="扫一扫" back=Some(Page::Home) />
        <div class="page scan">
            <div class="scan-view">
                <video node_ref=video class="scan-video" autoplay=true playsinline=true muted=true></video>
                <div class="scan-frame" aria-hidden="true"><span class="scan-line"></span></div>
                <p class="scan-hint">
                    {move || if scanner.scanning.get() {
                        "将电脑端「扫码印章」的二维码放入框内，即可自动扫描"
                    } else if scanner.camera_error.with(Option::is_some) {
                        "摄像头不可用"
                    } else {
                        "正在打开摄像头…"
                    }}
                </p>
            </div>
            {move || scanner.camera_error.get().map(|message| view! {
                <div class="notice notice-warn" role="alert">
                    <p>{message}</p>
                    <p class="notice-hint">"也可以点击「相册」，选择二维码截图或照片。"</p>
                </div>
            })}
            <Show when=move || foreign.get()>
                <div class="notice notice-warn" role="alert">
                    <p class="notice-title">"不是云签署的签署二维码"</p>
                    <p>"请扫描电脑端印章客户端「扫码印章」显示的二维码。"</p>
                    <button type="button" class="btn btn-secondary" on:click=scan_again>"继续扫描"</button>
                </div>
            </Show>
            <Show when=move || scanner.photo_unreadable.get()>
                <p class="notice notice-warn" role="alert">"未识别到二维码，请换一张清晰的照片"</p>
            </Show>
            <div class="scan-actions">
                <label class="scan-action">
                    <AlbumIcon />
                    <span>"相册"</span>
                    <input class="visually-hidden" type="file" accept="image/*" name="qr_photo"
                        on:change=move |ev| {
                            let input: web_sys::HtmlInputElement = event_target(&ev);
                            if let Some(file) = input.files().and_then(|files| files.get(0)) {
                                foreign.set(false);
                                scanner.found.set(None);
                                scanner.decode_photo(file);
                            }
                            input.set_value("");
                        } />
                </label>
                <Show when=move || scanner.torch_available.get()>
                    <button type="button" class="scan-action" aria-pressed=move || scanner.torch_on.get().to_string()
                        on:click=move |_| scanner.toggle_torch()>
                        <TorchIcon />
                        <span>{move || if scanner.torch_on.get() { "关闭手电筒" } else { "打开手电筒" }}</span>
                    </button>
                </Show>
            </div>
        </div>
    }
    .into_any()
}
