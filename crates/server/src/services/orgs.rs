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

/// An organization's name. Organizations are configuration (written by migrations only), so an
/// instance reads each name once and keeps it: `/api/me` is then one query, not two.
pub async fn name(state: &AppState, org_id: &str) -> Result<String, AppError> {
    if let Some(name) = state.org_names.read().expect("not poisoned").get(org_id) {
        return Ok(name.clone());
    }
    let name = state
        .store
        .find_org(org_id)
        .await?
        .map(|org| org.name)
        .unwrap_or_default();
    if !name.is_empty() {
        state
            .org_names
            .write()
            .expect("not poisoned")
            .insert(org_id.to_owned(), name.clone());
    }
    Ok(name)
}
