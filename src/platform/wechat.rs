//! WeChat's own bridges: `WeixinJSBridge` in WeChat's browser (JSAPI pay) and
//! `wx.miniProgram` in a mini-program web-view (hand-over to the mini-program's pay page).

use cloudsign_contract::payment::JsapiParams;
use js_sys::{Function, Object, Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::time::sleep;

/// The WeChat JS-SDK, which provides `wx.miniProgram` inside a web-view.
const JS_SDK: &str = "https://res.wx.qq.com/open/js/jweixin-1.6.0.js";

/// What `getBrandWCPayRequest` reported. Only a hint: the result page asks the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BridgeOutcome {
    Ok,
    Cancelled,
    Failed(String),
}

fn window_property(name: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    Reflect::get(&window, &name.into())
        .ok()
        .filter(|value| !value.is_undefined() && !value.is_null())
}

/// `WeixinJSBridge`, waiting up to three seconds for WeChat to inject it.
async fn js_bridge() -> Option<JsValue> {
    for _ in 0..30 {
        if let Some(bridge) = window_property("WeixinJSBridge") {
            return Some(bridge);
        }
        sleep(100).await;
    }
    None
}

/// JSAPI pay: `WeixinJSBridge.invoke('getBrandWCPayRequest', params, callback)`.
pub async fn brand_pay(params: &JsapiParams) -> Result<BridgeOutcome, String> {
    let bridge = js_bridge()
        .await
        .ok_or_else(|| tr!("请在微信中打开后支付").to_owned())?;
    let invoke: Function = Reflect::get(&bridge, &"invoke".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| tr!("微信支付不可用").to_owned())?;
    let json = serde_json::to_string(params).map_err(|err| err.to_string())?;
    let args = js_sys::JSON::parse(&json).map_err(|_| tr!("支付参数有误").to_owned())?;
    let answer = Promise::new(&mut |resolve, _reject| {
        let callback = Closure::once_into_js(move |result: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &result);
        });
        let _ = invoke.call3(&bridge, &"getBrandWCPayRequest".into(), &args, &callback);
    });
    let result = JsFuture::from(answer)
        .await
        .map_err(|_| tr!("微信支付不可用").to_owned())?;
    let message = Reflect::get(&result, &"err_msg".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default();
    Ok(match message.as_str() {
        "get_brand_wcpay_request:ok" => BridgeOutcome::Ok,
        "get_brand_wcpay_request:cancel" => BridgeOutcome::Cancelled,
        _ => BridgeOutcome::Failed(message),
    })
}

async fn load_script(src: &str) -> Result<(), String> {
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or("no document")?;
    let script: web_sys::HtmlScriptElement = document
        .create_element("script")
        .map_err(|_| "script")?
        .unchecked_into();
    script.set_src(src);
    let loaded = Promise::new(&mut |resolve, reject| {
        script.set_onload(Some(resolve.unchecked_ref()));
        script.set_onerror(Some(reject.unchecked_ref()));
    });
    document
        .head()
        .ok_or("no head")?
        .append_child(&script)
        .map_err(|_| "script")?;
    JsFuture::from(loaded)
        .await
        .map(drop)
        .map_err(|_| tr!("微信组件加载失败，请检查网络").to_owned())
}

/// `wx.miniProgram`, loading the JS-SDK when the page does not have it yet.
async fn mini_program() -> Result<JsValue, String> {
    if window_property("wx").is_none() {
        load_script(JS_SDK).await?;
    }
    window_property("wx")
        .and_then(|wx| Reflect::get(&wx, &"miniProgram".into()).ok())
        .filter(|mp| !mp.is_undefined())
        .ok_or_else(|| tr!("请在小程序中打开").to_owned())
}

/// `wx.miniProgram.navigateTo({url})`: opens a page of the mini-program over the web-view.
pub async fn mini_program_navigate(url: &str) -> Result<(), String> {
    let mini_program = mini_program().await?;
    let navigate: Function = Reflect::get(&mini_program, &"navigateTo".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| tr!("小程序不支持跳转").to_owned())?;
    let options = Object::new();
    let done = Promise::new(&mut |resolve, reject| {
        let _ = Reflect::set(&options, &"url".into(), &url.into());
        let _ = Reflect::set(&options, &"success".into(), &resolve);
        let _ = Reflect::set(&options, &"fail".into(), &reject);
    });
    navigate
        .call1(&mini_program, &options)
        .map_err(|_| tr!("无法打开小程序支付页").to_owned())?;
    JsFuture::from(done)
        .await
        .map(drop)
        .map_err(|_| tr!("无法打开小程序支付页").to_owned())
}

