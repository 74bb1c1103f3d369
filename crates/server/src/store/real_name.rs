use cloudsign_contract::real_name::IdCardSide;
use cloudsign_contract::registration::RegistrationStep;

use super::Store;

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct ChallengeRow {
    pub id: String,
    pub registration_id: String,
    pub prompts: String,
    pub created_at: i64,
    pub used_at: Option<i64>,
}

/// Where a photo was stored and what it is.
pub struct StoredPhoto<'a> {
    pub registration_id: &'a str,
    pub side: IdCardSide,
    pub path: &'a str,
    pub width: u32,
    pub height: u32,
    pub bytes: u64,
}

impl Store {
    pub async fn save_id_photo(&self, photo: StoredPhoto<'_>, now: i64) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO id_photos (registration_id, side, path, width, height, bytes, uploaded_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
             ON CONFLICT (registration_id, side) DO UPDATE SET
               path = excluded.path, width = excluded.width, height = excluded.height,
               bytes = excluded.bytes, uploaded_at = excluded.uploaded_at",
        )
        .bind(photo.registration_id)
        .bind(photo.side.as_str())
        .bind(photo.path)
        .bind(photo.width)
        .bind(photo.height)
        .bind(photo.bytes as i64)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The stored path of a side's photo.
    pub async fn id_photo_path(
        &self,
        registration_id: &str,
        side: IdCardSide,
    ) -> sqlx::Result<Option<String>> {
        let row: Option<(String,)> =
            sqlx::query_as("SELECT path FROM id_photos WHERE registration_id = ?1 AND side = ?2")
                .bind(registration_id)
                .bind(side.as_str())
                .fetch_optional(&self.pool)
                .await?;
        Ok(row.map(|(path,)| path))
    }

    pub async fn insert_challenge(
        &self,
        id: &str,
        registration_id: &str,
        prompts: &str,
        now: i64,
    ) -> sqlx::Result<()> {
        sqlx::query("INSERT INTO liveness_challenges (id, registration_id, prompts, created_at) VALUES (?1, ?2, ?3, ?4)")
            .bind(id)
            .bind(registration_id)
            .bind(prompts)
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    pub async fn find_challenge(&self, id: &str) -> sqlx::Result<Option<ChallengeRow>> {
        sqlx::query_as("SELECT id, registration_id, prompts, created_at, used_at FROM liveness_challenges WHERE id = ?1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await
    }

    /// Marks the challenge answered; false when it was answered already.
    pub async fn use_challenge(&self, id: &str, now: i64) -> sqlx::Result<bool> {
        let result = sqlx::query(
            "UPDATE liveness_challenges SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    pub async fn set_registration_step(
        &self,
        id: &str,
        step: RegistrationStep,
        now: i64,
    ) -> sqlx::Result<()> {
        sqlx::query("UPDATE registrations SET step = ?2, updated_at = ?3 WHERE id = ?1")
            .bind(id)
            .bind(step.as_str())
            .bind(now)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
