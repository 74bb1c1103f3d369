//! WeChat's JS-SDK for pages opened inside WeChat: the server signs `wx.config` for pages on
//! the official account's JS-safe domains, with a jsapi_ticket it caches (in the database, so
//! every instance shares it) until five minutes before it expires.

use cloudsign_contract::wechat::JsConfig;

use crate::AppState;
use crate::domain::registration::new_registration_id;
use crate::domain::wechat_js::{origin_allowed, origin_of, signature, signed_url};
use crate::error::AppError;

/// A ticket is fetched anew this long before it expires.
const TICKET_MARGIN_SECS: i64 = 5 * 60;

pub async fn js_config(state: &AppState, url: &str) -> Result<JsConfig, AppError> {
    let origin = origin_of(url).ok_or_else(|| AppError::BadRequest(tr!("页面地址不正确")))?;
    if !origin_allowed(
        &origin,
        &state.config.wechat_js_origins,
        state.config.sandbox,
    ) {
        return Err(AppError::BadRequest(tr!(
            "该页面地址不在公众号的JS接口安全域名内"
        )));
    }
    let ticket = jsapi_ticket(state).await?;
    let (timestamp, nonce_str) = (state.clock.now(), new_registration_id());
    Ok(JsConfig {
        app_id: state.wechat.app_id().to_owned(),
        signature: signature(&ticket, &nonce_str, timestamp, signed_url(url)),
        timestamp,
        nonce_str,
        sdk_url: state.wechat.sdk_url().to_owned(),
    })
}

/// The cached ticket, or a fresh one from WeChat.
pub async fn jsapi_ticket(state: &AppState) -> Result<String, AppError> {
    let now = state.clock.now();
    let app_id = state.wechat.app_id();
    if let Some(ticket) = state
        .store
        .wechat_credential(app_id, "jsapi_ticket", now + TICKET_MARGIN_SECS)
        .await?
    {
        return Ok(ticket);
    }
    let (ticket, lasts) = state.wechat.fetch_jsapi_ticket().await.map_err(|err| {
        tracing::warn!(error = %err, "fetching the WeChat jsapi_ticket failed");
        AppError::NotFound(tr!("微信接口暂不可用"))
    })?;
    state
        .store
        .save_wechat_credential(app_id, "jsapi_ticket", &ticket, now, now + lasts)
        .await?;
    Ok(ticket)
}