/// The page's address as WeChat signs it (no fragment).
pub fn page_url() -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    Some(href.split('#').next().unwrap_or(&href).to_owned())
}

thread_local! {
    /// Where the app was entered. iOS's WeChat checks the JS-SDK signature against this URL
    /// for a single-page app, whatever the page is now.
    static LANDING_URL: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Remembers the landing URL (call once, at start).
pub fn remember_landing_url() {
    LANDING_URL.with(|landing| {
        if landing.borrow().is_none() {
            *landing.borrow_mut() = page_url();
        }
    });
}

pub fn landing_url() -> Option<String> {
    LANDING_URL.with(|landing| landing.borrow().clone())
}

fn wx_function(name: &str) -> Option<(JsValue, Function)> {
    let wx = window_property("wx")?;
    let function = Reflect::get(&wx, &name.into()).ok()?.dyn_into().ok()?;
    Some((wx, function))
}

/// `wx.config` with the server's signature, then `wx.ready` (Ok) or `wx.error` (Err), within
/// five seconds. The SDK is loaded from `config.sdk_url` first unless the page has `wx.config`.
pub async fn configure_js_sdk(
    config: &cloudsign_contract::wechat::JsConfig,
    apis: &[&str],
) -> Result<(), String> {
    if wx_function("config").is_none() {
        load_script(&config.sdk_url).await?;
    }
    let (wx, configure) = wx_function("config").ok_or(tr!("微信组件不可用"))?;
    let options = Object::new();
    let list = js_sys::Array::new();
    for api in apis {
        list.push(&(*api).into());
    }
    for (key, value) in [
        ("debug", JsValue::FALSE),
        ("appId", config.app_id.as_str().into()),
        ("timestamp", (config.timestamp as f64).into()),
        ("nonceStr", config.nonce_str.as_str().into()),
        ("signature", config.signature.as_str().into()),
        ("jsApiList", list.into()),
    ] {
        let _ = Reflect::set(&options, &key.into(), &value);
    }
    let settled = Promise::new(&mut |resolve, reject| {
        if let Some((_, ready)) = wx_function("ready") {
            let _ = ready.call1(&wx, &resolve);
        }
        if let Some((_, error)) = wx_function("error") {
            let _ = error.call1(&wx, &reject);
        }
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&reject, 5000);
        }
    });
    configure
        .call1(&wx, &options)
        .map_err(|_| tr!("微信组件配置失败").to_owned())?;
    JsFuture::from(settled)
        .await
        .map(drop)
        .map_err(|_| tr!("微信组件配置失败").to_owned())
}

/// `wx.scanQRCode({needResult: 1})`: WeChat's own scanner. The text read, or None when the
/// person closed the scanner.
pub async fn scan_qr_code() -> Result<Option<String>, String> {
    let (wx, scan) = wx_function("scanQRCode").ok_or(tr!("微信扫一扫不可用"))?;
    let options = Object::new();
    let _ = Reflect::set(&options, &"needResult".into(), &1.into());
    let scan_types = js_sys::Array::of1(&"qrCode".into());
    let _ = Reflect::set(&options, &"scanType".into(), &scan_types);
    let answer = Promise::new(&mut |resolve, _| {
        let _ = Reflect::set(&options, &"success".into(), &resolve);
        let _ = Reflect::set(&options, &"fail".into(), &resolve);
        let _ = Reflect::set(&options, &"cancel".into(), &resolve);
    });
    scan.call1(&wx, &options)
        .map_err(|_| tr!("微信扫一扫不可用").to_owned())?;
    let result = JsFuture::from(answer)
        .await
        .map_err(|_| tr!("微信扫一扫不可用").to_owned())?;
    let text = Reflect::get(&result, &"resultStr".into())
        .ok()
        .and_then(|text| text.as_string());
    let message = Reflect::get(&result, &"errMsg".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default();
    match text {
        Some(text) => Ok(Some(text)),
        None if message.contains("cancel") => Ok(None),
        None => Err(tr!("微信扫一扫未能读取二维码").to_owned()),
    }
}

/// `wx.updateAppMessageShareData`: the card a shared link shows in a chat.
pub fn share_card(title: &str, description: &str, link: &str, image: &str) {
    let Some((wx, update)) = wx_function("updateAppMessageShareData") else {
        return;
    };
    let card = Object::new();
    for (key, value) in [
        ("title", title),
        ("desc", description),
        ("link", link),
        ("imgUrl", image),
    ] {
        let _ = Reflect::set(&card, &key.into(), &value.into());
    }
    let _ = update.call1(&wx, &card);
}
