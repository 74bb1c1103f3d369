use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use cloudsign_contract::auth::{LoginRequest, LookupRequest, LookupResponse, Session};
use cloudsign_contract::rules::{Phone, mask_name};

use crate::AppState;
use crate::error::{ApiResult, AppError};
use crate::extract::Json as JsonBody;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/auth/lookup", post(lookup))
        .route("/auth/login", post(log_in))
}

/// The login page's first step: whose is this number, here?
async fn lookup(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<LookupRequest>,
) -> ApiResult<LookupResponse> {
    let phone =
        Phone::parse(&request.phone).map_err(|err| AppError::BadRequest(err.message().into()))?;
    let org = state
        .store
        .find_org(&request.org_id)
        .await?
        .ok_or_else(|| AppError::NotFound("机构不存在，请重新选择机构".into()))?;
    let user = state
        .store
        .find_user(&org.id, &phone)
        .await?
        .ok_or_else(|| AppError::NotRegistered(org.name.clone()))?;
    Ok(Json(LookupResponse {
        masked_name: mask_name(&user.name),
        unit_name: user.unit_name,
    }))
}

/// The login page's second step: the signing password opens a session.
async fn log_in(
    State(state): State<AppState>,
    JsonBody(request): JsonBody<LoginRequest>,
) -> ApiResult<Session> {
    Ok(Json(
        crate::services::sessions::log_in(&state, &request).await?,
    ))
}
