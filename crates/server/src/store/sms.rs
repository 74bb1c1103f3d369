use cloudsign_contract::rules::Phone;
use cloudsign_contract::sms::SmsPurpose;

use super::Store;
use crate::domain::sms::CodeRecord;

/// A message in the SMS sandbox's outbox.
#[derive(sqlx::FromRow, Debug, Clone, serde::Serialize)]
pub struct SandboxSms {
    pub phone: String,
    pub purpose: String,
    pub code: String,
    pub text: String,
    pub sent_at: i64,
}

impl Store {
    /// The phone's latest message time and how many it got since `since`.
    pub async fn sms_history(&self, phone: &Phone, since: i64) -> sqlx::Result<(Option<i64>, u32)> {
        let (last, count): (Option<i64>, i64) = sqlx::query_as(
            "SELECT MAX(sent_at), COUNT(CASE WHEN sent_at > ?2 THEN 1 END) FROM sms_codes WHERE phone = ?1",
        )
        .bind(phone.as_str())
        .bind(since)
        .fetch_one(&self.pool)
        .await?;
        Ok((last, count as u32))
    }

    pub async fn insert_sms_code(
        &self,
        phone: &Phone,
        purpose: SmsPurpose,
        code_hash: &str,
        sent_at: i64,
        expires_at: i64,
    ) -> sqlx::Result<()> {
        sqlx::query("INSERT INTO sms_codes (phone, purpose, code_hash, sent_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(phone.as_str())
            .bind(purpose.as_str())
            .bind(code_hash)
            .bind(sent_at)
            .bind(expires_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The newest code sent to the phone for the purpose.
    pub async fn latest_sms_code(
        &self,
        phone: &Phone,
        purpose: SmsPurpose,
    ) -> sqlx::Result<Option<CodeRecord>> {
        let row: Option<(i64, String, i64, i64, Option<i64>)> = sqlx::query_as(
            "SELECT id, code_hash, expires_at, failed_tries, consumed_at FROM sms_codes
             WHERE phone = ?1 AND purpose = ?2 ORDER BY id DESC LIMIT 1",
        )
        .bind(phone.as_str())
        .bind(purpose.as_str())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.map(
            |(id, code_hash, expires_at, failed_tries, consumed_at)| CodeRecord {
                id,
                code_hash,
                expires_at,
                failed_tries: failed_tries as u32,
                consumed: consumed_at.is_some(),
            },
        ))
    }

    pub async fn count_failed_sms_try(&self, id: i64) -> sqlx::Result<()> {
        sqlx::query("UPDATE sms_codes SET failed_tries = failed_tries + 1 WHERE id = ?1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// Marks the code used; false when it was used already (two requests raced for it).
    pub async fn consume_sms_code(&self, id: i64, now: i64) -> sqlx::Result<bool> {
        let result = sqlx::query(
            "UPDATE sms_codes SET consumed_at = ?2 WHERE id = ?1 AND consumed_at IS NULL",
        )
        .bind(id)
        .bind(now)
        .execute(&self.pool)
        .await?;
        Ok(result.rows_affected() == 1)
    }

    pub async fn record_sandbox_sms(&self, message: &SandboxSms) -> sqlx::Result<()> {
        sqlx::query("INSERT INTO sandbox_sms (phone, purpose, code, text, sent_at) VALUES (?1, ?2, ?3, ?4, ?5)")
            .bind(&message.phone)
            .bind(&message.purpose)
            .bind(&message.code)
            .bind(&message.text)
            .bind(message.sent_at)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The sandbox outbox for a phone, newest first.
    pub async fn sandbox_sms_for(&self, phone: &str) -> sqlx::Result<Vec<SandboxSms>> {
        sqlx::query_as("SELECT phone, purpose, code, text, sent_at FROM sandbox_sms WHERE phone = ?1 ORDER BY id DESC")
            .bind(phone)
            .fetch_all(&self.pool)
            .await
    }
}
