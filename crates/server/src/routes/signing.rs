use crate::extract::Path;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use cloudsign_contract::signing::{SignRequest, SigningRecords, SigningRequest, SigningResult};

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::{CurrentUser, Json as JsonBody};
use crate::services::signing;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/signing/records", get(records))
        .route("/signing/{token}", get(request))
        .route("/signing/{token}/sign", post(sign))
}

/// 签章确认: what a scanned code asks to sign.
#[utoipa::path(
    get,
    path = "/api/signing/{token}",
    tag = "signing",
    summary = "签章确认: what a scanned code asks to sign",
    params(("token" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = SigningRequest), crate::openapi::Failures)
)]
pub(crate) async fn request(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(token): Path<String>,
) -> ApiResult<SigningRequest> {
    Ok(Json(signing::request(&state, &current.user, &token).await?))
}

/// 「签署」 with the signing password.
#[utoipa::path(
    post,
    path = "/api/signing/{token}/sign",
    tag = "signing",
    summary = "确认签署 with the signing password",
    request_body = SignRequest,
    params(("token" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = SigningResult), crate::openapi::Failures)
)]
pub(crate) async fn sign(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(token): Path<String>,
    JsonBody(body): JsonBody<SignRequest>,
) -> ApiResult<SigningResult> {
    Ok(Json(
        signing::sign(&state, &current.user, &token, &body.password).await?,
    ))
}

/// 签署记录
#[utoipa::path(
    get,
    path = "/api/signing/records",
    tag = "signing",
    summary = "签署记录",
    security(("bearer" = [])),
    responses((status = 200, body = SigningRecords), crate::openapi::Failures)
)]
pub(crate) async fn records(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<SigningRecords> {
    Ok(Json(signing::records(&state, &current.user).await?))
}
