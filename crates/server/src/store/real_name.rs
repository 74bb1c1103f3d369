use cloudsign_contract::real_name::IdCardSide;

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
    /// Hex SHA-256 of the photo: what remains of it once the verdict is stored.
    pub sha256: &'a str,
}

/// A verdict of the real-name service, with hashes of what it saw (the images themselves are
/// not kept).
pub struct IdentityVerdictRecord<'a> {
    /// `registration` or `password_reset`.
    pub subject_kind: &'a str,
    pub subject_id: &'a str,
    pub verdict: &'a str,
    pub portrait_sha256: Option<&'a str>,
    pub emblem_sha256: Option<&'a str>,
    pub face_sha256: &'a str,
    pub checked_at: i64,
}

/// What a passed 实名认证 moves on: the name and ID number the check saw must still be the
/// registration's.
pub struct RealNamePassed<'a> {
    pub registration_id: &'a str,
    pub name: &'a str,
    pub id_number: &'a str,
    pub verdict: IdentityVerdictRecord<'a>,
    pub now: i64,
}

impl Store {
    pub async fn save_id_photo(&self, photo: StoredPhoto<'_>, now: i64) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO id_photos (registration_id, side, path, width, height, bytes, uploaded_at, sha256)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (registration_id, side) DO UPDATE SET
                   path = excluded.path, width = excluded.width, height = excluded.height,
                   bytes = excluded.bytes, uploaded_at = excluded.uploaded_at,
                   sha256 = excluded.sha256, deleted_at = NULL",
            )
            .bind(photo.registration_id)
            .bind(photo.side.as_str())
            .bind(photo.path)
            .bind(i64::from(photo.width))
            .bind(i64::from(photo.height))
            .bind(photo.bytes as i64)
            .bind(now)
            .bind(photo.sha256)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    /// The stored path and hash of a side's photo, while it is kept.
    pub async fn id_photo_path(
        &self,
        registration_id: &str,
        side: IdCardSide,
    ) -> sqlx::Result<Option<(String, String)>> {
        on_db!(self, |pool| {
            let row: Option<(String, Option<String>)> = sqlx::query_as(
                "SELECT path, sha256 FROM id_photos
                 WHERE registration_id = $1 AND side = $2 AND deleted_at IS NULL",
            )
            .bind(registration_id)
            .bind(side.as_str())
            .fetch_optional(pool)
            .await?;
            Ok(row.map(|(path, sha256)| (path, sha256.unwrap_or_default())))
        })
    }

    /// Keeps a verdict of the real-name service.
    pub async fn record_identity_verdict(
        &self,
        record: &IdentityVerdictRecord<'_>,
    ) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            insert_verdict!(pool, record).await.map(|_| ())
        })
    }

    /// 实名认证 passed: the registration moves on to payment only if it still stands at
    /// 实名认证 with the name and ID number that were checked; the verdict is kept and the ID
    /// photos are marked deleted, together. False (nothing written) when the registration
    /// changed meanwhile.
    pub async fn pass_real_name(&self, passed: RealNamePassed<'_>) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            let moved = sqlx::query(
                "UPDATE registrations SET step = 'payment', updated_at = $4
                 WHERE id = $1 AND step = 'real_name' AND name = $2 AND id_number = $3",
            )
            .bind(passed.registration_id)
            .bind(passed.name)
            .bind(passed.id_number)
            .bind(passed.now)
            .execute(&mut *tx)
            .await?;
            if moved.rows_affected() != 1 {
                return Ok(false);
            }
            insert_verdict!(&mut *tx, &passed.verdict).await?;
            sqlx::query(
                "UPDATE id_photos SET deleted_at = $2 WHERE registration_id = $1 AND deleted_at IS NULL",
            )
            .bind(passed.registration_id)
            .bind(passed.now)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(true)
        })
    }

    /// The verdicts kept for a registration or reset, oldest first: (verdict, face hash,
    /// portrait hash).
    pub async fn identity_verdicts(
        &self,
        subject_kind: &str,
        subject_id: &str,
    ) -> sqlx::Result<Vec<(String, String, Option<String>)>> {
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT verdict, face_sha256, portrait_sha256 FROM identity_verdicts
                 WHERE subject_kind = $1 AND subject_id = $2 ORDER BY id",
            )
            .bind(subject_kind)
            .bind(subject_id)
            .fetch_all(pool)
            .await
        })
    }

    pub async fn insert_challenge(
        &self,
        id: &str,
        registration_id: &str,
        prompts: &str,
        now: i64,
    ) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query("INSERT INTO liveness_challenges (id, registration_id, prompts, created_at) VALUES ($1, $2, $3, $4)")
                .bind(id)
                .bind(registration_id)
                .bind(prompts)
                .bind(now)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    pub async fn find_challenge(&self, id: &str) -> sqlx::Result<Option<ChallengeRow>> {
        on_db!(self, |pool| {
            sqlx::query_as("SELECT id, registration_id, prompts, created_at, used_at FROM liveness_challenges WHERE id = $1")
                .bind(id)
                .fetch_optional(pool)
                .await
        })
    }

    /// Marks the challenge answered; false when it was answered already.
    pub async fn use_challenge(&self, id: &str, now: i64) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let result = sqlx::query(
                "UPDATE liveness_challenges SET used_at = $2 WHERE id = $1 AND used_at IS NULL",
            )
            .bind(id)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }
}

/// Keeps a verdict, on the pool or inside a transaction: a macro so that it compiles for either
/// backend, as `on_db!` does.
macro_rules! insert_verdict {
    ($executor:expr, $record:expr) => {{
        let record: &IdentityVerdictRecord<'_> = $record;
        sqlx::query(
            "INSERT INTO identity_verdicts (subject_kind, subject_id, verdict, portrait_sha256,
                 emblem_sha256, face_sha256, checked_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(record.subject_kind)
        .bind(record.subject_id)
        .bind(record.verdict)
        .bind(record.portrait_sha256)
        .bind(record.emblem_sha256)
        .bind(record.face_sha256)
        .bind(record.checked_at)
        .execute($executor)
    }};
}
use insert_verdict;
