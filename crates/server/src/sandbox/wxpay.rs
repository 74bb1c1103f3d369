//! The WeChat Pay sandbox: prepay for every channel, a cashier page under
//! `/sandbox/wxpay/cashier/{prepay_id}` with 「确认支付」 and 「取消支付」, a signed asynchronous
//! notification to the server's notify endpoint when paid, then 「返回商户」 to `redirect_url`.
//! Notifications are signed with HMAC-SHA256 under `SANDBOX_KEY` (WeChat uses its platform
//! certificate); the resource is sent in clear (WeChat encrypts it with AES-GCM).

use std::sync::Arc;

use async_trait::async_trait;
use axum::body::Body;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, Request};
use axum::response::Html;
use cloudsign_contract::Money;
use cloudsign_contract::payment::{JsapiParams, PayChannel, PaymentStart};
use serde_json::{Value, json};
use tower::ServiceExt;

use crate::AppState;
use crate::clock::Clock;
use crate::domain::payment_signature::{sign, verify};
use crate::domain::registration::new_registration_id;
use crate::domain::wechat_js::origin_of;
use crate::error::AppError;
use crate::providers::{
    CloseOutcome, PaidTransaction, PaymentProvider, PrepayRequest, SignedMessage,
};
use crate::sandbox::escape_html;
use crate::store::{SandboxPrepay, Store};

/// WeChat's H5 cashier takes the merchant's `redirect_url` as a query parameter of `h5_url`.
#[derive(serde::Deserialize, Default)]
pub struct CashierQuery {
    redirect_url: Option<String>,
}

impl CashierQuery {
    /// Where 「返回商户」 leads: the URL given to the cashier, else the one given at prepay.
    /// Only the merchant's own site, as WeChat allows only the registered H5 domain: a path, or
    /// an http(s) URL of the host the cashier was opened on (`host`, the Host header). Never a
    /// `javascript:` link or another site (an open redirect).
    fn back_url(&self, prepay: &SandboxPrepay, host: Option<&str>) -> Option<String> {
        let safe = |url: &String| is_own_site(url, host);
        self.redirect_url
            .clone()
            .filter(safe)
            .or_else(|| prepay.redirect_url.clone().filter(safe))
    }

    /// The same query, for the cashier's own forms.
    fn suffix(&self) -> String {
        match &self.redirect_url {
            Some(url) => format!(
                "?{}",
                form_urlencoded::Serializer::new(String::new())
                    .append_pair("redirect_url", url)
                    .finish()
            ),
            None => String::new(),
        }
    }
}

/// A path of this site, or an http(s) URL whose host is `host`.
fn is_own_site(url: &str, host: Option<&str>) -> bool {
    if url.starts_with('/') {
        return !url.starts_with("//") && !url.starts_with("/\\");
    }
    let authority = origin_of(url).and_then(|origin| {
        origin
            .split_once("://")
            .map(|(_, authority)| authority.to_owned())
    });
    matches!((authority, host), (Some(authority), Some(host)) if authority.eq_ignore_ascii_case(host))
}

/// The key shared by the sandbox and the server (a real merchant has its own).
pub const SANDBOX_KEY: &[u8] = b"cloudsign-sandbox-wxpay-key";
pub const SANDBOX_APP_ID: &str = "wx0000000000sandbox";
pub const MERCHANT_NAME: &str = "云签署（沙箱商户）";

pub struct SandboxWxPay {
    pub store: Store,
    pub clock: Arc<dyn Clock>,
}

#[async_trait]
impl PaymentProvider for SandboxWxPay {
    async fn prepay(&self, request: PrepayRequest<'_>) -> anyhow::Result<PaymentStart> {
        let prepay_id = format!("wx{}", new_registration_id());
        let channel = request.channel;
        let prepay = SandboxPrepay {
            prepay_id: prepay_id.clone(),
            order_no: request.order_no.to_owned(),
            amount_fen: request.amount_fen,
            channel: format!("{channel:?}").to_lowercase(),
            redirect_url: request.redirect_url.map(str::to_owned),
            status: "open".into(),
            transaction_id: None,
            expires_at: Some(request.expires_at),
        };
        let now = self.clock.now();
        self.store.insert_sandbox_prepay(&prepay, now).await?;
        let cashier = format!("/sandbox/wxpay/cashier/{prepay_id}");
        let mut start = PaymentStart {
            channel,
            h5_url: None,
            jsapi: None,
            code_url: None,
        };
        match channel {
            PayChannel::H5 => start.h5_url = Some(cashier),
            // A phone scanning the desktop's QR code opens the same cashier.
            PayChannel::Native => start.code_url = Some(cashier),
            PayChannel::Jsapi => {
                let (time_stamp, nonce_str, package) = (
                    now.to_string(),
                    new_registration_id(),
                    format!("prepay_id={prepay_id}"),
                );
                let message = format!("{SANDBOX_APP_ID}\n{time_stamp}\n{nonce_str}\n{package}\n");
                start.jsapi = Some(JsapiParams {
                    app_id: SANDBOX_APP_ID.into(),
                    pay_sign: sign(SANDBOX_KEY, "", "", &message),
                    time_stamp,
                    nonce_str,
                    package,
                    sign_type: "HMAC-SHA256".into(),
                });
            }
        }
        Ok(start)
    }

