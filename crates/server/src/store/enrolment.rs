//! The end of a registration: the person, their unit, password hash and certificate, at once.

use super::Store;
use super::certificates::{NewCertificate, insert_certificate};

/// What 设置签署密码 writes at once: the person, their password hash and certificate.
pub struct Enrolment<'a> {
    pub registration_id: &'a str,
    pub org_id: &'a str,
    pub phone: &'a str,
    pub name: &'a str,
    pub unit_name: &'a str,
    pub role: &'a str,
    pub password_hash: &'a str,
    pub certificate: NewCertificate<'a>,
    pub now: i64,
}

impl Store {
    /// Finishes a registration that stands at 设置签署密码: creates the person with their
    /// password hash and certificate. None when the registration had moved on (a second
    /// request), in which case nothing is written.
    pub async fn complete_registration(
        &self,
        enrolment: Enrolment<'_>,
    ) -> sqlx::Result<Option<i64>> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            let moved = sqlx::query(
                "UPDATE registrations SET step = 'done', updated_at = $2 WHERE id = $1 AND step = 'password'",
            )
            .bind(enrolment.registration_id)
            .bind(enrolment.now)
            .execute(&mut *tx)
            .await?;
            if moved.rows_affected() != 1 {
                return Ok(None);
            }
            let user_id: i64 = sqlx::query_scalar(
                "INSERT INTO users (org_id, phone, name, unit_name, created_at) VALUES ($1, $2, $3, $4, $5)
                 RETURNING id",
            )
            .bind(enrolment.org_id)
            .bind(enrolment.phone)
            .bind(enrolment.name)
            .bind(enrolment.unit_name)
            .bind(enrolment.now)
            .fetch_one(&mut *tx)
            .await?;
            sqlx::query(
                "INSERT INTO user_units (user_id, unit_name, role, created_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(user_id)
            .bind(enrolment.unit_name)
            .bind(enrolment.role)
            .bind(enrolment.now)
            .execute(&mut *tx)
            .await?;
            sqlx::query("UPDATE registrations SET user_id = $2 WHERE id = $1")
                .bind(enrolment.registration_id)
                .bind(user_id)
                .execute(&mut *tx)
                .await?;
            sqlx::query(
                "INSERT INTO credentials (user_id, password_hash, updated_at) VALUES ($1, $2, $3)",
            )
            .bind(user_id)
            .bind(enrolment.password_hash)
            .bind(enrolment.now)
            .execute(&mut *tx)
            .await?;
            insert_certificate!(&mut *tx, user_id, &enrolment.certificate, enrolment.now).await?;
            tx.commit().await?;
            Ok(Some(user_id))
        })
    }
}
