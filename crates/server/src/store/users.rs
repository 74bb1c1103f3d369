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
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT id, org_id, phone, name, unit_name FROM users WHERE org_id = $1 AND phone = $2",
            )
            .bind(org_id)
            .bind(phone.as_str())
            .fetch_optional(pool)
            .await
        })
    }
}

impl Store {
    pub async fn find_user_by_id(&self, id: i64) -> sqlx::Result<Option<UserRow>> {
        on_db!(self, |pool| {
            sqlx::query_as("SELECT id, org_id, phone, name, unit_name FROM users WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await
        })
    }
}

/// A person to add to an organization.
#[derive(Debug, Clone)]
pub struct NewUser<'a> {
    pub org_id: &'a str,
    pub phone: &'a Phone,
    pub name: &'a str,
    pub unit_name: &'a str,
    pub created_at: i64,
}

impl Store {
    pub async fn create_user(&self, user: NewUser<'_>) -> sqlx::Result<i64> {
        on_db!(self, |pool| {
            sqlx::query_scalar(
                "INSERT INTO users (org_id, phone, name, unit_name, created_at) VALUES ($1, $2, $3, $4, $5)
                 RETURNING id",
            )
            .bind(user.org_id)
            .bind(user.phone.as_str())
            .bind(user.name)
            .bind(user.unit_name)
            .bind(user.created_at)
            .fetch_one(pool)
            .await
        })
    }
}
