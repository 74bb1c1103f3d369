use cloudsign_contract::rules::Phone;

use super::Store;

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct UserRow {
    pub id: i64,
    pub org_id: String,
    pub phone: String,
    pub name: String,
    pub unit_name: String,
}

impl Store {
    pub async fn find_user(&self, org_id: &str, phone: &Phone) -> sqlx::Result<Option<UserRow>> {
        sqlx::query_as(
            "SELECT id, org_id, phone, name, unit_name FROM users WHERE org_id = ?1 AND phone = ?2",
        )
        .bind(org_id)
        .bind(phone.as_str())
        .fetch_optional(&self.pool)
        .await
    }
}
