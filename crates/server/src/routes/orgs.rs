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
struct SearchParams {
    q: Option<String>,
}

async fn search(
    State(state): State<AppState>,
    Query(params): Query<SearchParams>,
) -> ApiResult<OrgList> {
    Ok(Json(orgs::search(&state, params.q.as_deref()).await?))
}
