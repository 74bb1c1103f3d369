use super::Store;
use crate::domain::orgs::OrgQuery;

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct OrgRow {
    pub id: String,
    pub name: String,
    pub region: String,
    pub cert_fee_fen: Option<i64>,
}

impl Store {
    pub async fn search_orgs(&self, query: &OrgQuery) -> sqlx::Result<Vec<OrgRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, name, region, cert_fee_fen FROM orgs
                 WHERE name LIKE $1 ESCAPE '\\' OR region LIKE $1 ESCAPE '\\'
                 ORDER BY sort_order, name",
            )
            .bind(query.like_pattern())
            .fetch_all(pool)
            .await
        })
    }

    pub async fn find_org(&self, id: &str) -> sqlx::Result<Option<OrgRow>> {
        on_db!(self, |pool| {
            sqlx::query_as("SELECT id, name, region, cert_fee_fen FROM orgs WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await
        })
    }
}
