use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::json;

use crate::AppState;
use crate::error::AppError;
use crate::providers::SignedMessage;
use crate::services::payments::{self, NotificationOutcome};

pub fn router() -> Router<AppState> {
    Router::new().route("/pay/notify", post(notify))
}

/// WeChat Pay's notification. Answered the way WeChat expects: 200 when taken, 401 with
/// `FAIL` when the signature does not hold or its timestamp is stale (WeChat then retries).
#[utoipa::path(
    post,
    path = "/api/pay/notify",
    tag = "payment",
    summary = "WeChat Pay's payment notification (signed by WeChat Pay; answered as it expects)",
    responses(
        (status = 200, description = "Taken", body = crate::openapi::WxPayAnswer),
        (status = 401, description = "The signature does not hold or is stale: WeChat Pay retries", body = crate::openapi::WxPayAnswer),
        crate::openapi::Failures
    )
)]
pub(crate) async fn notify(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: String,
) -> Result<Response, AppError> {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|value| value.to_str().ok())
            .unwrap_or("")
    };
    let message = SignedMessage {
        timestamp: header("wechatpay-timestamp"),
        nonce: header("wechatpay-nonce"),
        signature: header("wechatpay-signature"),
        body: &body,
    };
    Ok(
        match payments::handle_notification(&state, message).await? {
            NotificationOutcome::Accepted => {
                (StatusCode::OK, axum::Json(json!({"code": "SUCCESS"}))).into_response()
            }
            NotificationOutcome::BadSignature => (
                StatusCode::UNAUTHORIZED,
                axum::Json(json!({"code": "FAIL", "message": "签名错误"})),
            )
                .into_response(),
            NotificationOutcome::Stale => (
                StatusCode::UNAUTHORIZED,
                axum::Json(json!({"code": "FAIL", "message": "通知时间戳已过期"})),
            )
                .into_response(),
        },
    )
}
