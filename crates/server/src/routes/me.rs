use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloudsign_contract::auth::Me;
use cloudsign_contract::handwriting::{SaveSignature, SavedSignature};

use crate::AppState;
use crate::domain::handwriting::{check_png, check_svg};
use crate::error::{ApiResult, AppError};
use crate::extract::{CurrentUser, Json as JsonBody};
use crate::services::sessions;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me", get(me))
        .route(
            "/me/signature",
            get(signature)
                .put(save_signature)
                .layer(DefaultBodyLimit::max(2 * 1024 * 1024)),
        )
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

/// 我的签名: the saved handwritten signature.
async fn signature(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<SavedSignature> {
    let row = state
        .store
        .signature(current.user.id)
        .await?
        .ok_or_else(|| AppError::NotFound("尚未录入签名".into()))?;
    Ok(Json(SavedSignature {
        png: STANDARD.encode(&row.png),
        svg: row.svg,
        width: row.width.max(0) as u32,
        height: row.height.max(0) as u32,
        updated_at: row.updated_at,
    }))
}

/// The pad's 「√」: checked again here, whatever the app checked.
async fn save_signature(
    State(state): State<AppState>,
    current: CurrentUser,
    JsonBody(body): JsonBody<SaveSignature>,
) -> ApiResult<SavedSignature> {
    let png = STANDARD
        .decode(body.png.trim())
        .map_err(|_| AppError::BadRequest("签名图片格式不正确".into()))?;
    let size = check_png(&png).map_err(|message| AppError::BadRequest(message.into()))?;
    check_svg(&body.svg).map_err(|message| AppError::BadRequest(message.into()))?;
    state
        .store
        .save_signature(current.user.id, &png, &body.svg, size, state.clock.now())
        .await?;
    signature(State(state), current).await
}
