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
use crate::domain::liveness::{best_frame, decode_prompts, encode_prompts, new_prompts};
use crate::domain::registration::new_registration_id;
use crate::domain::sms::CodeCheck;
use crate::error::AppError;
use crate::providers::{IdentityToCheck, IdentityVerdict, LivenessVerdict};
use crate::services::certificates::new_key_and_certificate;
use crate::services::real_name::{decode_frames, sha256_hex, verdict_error};
use crate::services::sms::redeem_code;
use crate::services::{registration, sessions};
use crate::store::{IdentityVerdictRecord, PasswordResetRow};

/// A reset must be finished within fifteen minutes of its SMS code.
const RESET_TTL_SECS: i64 = 15 * 60;

fn expired() -> AppError {
    AppError::Expired(tr!("重置已超时，请重新获取验证码"))
}

async fn open_reset(state: &AppState, reset_id: &str) -> Result<PasswordResetRow, AppError> {
    let reset = state
        .store
        .password_reset(reset_id)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("重置信息不存在，请重新开始")))?;
    if reset.used_at.is_some() {
        return Err(AppError::WrongStep(tr!("签署密码已重置，请直接登录")));
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
    let code =
        SmsCode::parse(&request.sms_code).map_err(|err| AppError::BadRequest(err.message()))?;
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
        return Err(AppError::WrongStep(tr!("刷脸认证已通过")));
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

/// The liveness frames, judged as in registration; then the live face is compared with the
/// registered person (name and ID number at the authority) before anything can be revoked.
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
    let now = state.clock.now();
    if !state.store.use_reset_challenge(&reset.id, now).await? {
        return Err(AppError::BadRequest(tr!("活体检测已失效，请重新开始")));
    }
    if let LivenessVerdict::Failed(message) = state.liveness.judge(&decoded).await? {
        return Err(AppError::LivenessFailed(message));
    }
    let live_face =
        best_frame(&decoded).ok_or_else(|| AppError::BadRequest(tr!("未采集到画面，请重试")))?;
    let identity = registration::of_user(state, reset.user_id).await?;
    let verdict = state
        .real_name
        .verify(IdentityToCheck {
            name: &identity.name,
            id_number: identity.id_number.as_deref().unwrap_or_default(),
            portrait_photo: None,
            live_face,
        })
        .await?;
    let face_sha256 = sha256_hex(live_face);
    state
        .store
        .record_identity_verdict(&IdentityVerdictRecord {
            subject_kind: "password_reset",
            subject_id: &reset.id,
            verdict: verdict.as_str(),
            portrait_sha256: None,
            emblem_sha256: None,
            face_sha256: &face_sha256,
            checked_at: now,
        })
        .await?;
    if verdict != IdentityVerdict::Match {
        tracing::warn!(
            user_id = reset.user_id,
            verdict = verdict.as_str(),
            "password reset: face comparison refused"
        );
        return Err(verdict_error(verdict));
    }
    state.store.mark_reset_verified(&reset.id, now).await?;
    Ok(())
}

/// The new password: a new key sealed under it, a new certificate, the old one revoked, every
/// session of the person ended; the person is logged in afresh.
pub async fn complete(
    state: &AppState,
    reset_id: &str,
    request: &SetSigningPassword,
) -> Result<Session, AppError> {
    let reset = open_reset(state, reset_id).await?;
    if reset.verified_at.is_none() {
        return Err(AppError::WrongStep(tr!("请先完成刷脸认证")));
    }
    if let Some(message) = password_pair_error(&request.password, &request.confirm) {
        return Err(AppError::BadRequest(message));
    }
    let user = state
        .store
        .find_user_by_id(reset.user_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("user {} vanished", reset.user_id))?;
    // The certificate names the unit of the registration, never one added in 切换单位.
    let registered = registration::of_user(state, user.id).await?;
    // One certificate per reset: only the request that claims it asks the CA.
    if !state
        .store
        .claim_reset_issuance(&reset.id, state.clock.now())
        .await?
    {
        return Err(AppError::WrongStep(tr!("签署密码正在重置，请稍候")));
    }
    let made = match new_key_and_certificate(
        state,
        &registered.name,
        &registered.unit_name,
        &request.password,
    )
    .await
    {
        Ok(made) => made,
        Err(err) => {
            state.store.release_reset_issuance(&reset.id).await?;
            return Err(err);
        }
    };
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
        return Err(AppError::WrongStep(tr!("签署密码已重置，请直接登录")));
    }
    tracing::info!(user_id = user.id, serial = %made.issued.serial, "signing password reset, new certificate issued");
    sessions::open(state, &user).await
}
