//! WeChat's official account over its HTTPS API, for the JS-SDK: the access token
//! (`cgi-bin/token`) and the jsapi_ticket (`cgi-bin/ticket/getticket`). WeChat limits how often
//! either may be fetched, so the access token is cached in the database (shared by every server
//! instance) until five minutes before it expires, as the ticket is by `services::wechat`.
//! WeChat also checks the server's address against the account's IP allow-list.

use std::sync::Arc;

use async_trait::async_trait;
use serde::Deserialize;

use crate::clock::Clock;
use crate::providers::WeChatJsApi;
use crate::store::Store;

/// WeChat's own address of the JS-SDK.
pub const JS_SDK_URL: &str = "https://res.wx.qq.com/open/js/jweixin-1.6.0.js";
/// A credential is fetched anew this long before it expires.
const MARGIN_SECS: i64 = 5 * 60;
/// WeChat's codes for an access token that is invalid or has expired early.
const TOKEN_REJECTED: [i64; 3] = [40001, 40014, 42001];

pub struct OfficialAccount {
    pub app_id: String,
    pub app_secret: String,
    /// `https://api.weixin.qq.com`; tests point it at a stand-in on this machine.
    pub api_base: String,
    pub store: Store,
    pub clock: Arc<dyn Clock>,
    pub http: reqwest::Client,
}

/// What both of WeChat's endpoints answer: the credential, or an error code.
#[derive(Deserialize)]
struct Answer {
    #[serde(default)]
    errcode: i64,
    #[serde(default)]
    errmsg: String,
    access_token: Option<String>,
    ticket: Option<String>,
    expires_in: Option<i64>,
}

impl OfficialAccount {
    async fn call(&self, path: &str, query: &[(&str, &str)]) -> anyhow::Result<Answer> {
        let answer: Answer = self
            .http
            .get(format!("{}{path}", self.api_base))
            .query(query)
            .timeout(std::time::Duration::from_secs(10))
            .send()
            .await?
            .error_for_status()?
            .json()
            .await?;
        Ok(answer)
    }

    /// The cached access token, or a fresh one.
    async fn access_token(&self) -> anyhow::Result<String> {
        let now = self.clock.now();
        if let Some(token) = self
            .store
            .wechat_credential(&self.app_id, "access_token", now + MARGIN_SECS)
            .await?
        {
            return Ok(token);
        }
        let answer = self
            .call(
                "/cgi-bin/token",
                &[
                    ("grant_type", "client_credential"),
                    ("appid", &self.app_id),
                    ("secret", &self.app_secret),
                ],
            )
            .await?;
        let (Some(token), Some(lasts)) = (answer.access_token, answer.expires_in) else {
            anyhow::bail!(
                "WeChat refused an access token: {} {}",
                answer.errcode,
                answer.errmsg
            );
        };
        self.store
            .save_wechat_credential(&self.app_id, "access_token", &token, now, now + lasts)
            .await?;
        Ok(token)
    }
}

#[async_trait]
impl WeChatJsApi for OfficialAccount {
    fn app_id(&self) -> &str {
        &self.app_id
    }

    fn sdk_url(&self) -> &str {
        JS_SDK_URL
    }

    async fn fetch_jsapi_ticket(&self) -> anyhow::Result<(String, i64)> {
        // Once more with a new token when WeChat says the cached one is no longer good.
        for _ in 0..2 {
            let token = self.access_token().await?;
            let answer = self
                .call(
                    "/cgi-bin/ticket/getticket",
                    &[("access_token", &token), ("type", "jsapi")],
                )
                .await?;
            if let (0, Some(ticket), Some(lasts)) =
                (answer.errcode, answer.ticket, answer.expires_in)
            {
                return Ok((ticket, lasts));
            }
            if !TOKEN_REJECTED.contains(&answer.errcode) {
                anyhow::bail!(
                    "WeChat refused a jsapi_ticket: {} {}",
                    answer.errcode,
                    answer.errmsg
                );
            }
            self.store
                .forget_wechat_credential(&self.app_id, "access_token")
                .await?;
        }
        anyhow::bail!("WeChat refused the access token twice")
    }
}
