use serde::{Deserialize, Serialize};

/// `GET /api/wechat/js-config?url=…`: what `wx.config` takes for the page at `url`, and where
/// to load the JS-SDK from.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JsConfig {
    pub app_id: String,
    pub timestamp: i64,
    pub nonce_str: String,
    pub signature: String,
    pub sdk_url: String,
}
