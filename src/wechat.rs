//! Inside WeChat (its browser, or a mini-program's web-view): the JS-SDK, configured with the
//! server's signature, for WeChat's own scanner and the share card. Anything that fails here
//! leaves the app working as in any browser (its own scanner, a bare link).

use leptos::prelude::*;

use crate::api::PublicApi;
use crate::platform::{env, navigation, wechat};

/// The JS APIs the app uses.
const APIS: [&str; 2] = ["scanQRCode", "updateAppMessageShareData"];

/// Configures the JS-SDK for this page (or, as iOS's WeChat wants for single-page apps, for
/// the page the app was entered at).
pub async fn js_sdk(api: PublicApi) -> Result<(), String> {
    let here = wechat::page_url().ok_or(tr!("页面地址不可用"))?;
    let mut urls = vec![here];
    if let Some(landing) = wechat::landing_url().filter(|landing| *landing != urls[0]) {
        urls.push(landing);
    }
    let mut last_error = String::new();
    for url in urls {
        match api.wechat_js_config(&url).await {
            Ok(config) => match wechat::configure_js_sdk(&config, &APIS).await {
                Ok(()) => return Ok(()),
                Err(message) => last_error = message,
            },
            Err(err) => last_error = err.message(),
        }
    }
    Err(last_error)
}

/// At start, in WeChat: a link shared from the app shows as a card with the app's name, what it
/// is for, and its icon. The JS-SDK's code is in a chunk that only WeChat fetches
/// (`chunks::extras`); the landing address is remembered at once, as the SDK's signature needs.
pub fn offer_share_card() {
    if !env::current().is_wechat() {
        return;
    }
    wechat::remember_landing_url();
    let api = expect_context::<PublicApi>();
    leptos::task::spawn_local(async move {
        if crate::chunks::extras::preload_wechat().await.is_ok() {
            let _ = crate::chunks::ready(crate::chunks::extras::share_card(api));
        }
    });
}

/// The share card, once the JS-SDK is configured (the body of `offer_share_card`).
pub(crate) fn share_card_after_the_sdk(api: PublicApi) {
    leptos::task::spawn_local(async move {
        if js_sdk(api).await.is_err() {
            return;
        }
        let origin = navigation::origin().unwrap_or_default();
        wechat::share_card(
            &tr!("云签署"),
            &tr!("惠州市公共资源交易中心个人移动证书：手机申请证书，扫码签署投标文件"),
            &format!("{origin}/"),
            &format!("{origin}/icons/icon-192.png"),
        );
    });
}
