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
        .ok_or_else(|| "请在微信中打开后支付".to_owned())?;
    let invoke: Function = Reflect::get(&bridge, &"invoke".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| "微信支付不可用".to_owned())?;
    let json = serde_json::to_string(params).map_err(|err| err.to_string())?;
    let args = js_sys::JSON::parse(&json).map_err(|_| "支付参数有误".to_owned())?;
    let answer = Promise::new(&mut |resolve, _reject| {
        let callback = Closure::once_into_js(move |result: JsValue| {
            let _ = resolve.call1(&JsValue::NULL, &result);
        });
        let _ = invoke.call3(&bridge, &"getBrandWCPayRequest".into(), &args, &callback);
    });
    let result = JsFuture::from(answer)
        .await
        .map_err(|_| "微信支付不可用".to_owned())?;
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
        .map_err(|_| "微信组件加载失败，请检查网络".to_owned())
}

/// `wx.miniProgram`, loading the JS-SDK when the page does not have it yet.
async fn mini_program() -> Result<JsValue, String> {
    if window_property("wx").is_none() {
        load_script(JS_SDK).await?;
    }
    window_property("wx")
        .and_then(|wx| Reflect::get(&wx, &"miniProgram".into()).ok())
        .filter(|mp| !mp.is_undefined())
        .ok_or_else(|| "请在小程序中打开".to_owned())
}

/// `wx.miniProgram.navigateTo({url})`: opens a page of the mini-program over the web-view.
pub async fn mini_program_navigate(url: &str) -> Result<(), String> {
    let mini_program = mini_program().await?;
    let navigate: Function = Reflect::get(&mini_program, &"navigateTo".into())
        .ok()
        .and_then(|f| f.dyn_into().ok())
        .ok_or_else(|| "小程序不支持跳转".to_owned())?;
    let options = Object::new();
    let done = Promise::new(&mut |resolve, reject| {
        let _ = Reflect::set(&options, &"url".into(), &url.into());
        let _ = Reflect::set(&options, &"success".into(), &resolve);
        let _ = Reflect::set(&options, &"fail".into(), &reject);
    });
    navigate
        .call1(&mini_program, &options)
        .map_err(|_| "无法打开小程序支付页".to_owned())?;
    JsFuture::from(done)
        .await
        .map(drop)
        .map_err(|_| "无法打开小程序支付页".to_owned())
}
