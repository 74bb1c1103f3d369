use axum::extract::{DefaultBodyLimit, Path, State};
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
async fn start(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    JsonBody(request): JsonBody<StartPasswordReset>,
) -> ApiResult<PasswordResetStarted> {
    rate_limit::check(&state, Limited::PasswordReset, client).await?;
    Ok(Json(password_reset::start(&state, &request).await?))
}

async fn challenge(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<LivenessChallenge> {
    Ok(Json(password_reset::new_challenge(&state, &id).await?))
}

async fn liveness(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(submission): JsonBody<LivenessSubmission>,
) -> Result<StatusCode, AppError> {
    password_reset::submit_liveness(&state, &id, &submission).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn complete(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<SetSigningPassword>,
) -> ApiResult<Session> {
    Ok(Json(password_reset::complete(&state, &id, &request).await?))
}
