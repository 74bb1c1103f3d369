//! 重置签署密码. The key was sealed by the forgotten password, so it cannot be recovered: after the
//! SMS code and a liveness check as in registration, a new key and certificate replace the old
//! ones, which are revoked.

use cloudsign_contract::account::{PasswordResetStarted, StartPasswordReset};
use cloudsign_contract::auth::Session;
use cloudsign_contract::real_name::{LivenessChallenge, LivenessSubmission};
use cloudsign_contract::registration::{SetSigningPassword, password_pair_error};
use cloudsign_contract::rules::{Phone, SmsCode};
use cloudsign_contract::sms::SmsPurpose;

use crate::AppState;
use crate::domain::liveness::{decode_prompts, encode_prompts, new_prompts};
use crate::domain::registration::new_registration_id;
use crate::domain::sms::CodeCheck;
use crate::error::AppError;
use crate::providers::LivenessVerdict;
use crate::services::certificates::new_key_and_certificate;
use crate::services::real_name::decode_frames;
use crate::services::sessions;
use crate::services::sms::redeem_code;
use crate::store::PasswordResetRow;

/// A reset must be finished within fifteen minutes of its SMS code.
const RESET_TTL_SECS: i64 = 15 * 60;

fn expired() -> AppError {
    AppError::Expired("重置已超时，请重新获取验证码".into())
}

async fn open_reset(state: &AppState, reset_id: &str) -> Result<PasswordResetRow, AppError> {
    let reset = state
        .store
        .password_reset(reset_id)
        .await?
        .ok_or_else(|| AppError::NotFound("重置信息不存在，请重新开始".into()))?;
    if reset.used_at.is_some() {
        return Err(AppError::WrongStep("签署密码已重置，请直接登录".into()));
    }
    if state.clock.now() >= reset.expires_at {
        return Err(expired());
    }
    Ok(reset)
}

/// The SMS code: the reset starts and the liveness prompts are given.
pub async fn start(
    state: &AppState,
    request: &StartPasswordReset,
) -> Result<PasswordResetStarted, AppError> {
    let code = SmsCode::parse(&request.sms_code)
        .map_err(|err| AppError::BadRequest(err.message().into()))?;
    let user = sessions::find_person(state, &request.org_id, &request.phone).await?;
    let phone = Phone::parse(&user.phone)
        .map_err(|err| AppError::Internal(anyhow::anyhow!("stored phone: {err}")))?;
    match redeem_code(state, &phone, SmsPurpose::Reset, &code).await? {
        CodeCheck::Accepted => {}
        refused => return Err(AppError::InvalidCode(refused.message())),
    }
    let (reset_id, prompts, now) = (new_registration_id(), new_prompts(), state.clock.now());
    state
        .store
        .insert_password_reset(
            &reset_id,
            user.id,
            &encode_prompts(&prompts),
            now,
            now + RESET_TTL_SECS,
        )
        .await?;
    Ok(PasswordResetStarted {
        challenge: LivenessChallenge {
            challenge_id: reset_id.clone(),
            prompts,
        },
        reset_id,
    })
}

/// New prompts after a failed attempt.
pub async fn new_challenge(
    state: &AppState,
    reset_id: &str,
) -> Result<LivenessChallenge, AppError> {
    let reset = open_reset(state, reset_id).await?;
    if reset.verified_at.is_some() {
        return Err(AppError::WrongStep("刷脸认证已通过".into()));
    }
    let prompts = new_prompts();
    state
        .store
        .renew_reset_challenge(&reset.id, &encode_prompts(&prompts))
        .await?;
    Ok(LivenessChallenge {
        challenge_id: reset.id,
        prompts,
    })
}

/// The liveness frames, judged as in registration.
pub async fn submit_liveness(
    state: &AppState,
    reset_id: &str,
    submission: &LivenessSubmission,
) -> Result<(), AppError> {
    let reset = open_reset(state, reset_id).await?;
    if reset.verified_at.is_some() {
        return Ok(());
    }
    let decoded = decode_frames(&decode_prompts(&reset.prompts), submission)?;
    if !state
        .store
        .use_reset_challenge(&reset.id, state.clock.now())
        .await?
    {
        return Err(AppError::BadRequest("活体检测已失效，请重新开始".into()));
    }
    if let LivenessVerdict::Failed(message) = state.liveness.judge(&decoded).await? {
        return Err(AppError::LivenessFailed(message));
    }
    state
        .store
        .mark_reset_verified(&reset.id, state.clock.now())
        .await?;
    Ok(())
}

/// The new password: a new key sealed under it, a new certificate, the old one revoked; the
/// person is logged in.
pub async fn complete(
    state: &AppState,
    reset_id: &str,
    request: &SetSigningPassword,
) -> Result<Session, AppError> {
    let reset = open_reset(state, reset_id).await?;
    if reset.verified_at.is_none() {
        return Err(AppError::WrongStep("请先完成刷脸认证".into()));
    }
    if let Some(message) = password_pair_error(&request.password, &request.confirm) {
        return Err(AppError::BadRequest(message.into()));
    }
    let user = state
        .store
        .find_user_by_id(reset.user_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("user {} vanished", reset.user_id))?;
    let made =
        new_key_and_certificate(state, &user.name, &user.unit_name, &request.password).await?;
    let now = state.clock.now();
    let done = state
        .store
        .complete_password_reset(
            &reset.id,
            user.id,
            &made.password_hash,
            made.certificate(),
            now,
        )
        .await?;
    if !done {
        return Err(AppError::WrongStep("签署密码已重置，请直接登录".into()));
    }
    tracing::info!(user_id = user.id, serial = %made.issued.serial, "signing password reset, new certificate issued");
    sessions::open(state, &user).await
}
