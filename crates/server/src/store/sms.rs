use cloudsign_contract::rules::Phone;
use cloudsign_contract::sms::SmsPurpose;

use super::Store;
use crate::domain::sms::{CodeRecord, DAY, SmsPolicy};

/// What trying a code did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TriedCode {
    Accepted,
    /// Counted as wrong: `failed_tries` now.
    Wrong {
        failed_tries: u32,
    },
}

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
        on_db!(self, |pool| {
            let (last, count): (Option<i64>, i64) = sqlx::query_as(
                "SELECT MAX(sent_at), COUNT(CASE WHEN sent_at > $2 THEN 1 END) FROM sms_codes WHERE phone = $1",
            )
            .bind(phone.as_str())
            .bind(since)
            .fetch_one(pool)
            .await?;
            Ok((last, count as u32))
        })
    }

    /// Records a code unless the phone had one within the resend interval or has reached the
    /// daily cap; false when refused. The check and the insert are one statement, after the
    /// phone's turn is taken: on PostgreSQL a parallel request's statement would otherwise
    /// check a snapshot without this one's code (SQLite has one writer at a time anyway).
    pub async fn insert_sms_code_if_allowed(
        &self,
        phone: &Phone,
        purpose: SmsPurpose,
        code_hash: &str,
        sent_at: i64,
        expires_at: i64,
        policy: &SmsPolicy,
    ) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO sms_send_turns (phone) VALUES ($1)
                 ON CONFLICT (phone) DO UPDATE SET phone = excluded.phone",
            )
            .bind(phone.as_str())
            .execute(&mut *tx)
            .await?;
            let result = sqlx::query(
                "INSERT INTO sms_codes (phone, purpose, code_hash, sent_at, expires_at)
                 SELECT $1, $2, $3, $4, $5
                 WHERE NOT EXISTS (SELECT 1 FROM sms_codes WHERE phone = $1 AND sent_at > $4 - $6)
                   AND (SELECT COUNT(*) FROM sms_codes WHERE phone = $1 AND sent_at > $4 - $7) < $8",
            )
            .bind(phone.as_str())
            .bind(purpose.as_str())
            .bind(code_hash)
            .bind(sent_at)
            .bind(expires_at)
            .bind(policy.resend_interval)
            .bind(DAY)
            .bind(i64::from(policy.daily_cap))
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            Ok(result.rows_affected() == 1)
        })
    }

    /// The newest code sent to the phone for the purpose.
    pub async fn latest_sms_code(
        &self,
        phone: &Phone,
        purpose: SmsPurpose,
    ) -> sqlx::Result<Option<CodeRecord>> {
        on_db!(self, |pool| {
            let row: Option<(i64, String, i64, i64, Option<i64>)> = sqlx::query_as(
                "SELECT id, code_hash, expires_at, failed_tries, consumed_at FROM sms_codes
                 WHERE phone = $1 AND purpose = $2 ORDER BY id DESC LIMIT 1",
            )
            .bind(phone.as_str())
            .bind(purpose.as_str())
            .fetch_optional(pool)
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
        })
    }

    /// Compares a typed code's hash with the stored one and, in the same statement, uses the
    /// code up when they are equal or counts a wrong try when not; None when the code was used,
    /// voided (`max_tries` wrong) or expired.
    pub async fn try_sms_code(
        &self,
        id: i64,
        typed_hash: &str,
        now: i64,
        max_tries: u32,
    ) -> sqlx::Result<Option<TriedCode>> {
        on_db!(self, |pool| {
            let row: Option<(bool, i64)> = sqlx::query_as(
                "UPDATE sms_codes SET
                     consumed_at = CASE WHEN code_hash = $2 THEN $3 ELSE NULL END,
                     failed_tries = failed_tries + CASE WHEN code_hash = $2 THEN 0 ELSE 1 END
                 WHERE id = $1 AND consumed_at IS NULL AND failed_tries < $4 AND expires_at > $3
                 RETURNING consumed_at IS NOT NULL, failed_tries",
            )
            .bind(id)
            .bind(typed_hash)
            .bind(now)
            .bind(i64::from(max_tries))
            .fetch_optional(pool)
            .await?;
            Ok(row.map(|(accepted, failed_tries)| {
                if accepted {
                    TriedCode::Accepted
                } else {
                    TriedCode::Wrong {
                        failed_tries: failed_tries.max(0) as u32,
                    }
                }
            }))
        })
    }

    pub async fn record_sandbox_sms(&self, message: &SandboxSms) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query("INSERT INTO sandbox_sms (phone, purpose, code, text, sent_at) VALUES ($1, $2, $3, $4, $5)")
                .bind(&message.phone)
                .bind(&message.purpose)
                .bind(&message.code)
                .bind(&message.text)
                .bind(message.sent_at)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// The sandbox outbox for a phone, newest first.
    pub async fn sandbox_sms_for(&self, phone: &str) -> sqlx::Result<Vec<SandboxSms>> {
        on_db!(self, |pool| {
            sqlx::query_as("SELECT phone, purpose, code, text, sent_at FROM sandbox_sms WHERE phone = $1 ORDER BY id DESC")
                .bind(phone)
                .fetch_all(pool)
                .await
        })
    }
}
