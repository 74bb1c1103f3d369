use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use cloudsign_contract::OrgList;
use serde::Deserialize;

use crate::AppState;
use crate::domain::orgs::{OrgQuery, org_from_row};
use crate::error::ApiResult;
use crate::extract::Query;

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
    let rows = state
        .store
        .search_orgs(&OrgQuery::new(params.q.as_deref()))
        .await?;
    let default_fee = state.default_cert_fee();
    Ok(Json(OrgList {
        orgs: rows
            .into_iter()
            .map(|row| org_from_row(row, default_fee))
            .collect(),
    }))
}
