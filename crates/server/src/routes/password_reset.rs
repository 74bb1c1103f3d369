use crate::extract::Path;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::{post, put};
use axum::{Json, Router};
use cloudsign_contract::account::{PasswordResetStarted, StartPasswordReset};
use cloudsign_contract::auth::Session;
use cloudsign_contract::real_name::{LivenessChallenge, LivenessSubmission};
use cloudsign_contract::registration::SetSigningPassword;

use crate::AppState;
use crate::domain::rate_limit::Limited;
use crate::error::{ApiResult, AppError};
use crate::extract::{ClientAddress, Json as JsonBody};
use crate::services::{password_reset, rate_limit};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/password-reset", post(start))
        .route("/password-reset/{id}/challenge", post(challenge))
        .route(
            "/password-reset/{id}/liveness",
            post(liveness).layer(DefaultBodyLimit::max(8 * 1024 * 1024)),
        )
        .route("/password-reset/{id}/password", put(complete))
}

/// 重置签署密码: the SMS code.
#[utoipa::path(
    post,
    path = "/api/password-reset",
    tag = "password-reset",
    summary = "重置签署密码: phone and code start a reset",
    request_body = StartPasswordReset,
    responses((status = 200, body = PasswordResetStarted), crate::openapi::Failures)
)]
pub(crate) async fn start(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    JsonBody(request): JsonBody<StartPasswordReset>,
) -> ApiResult<PasswordResetStarted> {
    rate_limit::check(&state, Limited::PasswordReset, client).await?;
    Ok(Json(password_reset::start(&state, &request).await?))
}

#[utoipa::path(
    post,
    path = "/api/password-reset/{id}/challenge",
    tag = "password-reset",
    summary = "The liveness prompts",
    params(("id" = String, Path)),
    responses((status = 200, body = LivenessChallenge), crate::openapi::Failures)
)]
pub(crate) async fn challenge(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<LivenessChallenge> {
    Ok(Json(password_reset::new_challenge(&state, &id).await?))
}

#[utoipa::path(
    post,
    path = "/api/password-reset/{id}/liveness",
    tag = "password-reset",
    summary = "刷脸认证 against the registered face",
    request_body = LivenessSubmission,
    params(("id" = String, Path)),
    responses((status = 204, description = "Done"), crate::openapi::Failures)
)]
pub(crate) async fn liveness(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(submission): JsonBody<LivenessSubmission>,
) -> Result<StatusCode, AppError> {
    password_reset::submit_liveness(&state, &id, &submission).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(
    put,
    path = "/api/password-reset/{id}/password",
    tag = "password-reset",
    summary = "The new password: a new certificate, the old one revoked",
    request_body = SetSigningPassword,
    params(("id" = String, Path)),
    responses((status = 200, body = Session), crate::openapi::Failures)
)]
pub(crate) async fn complete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<SetSigningPassword>,
) -> ApiResult<Session> {
    Ok(Json(password_reset::complete(&state, &id, &request).await?))
}
