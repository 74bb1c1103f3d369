use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use cloudsign_contract::auth::Me;

use crate::AppState;
use crate::error::{ApiResult, AppError};
use crate::extract::CurrentUser;
use crate::services::sessions;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me", get(me))
        .route("/session", delete(log_out))
}

/// The person logged in (首页, 我的).
async fn me(State(state): State<AppState>, current: CurrentUser) -> ApiResult<Me> {
    Ok(Json(sessions::me(&state, &current.user).await?))
}

/// 退出登录
async fn log_out(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<StatusCode, AppError> {
    sessions::close(&state, &current.token).await?;
    Ok(StatusCode::NO_CONTENT)
}
