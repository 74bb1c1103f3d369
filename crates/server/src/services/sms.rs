use cloudsign_contract::rules::{Phone, SmsCode};
use cloudsign_contract::sms::SmsPurpose;

use crate::AppState;
use crate::domain::sms::{CodeCheck, DAY, SendDecision, hash_code, message_text, new_code};

/// Why a code was not sent.
#[derive(Debug, thiserror::Error)]
pub enum SendRefused {
    #[error("wait {0} s")]
    Wait(u32),
    #[error("daily cap reached")]
    DailyCap,
    #[error(transparent)]
    Failed(#[from] anyhow::Error),
}

impl From<sqlx::Error> for SendRefused {
    fn from(err: sqlx::Error) -> Self {
        SendRefused::Failed(err.into())
    }
}

/// Sends a new code if the rules allow it; returns the seconds until the next may be sent.
pub async fn send_code(
    state: &AppState,
    phone: &Phone,
    purpose: SmsPurpose,
) -> Result<u32, SendRefused> {
    let policy = state.sms_policy;
    let now = state.clock.now();
    let (last_sent_at, sent_in_last_day) = state.store.sms_history(phone, now - DAY).await?;
    match policy.decide_send(now, last_sent_at, sent_in_last_day) {
        SendDecision::WaitSeconds(seconds) => return Err(SendRefused::Wait(seconds)),
        SendDecision::DailyCapReached => return Err(SendRefused::DailyCap),
        SendDecision::Allowed => {}
    }
    let code = new_code();
    let text = message_text(purpose, &code, policy.code_lifetime / 60);
    // Record first: a provider failure must not leave the phone without a countdown and
    // free to trigger unlimited sends.
    state
        .store
        .insert_sms_code(
            phone,
            purpose,
            &hash_code(phone, purpose, &code),
            now,
            now + policy.code_lifetime,
        )
        .await?;
    state.sms.send(phone, purpose, &code, &text).await?;
    Ok(policy.resend_interval as u32)
}

/// Seconds until another code may be sent to the phone (0: now).
pub async fn cooldown(state: &AppState, phone: &Phone) -> sqlx::Result<u32> {
    let now = state.clock.now();
    let (last_sent_at, _) = state.store.sms_history(phone, now - DAY).await?;
    Ok(state
        .sms_policy
        .seconds_until_resend(now, last_sent_at)
        .unwrap_or(0))
}

/// Checks a typed code and, when it is right, uses it up: a code works once.
pub async fn redeem_code(
    state: &AppState,
    phone: &Phone,
    purpose: SmsPurpose,
    typed: &SmsCode,
) -> sqlx::Result<CodeCheck> {
    let now = state.clock.now();
    let record = state.store.latest_sms_code(phone, purpose).await?;
    let check = state
        .sms_policy
        .check(now, record.as_ref(), phone, purpose, typed);
    match (check, &record) {
        (CodeCheck::Accepted, Some(record)) => {
            if state.store.consume_sms_code(record.id, now).await? {
                Ok(CodeCheck::Accepted)
            } else {
                Ok(CodeCheck::Missing)
            }
        }
        (CodeCheck::Wrong { .. }, Some(record)) => {
            state.store.count_failed_sms_try(record.id).await?;
            Ok(check)
        }
        _ => Ok(check),
    }
}
