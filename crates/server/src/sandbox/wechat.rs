//! The WeChat JS-SDK sandbox. The official account issues random jsapi_tickets (two hours), and
//! `/sandbox/wechat/jweixin.js` is a stand-in for WeChat's `jweixin` script:
//! - `wx.config` sends what it was given to `/sandbox/wechat/verify`, which recomputes the
//!   signature with the cached ticket for the page's URL, as WeChat's client does: a wrong
//!   signature fires `wx.error` ("config:invalid signature"), a right one `wx.ready`;
//! - `wx.scanQRCode({needResult: 1})` answers with the link of the newest sealing-client session
//!   still waiting for its scan (what the person's phone would see on the desktop's screen), or
//!   fails when there is none;
//! - `wx.updateAppMessageShareData` keeps its card in `window.__wxShare` for tests to read.
//!
//! Objects already on `window.wx` (a test's `wx.miniProgram`) are kept.

use async_trait::async_trait;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::AppState;
use crate::domain::registration::new_registration_id;
use crate::domain::wechat_js::signature;
use crate::providers::WeChatJsApi;
use crate::sandbox::wxpay::SANDBOX_APP_ID;

pub struct SandboxWeChat;

#[async_trait]
impl WeChatJsApi for SandboxWeChat {
    fn app_id(&self) -> &str {
        SANDBOX_APP_ID
    }
    fn sdk_url(&self) -> &str {
        "/sandbox/wechat/jweixin.js"
    }
    async fn fetch_jsapi_ticket(&self) -> anyhow::Result<(String, i64)> {
        Ok((format!("sandbox-ticket-{}", new_registration_id()), 7200))
    }
}

const SDK: &str = r#"(function () {
  var state = 'pending', ready = [], failed = [], failure = { errMsg: 'config:invalid signature' };
  function settle(ok) {
    state = ok ? 'ready' : 'error';
    (ok ? ready : failed).forEach(function (f) { ok ? f() : f(failure); });
  }
  var wx = window.wx || {};
  wx.config = function (c) {
    fetch('/sandbox/wechat/verify', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ appId: c.appId, timestamp: c.timestamp, nonceStr: c.nonceStr,
                             signature: c.signature, url: location.href.split('#')[0] })
    }).then(function (r) { return r.json(); }).then(function (v) { settle(v.ok); },
      function () { settle(false); });
  };
  wx.ready = function (f) { state === 'ready' ? f() : ready.push(f); };
  wx.error = function (f) { state === 'error' ? f(failure) : failed.push(f); };
  wx.scanQRCode = function (o) {
    fetch('/sandbox/wechat/scan').then(function (r) { return r.json(); }).then(function (v) {
      if (v.resultStr) { o.success && o.success({ resultStr: v.resultStr, errMsg: 'scanQRCode:ok' }); }
      else { o.fail && o.fail({ errMsg: 'scanQRCode:fail' }); }
    });
  };
  wx.updateAppMessageShareData = function (o) { window.__wxShare = o; o.success && o.success(); };
  window.wx = wx;
})();
"#;

pub async fn sdk() -> impl IntoResponse {
    (
        [(
            header::CONTENT_TYPE,
            "application/javascript; charset=utf-8",
        )],
        SDK,
    )
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ConfigToCheck {
    app_id: String,
    timestamp: i64,
    nonce_str: String,
    signature: String,
    url: String,
}

/// What WeChat's client checks before `wx.ready`: the app id, and the signature over the
/// ticket the official account holds now and the page's URL.
pub async fn verify(
    State(state): State<AppState>,
    Json(config): Json<ConfigToCheck>,
) -> Json<Value> {
    let ticket = state
        .store
        .wechat_credential(SANDBOX_APP_ID, "jsapi_ticket", state.clock.now())
        .await
        .ok()
        .flatten();
    let ok = config.app_id == SANDBOX_APP_ID
        && ticket.is_some_and(|ticket| {
            signature(&ticket, &config.nonce_str, config.timestamp, &config.url) == config.signature
        });
    Json(json!({ "ok": ok }))
}

/// What the phone's WeChat scanner reads: the newest waiting sealing-client QR code.
pub async fn scan(State(state): State<AppState>, headers: HeaderMap) -> Json<Value> {
    let token = state
        .store
        .newest_waiting_signing_token(state.clock.now())
        .await
        .ok()
        .flatten();
    // The link as the sealing client draws it into its QR code.
    Json(json!({
        "resultStr": token.map(|token| crate::routes::seal::qr_text(&state, &headers, &token)),
    }))
}
