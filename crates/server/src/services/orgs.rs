//! 选择机构: the organizations, with their product and fee.

use cloudsign_contract::OrgList;

use crate::AppState;
use crate::domain::orgs::{OrgQuery, org_from_row};
use crate::error::AppError;

/// The organizations whose name or region contains `query` (all without one).
pub async fn search(state: &AppState, query: Option<&str>) -> Result<OrgList, AppError> {
    let rows = state.store.search_orgs(&OrgQuery::new(query)).await?;
    let default_fee = state.default_cert_fee();
    Ok(OrgList {
        orgs: rows
            .into_iter()
            .map(|row| org_from_row(row, default_fee))
            .collect(),
    })
}
