//! Paying an order with WeChat Pay, in the shape of WeChat Pay API v3.

use serde::{Deserialize, Serialize};

/// How WeChat Pay is reached from where the app runs (product.md's environment matrix).
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum PayChannel {
    /// A phone browser or the installed app: WeChat's H5 cashier, then back to `redirect_url`.
    H5,
    /// WeChat's own browser: `WeixinJSBridge.invoke('getBrandWCPayRequest', …)`.
    Jsapi,
    /// A desktop browser: a QR code of `code_url`, paid from a phone.
    Native,
}

/// `POST /api/registrations/{id}/order/pay`
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StartPayment {
    pub channel: PayChannel,
    /// Where WeChat's 「返回商户」 leads (H5 only): the app's result page.
    pub redirect_url: Option<String>,
}

/// The parameters `getBrandWCPayRequest` takes, signed by the server.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "camelCase")]
pub struct JsapiParams {
    pub app_id: String,
    pub time_stamp: String,
    pub nonce_str: String,
    pub package: String,
    pub sign_type: String,
    pub pay_sign: String,
}

/// What the app does next to pay: exactly one of the fields is set, for the channel asked.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PaymentStart {
    pub channel: PayChannel,
    pub h5_url: Option<String>,
    pub jsapi: Option<JsapiParams>,
    pub code_url: Option<String>,
}
