use cloudsign_contract::signing::signing_token;
use leptos::html::Video;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

use crate::api::PublicApi;
use crate::components::icons::{AlbumIcon, TorchIcon};
use crate::components::{Button, NavBar};
use crate::platform::env;
use crate::platform::navigation::origin;
use crate::platform::scanner::use_qr_scanner;
use crate::platform::wechat::scan_qr_code;
use crate::routes::Page;

/// 扫一扫: reads the sealing client's QR code and opens 签章确认 for it. Inside WeChat with
/// WeChat's own scanner (it opens at once, no permission prompt); elsewhere, or when WeChat's
/// JS-SDK cannot be configured, with the rear camera in the page (or from a photo). Any other
/// QR code is named as such and scanning goes on.
#[component]
pub fn Scan() -> impl IntoView {
    let in_page = RwSignal::new(!env::current().is_wechat());
    view! {
        <NavBar title=tr!("扫一扫") back=Some(Page::Home) />
        {move || if in_page.get() {
            view! { <CameraScan /> }.into_any()
        } else {
            view! { <WechatScan on_fallback=Callback::new(move |_| in_page.set(true)) /> }.into_any()
        }}
    }
}

/// Where a scanned text leads: 签章确认 for a signing link of this app, else None.
fn sign_page_for(text: &str) -> Option<String> {
    let origin = origin().unwrap_or_default();
    signing_token(text, &origin).map(Page::sign_link)
}

/// What WeChat's scanner came back with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum WechatScanState {
    Opening,
    /// The person closed it.
    Closed,
    /// Not a signing link of this app.
    Foreign,
}

/// WeChat's `wx.scanQRCode`; `on_fallback` when the JS-SDK or the scanner is not available.
#[component]
fn WechatScan(on_fallback: Callback<()>) -> impl IntoView {
    let api = expect_context::<PublicApi>();
    let navigate = use_navigate();
    let state = RwSignal::new(WechatScanState::Opening);
    let configured = StoredValue::new(false);
    let scan = Action::new_local(move |_: &()| {
        let navigate = navigate.clone();
        async move {
            state.set(WechatScanState::Opening);
            if !configured.get_value() {
                if crate::wechat::js_sdk(api).await.is_err() {
                    return on_fallback.run(());
                }
                configured.set_value(true);
            }
            match scan_qr_code().await {
                Ok(Some(text)) => match sign_page_for(&text) {
                    Some(page) => navigate(&page, Default::default()),
                    None => state.set(WechatScanState::Foreign),
                },
                Ok(None) => state.set(WechatScanState::Closed),
                Err(_) => on_fallback.run(()),
            }
        }
    });
    scan.dispatch(());
    view! {
        <div class="page scan scan-wechat">
            {move || match state.get() {
                WechatScanState::Opening => view! {
                    <p class="empty-text" role="status">{tr!("正在打开微信扫一扫…")}</p>
                }.into_any(),
                WechatScanState::Closed => view! {
                    <p class="empty-text">{tr!("扫描电脑端信鉴易印「扫码印章」显示的二维码即可签署。")}</p>
                }.into_any(),
                WechatScanState::Foreign => view! {
                    <div class="notice notice-warn" role="alert">
                        <p class="notice-title">{tr!("不是云签署的签署二维码")}</p>
                        <p>{tr!("请扫描电脑端信鉴易印「扫码印章」显示的二维码。")}</p>
                    </div>
                }.into_any(),
            }}
            <Show when=move || state.get() != WechatScanState::Opening>
                <Button label=tr!("微信扫一扫") on_click=Callback::new(move |_| { scan.dispatch(()); }) />
                <Button label=tr!("使用页面扫码") secondary=true on_click=on_fallback />
            </Show>
        </div>
    }
}

/// The rear camera in the page, its frames read by the decoder's worker; 相册 and the torch.
#[component]
fn CameraScan() -> impl IntoView {
    let video = NodeRef::<Video>::new();
    let scanner = use_qr_scanner(video);
    let navigate = use_navigate();
    let foreign = RwSignal::new(false);
    Effect::new(move || {
        let Some(text) = scanner.found.get() else {
            return;
        };
        match sign_page_for(&text) {
            Some(page) => navigate(&page, Default::default()),
            None => foreign.set(true),
        }
    });
    let scan_again = move |_| {
        foreign.set(false);
        scanner.found.set(None);
    };

    view! {
        <div class="page scan">
            <div class="scan-view">
                <video node_ref=video class="scan-video" autoplay=true playsinline=true muted=true></video>
                <div class="scan-frame" aria-hidden="true"><span class="scan-line"></span></div>
                <p class="scan-hint">
                    {move || if scanner.scanning.get() {
                        {tr!("将电脑端信鉴易印「扫码印章」的二维码放入框内，即可自动扫描")}
                    } else if scanner.camera_error.with(Option::is_some) {
                        {tr!("摄像头不可用")}
                    } else {
                        {tr!("正在打开摄像头…")}
                    }}
                </p>
            </div>
            {move || scanner.camera_error.get().map(|message| view! {
                <div class="notice notice-warn" role="alert">
                    <p>{message}</p>
                    <p class="notice-hint">{tr!("也可以点击「相册」，选择二维码截图或照片。")}</p>
                </div>
            })}
            <Show when=move || foreign.get()>
                <div class="notice notice-warn" role="alert">
                    <p class="notice-title">{tr!("不是云签署的签署二维码")}</p>
                    <p>{tr!("请扫描电脑端信鉴易印「扫码印章」显示的二维码。")}</p>
                    <button type="button" class="btn btn-secondary" on:click=scan_again>{tr!("继续扫描")}</button>
                </div>
            </Show>
            <Show when=move || scanner.photo_unreadable.get()>
                <p class="notice notice-warn" role="alert">{tr!("未识别到二维码，请换一张清晰的照片")}</p>
            </Show>
            <div class="scan-actions">
                <label class="scan-action">
                    <AlbumIcon />
                    <span>{tr!("相册")}</span>
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
                        <span>{move || if scanner.torch_on.get() { tr!("关闭手电筒") } else { tr!("打开手电筒") }}</span>
                    </button>
                </Show>
            </div>
        </div>
    }
    .into_any()
}
