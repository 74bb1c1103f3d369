use cloudsign_contract::wechat::JsConfig;

use super::{ApiError, PublicApi};

impl PublicApi {
    /// `wx.config` for the page at `url`, signed by the server.
    pub async fn wechat_js_config(&self, url: &str) -> Result<JsConfig, ApiError> {
        self.get("/wechat/js-config", &[("url", url)]).await
    }
}
