use cloudsign_contract::registration::{RegistrationStep, Role, ValidRegistrationForm};
use cloudsign_contract::rules::Phone;

use super::Store;

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct RegistrationRow {
    pub id: String,
    pub org_id: String,
    pub role: String,
    pub unit_name: String,
    pub name: String,
    pub phone: String,
    pub id_number: Option<String>,
    pub step: String,
}

impl RegistrationRow {
    pub fn step(&self) -> RegistrationStep {
        RegistrationStep::parse(&self.step).unwrap_or(RegistrationStep::Identity)
    }
}

const COLUMNS: &str = "id, org_id, role, unit_name, name, phone, id_number, step";

impl Store {
    pub async fn roles(&self) -> sqlx::Result<Vec<Role>> {
        on_db!(self, |pool| {
            let rows: Vec<(String, String)> =
                sqlx::query_as("SELECT code, name FROM roles ORDER BY sort_order")
                    .fetch_all(pool)
                    .await?;
            Ok(rows
                .into_iter()
                .map(|(code, name)| Role { code, name })
                .collect())
        })
    }

    pub async fn role_exists(&self, code: &str) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM roles WHERE code = $1)")
                .bind(code)
                .fetch_one(pool)
                .await
        })
    }

    pub async fn find_registration(&self, id: &str) -> sqlx::Result<Option<RegistrationRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM registrations WHERE id = $1"
            ))
            .bind(id)
            .fetch_optional(pool)
            .await
        })
    }

    /// The phone's registration with the organization that has not finished yet, if any.
    pub async fn open_registration(
        &self,
        org_id: &str,
        phone: &Phone,
    ) -> sqlx::Result<Option<RegistrationRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM registrations WHERE org_id = $1 AND phone = $2 AND step <> 'done'
                 ORDER BY created_at DESC LIMIT 1"
            ))
            .bind(org_id)
            .bind(phone.as_str())
            .fetch_optional(pool)
            .await
        })
    }

    pub async fn insert_registration(
        &self,
        id: &str,
        form: &ValidRegistrationForm,
        now: i64,
    ) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO registrations (id, org_id, role, unit_name, name, phone, step, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8)",
            )
            .bind(id)
            .bind(&form.org_id)
            .bind(&form.role)
            .bind(form.unit_name.as_str())
            .bind(form.name.as_str())
            .bind(form.phone.as_str())
            .bind(RegistrationStep::Identity.as_str())
            .bind(now)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// The form sent again for a registration that has not passed 实名认证: its fields replace
    /// the old ones and the person confirms their identity again. Nothing changes once the
    /// real-name check has passed (the condition is in the statement, not before it).
    pub async fn restart_registration(
        &self,
        id: &str,
        form: &ValidRegistrationForm,
        now: i64,
    ) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query("UPDATE registrations SET role = $2, unit_name = $3, name = $4, step = $5, updated_at = $6
                         WHERE id = $1 AND step IN ('identity', 'real_name')")
                .bind(id)
                .bind(&form.role)
                .bind(form.unit_name.as_str())
                .bind(form.name.as_str())
                .bind(RegistrationStep::Identity.as_str())
                .bind(now)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// 确认信息's ID number, which moves the registration to 实名认证; false (nothing written)
    /// once the real-name check has passed.
    pub async fn set_registration_identity(
        &self,
        id: &str,
        id_number: &str,
        now: i64,
    ) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let result = sqlx::query(
                "UPDATE registrations SET id_number = $2, step = 'real_name', updated_at = $3
                 WHERE id = $1 AND step IN ('identity', 'real_name')",
            )
            .bind(id)
            .bind(id_number)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    /// Claims the step 设置签署密码 for one request, which then has the certificate issued; a
    /// claim older than a minute is taken to have failed. False when another request holds it.
    pub async fn claim_registration_issuance(&self, id: &str, now: i64) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let claimed = sqlx::query(
                "UPDATE registrations SET issuing_since = $2
                 WHERE id = $1 AND step = 'password' AND (issuing_since IS NULL OR issuing_since < $2 - 60)",
            )
            .bind(id)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(claimed.rows_affected() == 1)
        })
    }

    /// Gives the claim back after a failure, so that the person can try again at once.
    pub async fn release_registration_issuance(&self, id: &str) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query("UPDATE registrations SET issuing_since = NULL WHERE id = $1")
                .bind(id)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// The person a finished registration made.
    pub async fn registration_user(&self, id: &str) -> sqlx::Result<Option<i64>> {
        on_db!(self, |pool| {
            let row: Option<(Option<i64>,)> =
                sqlx::query_as("SELECT user_id FROM registrations WHERE id = $1")
                    .bind(id)
                    .fetch_optional(pool)
                    .await?;
            Ok(row.and_then(|(user_id,)| user_id))
        })
    }
}
