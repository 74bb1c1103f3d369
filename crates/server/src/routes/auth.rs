use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use cloudsign_contract::auth::{LoginRequest, LookupRequest, LookupResponse, Session};
use cloudsign_contract::rules::mask_name;

use crate::AppState;
use crate::domain::rate_limit::Limited;
use crate::error::ApiResult;
use crate::extract::{ClientAddress, Json as JsonBody};
use crate::services::rate_limit;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/lookup", post(lookup))
        .route("/auth/login", post(log_in))
}

/// The login page's first step: whose is this number, here?
#[utoipa::path(
    post,
    path = "/api/auth/lookup",
    tag = "auth",
    summary = "登录 step 1: whose is this number at this organization (masked name and unit)",
    request_body = LookupRequest,
    responses((status = 200, body = LookupResponse), crate::openapi::Failures)
)]
pub(crate) async fn lookup(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    JsonBody(request): JsonBody<LookupRequest>,
) -> ApiResult<LookupResponse> {
    rate_limit::check(&state, Limited::Lookup, client).await?;
    let user =
        crate::services::sessions::find_person(&state, &request.org_id, &request.phone).await?;
    Ok(Json(LookupResponse {
        masked_name: mask_name(&user.name),
        unit_name: user.unit_name,
    }))
}

/// The login page's second step: the signing password opens a session.
#[utoipa::path(
    post,
    path = "/api/auth/login",
    tag = "auth",
    summary = "登录 step 2: the signing password opens a session",
    request_body = LoginRequest,
    responses((status = 200, body = Session), crate::openapi::Failures)
)]
pub(crate) async fn log_in(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    JsonBody(request): JsonBody<LoginRequest>,
) -> ApiResult<Session> {
    rate_limit::check(&state, Limited::Login, client).await?;
    Ok(Json(
        crate::services::sessions::log_in(&state, &request).await?,
    ))
}
