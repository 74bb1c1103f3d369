use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use cloudsign_contract::rules::Phone;
use cloudsign_contract::sms::{SendSmsRequest, SmsCooldown};
use serde::Deserialize;

use crate::AppState;
use crate::domain::rate_limit::Limited;
use crate::error::{ApiResult, AppError};
use crate::extract::{ClientAddress, Json as JsonBody, Query};
use crate::services::rate_limit;
use crate::services::sms::{self, SendRefused};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sms/send", post(send))
        .route("/sms/cooldown", get(cooldown))
}

fn parse_phone(text: &str) -> Result<Phone, AppError> {
    Phone::parse(text).map_err(|err| AppError::BadRequest(err.message()))
}

/// 「获取验证码」
#[utoipa::path(
    post,
    path = "/api/sms/send",
    tag = "sms",
    summary = "获取验证码",
    request_body = SendSmsRequest,
    responses((status = 200, body = SmsCooldown), crate::openapi::Failures)
)]
pub(crate) async fn send(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    JsonBody(request): JsonBody<SendSmsRequest>,
) -> ApiResult<SmsCooldown> {
    let phone = parse_phone(&request.phone)?;
    rate_limit::check(&state, Limited::SmsSend, client).await?;
    match sms::send_code(&state, &phone, request.purpose).await {
        Ok(resend_after_secs) => Ok(Json(SmsCooldown { resend_after_secs })),
        Err(SendRefused::Wait(seconds)) => Err(AppError::TooManyRequests(tr!(
            "发送过于频繁，请%{seconds}秒后再试",
            seconds = seconds
        ))),
        Err(SendRefused::DailyCap) => Err(AppError::TooManyRequests(tr!(
            "今日获取验证码次数已达上限，请明天再试"
        ))),
        Err(SendRefused::Failed(err)) => {
            Err(AppError::Internal(err.context("sending an SMS code")))
        }
    }
}

#[derive(Deserialize)]
pub(crate) struct CooldownQuery {
    phone: String,
}

/// How long 「获取验证码」 still counts down: the server's word, so a reload keeps it.
#[utoipa::path(
    get,
    path = "/api/sms/cooldown",
    tag = "sms",
    summary = "How long 获取验证码 still counts down",
    params(("phone" = String, Query)),
    responses((status = 200, body = SmsCooldown), crate::openapi::Failures)
)]
pub(crate) async fn cooldown(
    State(state): State<AppState>,
    Query(query): Query<CooldownQuery>,
) -> ApiResult<SmsCooldown> {
    let phone = parse_phone(&query.phone)?;
    Ok(Json(SmsCooldown {
        resend_after_secs: sms::cooldown(&state, &phone).await?,
    }))
}
