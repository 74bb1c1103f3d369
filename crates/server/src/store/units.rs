use super::Store;

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct UnitRow {
    pub id: i64,
    pub unit_name: String,
    pub role: String,
    pub role_name: String,
}

impl Store {
    pub async fn units(&self, user_id: i64) -> sqlx::Result<Vec<UnitRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT user_units.id, user_units.unit_name, user_units.role, roles.name AS role_name
                 FROM user_units JOIN roles ON roles.code = user_units.role
                 WHERE user_units.user_id = $1 ORDER BY user_units.id",
            )
            .bind(user_id)
            .fetch_all(pool)
            .await
        })
    }

    /// Adds a unit; false when the person has one of that name already.
    pub async fn add_unit(
        &self,
        user_id: i64,
        name: &str,
        role: &str,
        now: i64,
    ) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let result = sqlx::query(
                "INSERT INTO user_units (user_id, unit_name, role, created_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT DO NOTHING",
            )
            .bind(user_id)
            .bind(name)
            .bind(role)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    /// Makes one of the person's units the current one; false when it is not theirs.
    pub async fn switch_unit(&self, user_id: i64, unit_id: i64) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let result = sqlx::query(
                "UPDATE users SET unit_name = (SELECT unit_name FROM user_units WHERE id = $2 AND user_id = $1)
                 WHERE id = $1 AND EXISTS (SELECT 1 FROM user_units WHERE id = $2 AND user_id = $1)",
            )
            .bind(user_id)
            .bind(unit_id)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }
}
