use axum::extract::State;
use axum::routing::post;
use axum::{Json, Router};
use cloudsign_contract::auth::{LoginRequest, LookupRequest, LookupResponse, Session};
use cloudsign_contract::rules::mask_name;

use crate::AppState;
use crate::error::ApiResult;
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
    let user =
        crate::services::sessions::find_person(&state, &request.org_id, &request.phone).await?;
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
