use super::Store;

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct SignatureRow {
    pub png: Vec<u8>,
    pub svg: String,
    pub width: i64,
    pub height: i64,
    pub updated_at: i64,
}

impl Store {
    pub async fn save_signature(
        &self,
        user_id: i64,
        png: &[u8],
        svg: &str,
        (width, height): (u32, u32),
        now: i64,
    ) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query(
                "INSERT INTO signatures (user_id, png, svg, width, height, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
                 ON CONFLICT (user_id) DO UPDATE SET png = $2, svg = $3, width = $4, height = $5, updated_at = $6",
            )
            .bind(user_id)
            .bind(png)
            .bind(svg)
            .bind(i64::from(width))
            .bind(i64::from(height))
            .bind(now)
            .execute(pool)
            .await?;
            Ok(())
        })
    }

    pub async fn signature(&self, user_id: i64) -> sqlx::Result<Option<SignatureRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT png, svg, width, height, updated_at FROM signatures WHERE user_id = $1",
            )
            .bind(user_id)
            .fetch_optional(pool)
            .await
        })
    }
}
