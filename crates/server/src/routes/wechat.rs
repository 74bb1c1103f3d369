use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use cloudsign_contract::wechat::JsConfig;
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::Query;
use crate::services::wechat;

pub fn router() -> Router<AppState> {
    Router::new().route("/wechat/js-config", get(js_config))
}

#[derive(Deserialize)]
pub(crate) struct PageQuery {
    url: String,
}

/// `wx.config` for the page at `url` (inside WeChat: the JS-SDK's scanner and share card).
#[utoipa::path(
    get,
    path = "/api/wechat/js-config",
    tag = "wechat",
    summary = "wx.config for a page of this app inside WeChat",
    params(("url" = String, Query)),
    responses((status = 200, body = JsConfig), crate::openapi::Failures)
)]
pub(crate) async fn js_config(
    State(state): State<AppState>,
    Query(query): Query<PageQuery>,
) -> ApiResult<JsConfig> {
    Ok(Json(wechat::js_config(&state, &query.url).await?))
}