    async fn query(&self, order_no: &str) -> anyhow::Result<Option<PaidTransaction>> {
        Ok(self
            .store
            .sandbox_paid_prepay_for(order_no)
            .await?
            .map(|prepay| PaidTransaction {
                order_no: prepay.order_no,
                transaction_id: prepay.transaction_id.unwrap_or_default(),
                amount_fen: prepay.amount_fen,
            }))
    }

    /// As WeChat's close: the open prepays close, and an order that was paid answers
    /// ORDERPAID (here: the paid transaction) instead.
    async fn close(&self, order_no: &str) -> anyhow::Result<CloseOutcome> {
        self.store.close_sandbox_prepays(order_no).await?;
        Ok(match self.query(order_no).await? {
            Some(paid) => CloseOutcome::AlreadyPaid(paid),
            None => CloseOutcome::Closed,
        })
    }

    fn verify_notification(&self, message: SignedMessage<'_>) -> Option<PaidTransaction> {
        if !verify(
            SANDBOX_KEY,
            message.timestamp,
            message.nonce,
            message.body,
            message.signature,
        ) {
            return None;
        }
        let body: Value = serde_json::from_str(message.body).ok()?;
        let resource = &body["resource"];
        (body["event_type"] == "TRANSACTION.SUCCESS" && resource["trade_state"] == "SUCCESS").then(
            || PaidTransaction {
                order_no: resource["out_trade_no"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                transaction_id: resource["transaction_id"]
                    .as_str()
                    .unwrap_or_default()
                    .to_owned(),
                amount_fen: resource["amount"]["total"].as_i64().unwrap_or(-1),
            },
        )
    }
}

/// The notification WeChat would send for a paid transaction, signed: (headers, body).
pub fn signed_notification(
    transaction: &PaidTransaction,
    now: i64,
) -> ([(&'static str, String); 3], String) {
    let body = json!({
        "id": new_registration_id(),
        "event_type": "TRANSACTION.SUCCESS",
        "resource": {
            "out_trade_no": transaction.order_no,
            "transaction_id": transaction.transaction_id,
            "trade_state": "SUCCESS",
            "amount": { "total": transaction.amount_fen },
        },
    })
    .to_string();
    let (timestamp, nonce) = (now.to_string(), new_registration_id());
    let signature = sign(SANDBOX_KEY, &timestamp, &nonce, &body);
    (
        [
            ("Wechatpay-Timestamp", timestamp),
            ("Wechatpay-Nonce", nonce),
            ("Wechatpay-Signature", signature),
        ],
        body,
    )
}

fn page(title: &str, body: &str) -> Html<String> {
    Html(format!(
        r#"<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>{title}</title>
<style>body{{margin:0;font:16px/1.6 -apple-system,"PingFang SC","Noto Sans CJK SC",sans-serif;background:#ededed;color:#111}}
main{{max-width:480px;margin:0 auto;padding:32px 20px;text-align:center}}.amount{{font-size:40px;font-weight:600;margin:8px 0 24px}}
.muted{{color:#666;font-size:14px}}button,a.btn{{display:block;width:100%;box-sizing:border-box;margin:12px 0;padding:14px;border:0;border-radius:8px;font-size:17px;text-decoration:none}}
.pay{{background:#07c160;color:#fff}}.cancel{{background:#fff;color:#111}}.ok{{color:#07c160;font-size:22px;font-weight:600}}</style></head>
<body><main><p class="muted">微信支付 · 沙箱</p>{body}</main></body></html>"#
    ))
}

async fn prepay_or_404(state: &AppState, prepay_id: &str) -> Result<SandboxPrepay, AppError> {
    state
        .store
        .sandbox_prepay(prepay_id)
        .await?
        .ok_or_else(|| AppError::NotFound("支付单不存在".into()))
}

/// The cashier: merchant, amount, 「确认支付」 and 「取消支付」.
pub async fn cashier(
    State(state): State<AppState>,
    Path(prepay_id): Path<String>,
    Query(query): Query<CashierQuery>,
    headers: HeaderMap,
) -> Result<Html<String>, AppError> {
    let prepay = prepay_or_404(&state, &prepay_id).await?;
    let host = host_of(&headers);
    let amount = Money {
        fen: prepay.amount_fen.max(0) as u64,
    };
    let suffix = query.suffix();
    let back = query
        .back_url(&prepay, host)
        .as_deref()
        .map(|url| {
            format!(
                r#"<a class="btn cancel" href="{}">返回商户</a>"#,
                escape_html(url)
            )
        })
        .unwrap_or_default();
    let in_time = prepay
        .expires_at
        .is_none_or(|expires_at| state.clock.now() < expires_at);
    let body = match prepay.status.as_str() {
        "open" if in_time => format!(
            r#"<p>{MERCHANT_NAME}</p><p class="amount">{amount}</p><p class="muted">订单号 {}</p>
<form method="post" action="/sandbox/wxpay/cashier/{prepay_id}/pay{suffix}"><button class="pay" type="submit">确认支付</button></form>
<form method="post" action="/sandbox/wxpay/cashier/{prepay_id}/cancel{suffix}"><button class="cancel" type="submit">取消支付</button></form>"#,
            escape_html(&prepay.order_no)
        ),
        "paid" => format!(r#"<p class="ok">支付成功</p><p class="amount">{amount}</p>{back}"#),
        _ => format!(r#"<p>订单已关闭，无法支付</p>{back}"#),
    };
    Ok(page("微信支付", &body))
}

/// 「确认支付」: pays if the prepay is still open and in time (WeChat's own books: it knows the
/// order's `time_expire` and whether the merchant closed it, nothing else), then notifies the
/// server.
pub async fn pay(
    State(state): State<AppState>,
    Path(prepay_id): Path<String>,
    Query(query): Query<CashierQuery>,
    headers: HeaderMap,
) -> Result<Html<String>, AppError> {
    let prepay = prepay_or_404(&state, &prepay_id).await?;
    let now = state.clock.now();
    let transaction_id = format!("4200{}", &new_registration_id()[..24]);
    if state
        .store
        .pay_sandbox_prepay(&prepay_id, &transaction_id, now)
        .await?
    {
        let transaction = PaidTransaction {
            order_no: prepay.order_no.clone(),
            transaction_id,
            amount_fen: prepay.amount_fen,
        };
        // Asynchronous, as WeChat's: through the server's own notify endpoint, signature and all.
        let notify_state = state.clone();
        tokio::spawn(async move {
            let (headers, body) = signed_notification(&transaction, notify_state.clock.now());
            let mut request =
                Request::post("/api/pay/notify").header("content-type", "application/json");
            for (name, value) in headers {
                request = request.header(name, value);
            }
            match crate::app(notify_state)
                .oneshot(request.body(Body::from(body)).unwrap())
                .await
            {
                Ok(response) => {
                    tracing::info!(status = %response.status(), "sandbox WeChat Pay notified the server")
                }
                Err(never) => match never {},
            }
        });
    }
    cashier(State(state), Path(prepay_id), Query(query), headers).await
}

fn host_of(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(axum::http::header::HOST)
        .and_then(|value| value.to_str().ok())
}

/// 「取消支付」: the cashier closes; the order stays unpaid until it is paid or expires.
pub async fn cancel(
    State(state): State<AppState>,
    Path(prepay_id): Path<String>,
    Query(query): Query<CashierQuery>,
    headers: HeaderMap,
) -> Result<Html<String>, AppError> {
    let prepay = prepay_or_404(&state, &prepay_id).await?;
    let back = query
        .back_url(&prepay, host_of(&headers))
        .as_deref()
        .map(|url| {
            format!(
                r#"<a class="btn pay" href="{}">返回商户</a>"#,
                escape_html(url)
            )
        })
        .unwrap_or_default();
    Ok(page("微信支付", &format!(r#"<p>已取消支付</p>{back}"#)))
}

#[cfg(test)]
mod tests {
    use super::is_own_site;

    #[test]
    fn only_the_merchants_own_site_is_a_way_back() {
        let host = Some("qs.example:8080");
        assert!(is_own_site("/pay-result", host));
        assert!(is_own_site("http://qs.example:8080/pay-result?x=1", host));
        assert!(is_own_site("https://QS.example:8080/", host));
        assert!(!is_own_site("https://evil.example/pay-result", host));
        assert!(!is_own_site("https://qs.example:8080@evil.example/", host));
        assert!(!is_own_site("https://qs.example:8080.evil.example/", host));
        assert!(!is_own_site("//evil.example/", host));
        assert!(!is_own_site("javascript:alert(1)", host));
        assert!(!is_own_site("http://qs.example:8080/", None));
    }
}
