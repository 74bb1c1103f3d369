use cloudsign_contract::{Org, OrgList};

use super::{ApiError, PublicApi};

impl PublicApi {
    /// The trading centres whose name or region contains `query` (all of them when empty).
    pub async fn search_orgs(&self, query: &str) -> Result<Vec<Org>, ApiError> {
        let list: OrgList = self.get("/orgs", &[("q", query)]).await?;
        Ok(list.orgs)
    }
}
