use axum::extract::{Path, State};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use cloudsign_contract::registration::{
    ConfirmIdentity, CreateRegistration, RegistrationState, RoleList,
};

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::Json as JsonBody;
use crate::services::registration;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/roles", get(roles))
        .route("/registrations", post(create))
        .route("/registrations/{id}", get(load))
        .route("/registrations/{id}/identity", put(confirm_identity))
}

/// 用户角色 for the 注册 form.
async fn roles(State(state): State<AppState>) -> ApiResult<RoleList> {
    Ok(Json(RoleList {
        roles: state.store.roles().await?,
    }))
}

async fn create(
    State(state): State<AppState>,
    JsonBody(form): JsonBody<CreateRegistration>,
) -> ApiResult<RegistrationState> {
    Ok(Json(registration::create(&state, &form).await?))
}

async fn load(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<RegistrationState> {
    Ok(Json(registration::load(&state, &id).await?))
}

async fn confirm_identity(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ConfirmIdentity>,
) -> ApiResult<RegistrationState> {
    Ok(Json(
        registration::confirm_identity(&state, &id, &body.id_number).await?,
    ))
}
