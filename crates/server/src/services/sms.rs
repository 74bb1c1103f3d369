use cloudsign_contract::rules::{Phone, SmsCode};
use cloudsign_contract::sms::SmsPurpose;

use crate::AppState;
use crate::domain::sms::{CodeCheck, DAY, SendDecision, hash_code, message_text, new_code};
use crate::store::TriedCode;

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
/// The code is recorded only if the phone had none in the last minute and fewer than the daily
/// cap, in one conditional statement: twenty requests at once send one message.
pub async fn send_code(
    state: &AppState,
    phone: &Phone,
    purpose: SmsPurpose,
) -> Result<u32, SendRefused> {
    let policy = state.sms_policy;
    let now = state.clock.now();
    let code = new_code();
    let text = message_text(purpose, &code, policy.code_lifetime / 60);
    // Recorded before it is sent: a provider failure must not leave the phone without a
    // countdown and free to trigger unlimited sends.
    let recorded = state
        .store
        .insert_sms_code_if_allowed(
            phone,
            purpose,
            &hash_code(phone, purpose, &code),
            now,
            now + policy.code_lifetime,
            &policy,
        )
        .await?;
    if !recorded {
        let (last_sent_at, sent_in_last_day) = state.store.sms_history(phone, now - DAY).await?;
        return Err(
            match policy.decide_send(now, last_sent_at, sent_in_last_day) {
                SendDecision::DailyCapReached => SendRefused::DailyCap,
                SendDecision::WaitSeconds(seconds) => SendRefused::Wait(seconds),
                // Refused a moment ago by a send that has just been made: wait a full interval.
                SendDecision::Allowed => SendRefused::Wait(policy.resend_interval as u32),
            },
        );
    }
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

/// Checks a typed code and, when it is right, uses it up: a code works once. The comparison
/// and the count of a wrong try are one conditional statement, so parallel guesses cannot get
/// more than the allowed tries between them.
pub async fn redeem_code(
    state: &AppState,
    phone: &Phone,
    purpose: SmsPurpose,
    typed: &SmsCode,
) -> sqlx::Result<CodeCheck> {
    let now = state.clock.now();
    let policy = state.sms_policy;
    let record = state.store.latest_sms_code(phone, purpose).await?;
    let Some(found) = &record else {
        return Ok(CodeCheck::Missing);
    };
    let typed_hash = hash_code(phone, purpose, typed.as_str());
    match state
        .store
        .try_sms_code(found.id, &typed_hash, now, policy.max_failed_tries)
        .await?
    {
        Some(TriedCode::Accepted) => Ok(CodeCheck::Accepted),
        Some(TriedCode::Wrong { failed_tries }) => Ok(CodeCheck::Wrong {
            tries_left: policy.max_failed_tries.saturating_sub(failed_tries),
        }),
        // Used, voided or expired (perhaps a moment ago, by a parallel request): say which.
        None => {
            let record = state.store.latest_sms_code(phone, purpose).await?;
            Ok(
                match policy.check(now, record.as_ref(), phone, purpose, typed) {
                    CodeCheck::Accepted | CodeCheck::Wrong { .. } => CodeCheck::Voided,
                    refused => refused,
                },
            )
        }
    }
}
