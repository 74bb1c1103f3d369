use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use cloudsign_contract::OrgList;
use serde::Deserialize;

use crate::AppState;
use crate::error::ApiResult;
use crate::extract::Query;
use crate::services::orgs;

pub fn router() -> Router<AppState> {
    Router::new().route("/orgs", get(search))
}

#[derive(Deserialize)]
pub(crate) struct SearchParams {
    q: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/orgs",
    tag = "registration",
    summary = "选择机构: organizations by name or region",
    params(("q" = Option<String>, Query)),
    responses((status = 200, body = OrgList), crate::openapi::Failures)
)]
pub(crate) async fn search(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> ApiResult<OrgList> {
    Ok(Json(orgs::search(&state, params.q.as_deref()).await?))
}
