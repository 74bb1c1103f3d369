//! The signing password: checking it, with the lockout, wherever it is asked for (login,
//! signing, 修改签署密码), and changing it. The attempt is counted before the password is checked, in one conditional
//! statement: thirty guesses sent at once get five checks, not thirty.

use cloudsign_contract::account::ChangePassword;
use cloudsign_contract::registration::password_pair_error;

use crate::AppState;
use crate::domain::lockout::{
    AfterFailure, LAST_TRY_HOLD_SECS, MAX_FAILURES, after_failure, locked_message,
    wrong_password_message,
};
use crate::domain::sessions::token_hash;
use crate::domain::signing_key::password_matches;
use crate::domain::signing_key::{hash_password, open_key, seal_key};
use crate::error::AppError;
use crate::store::{PasswordAttempt, UserRow};

/// Ok when `password` is the person's signing password and they are not locked out.
pub async fn check_password(
    state: &AppState,
    user_id: i64,
    password: &str,
) -> Result<(), AppError> {
    // A place in the argon2 queue first: a busy server must not cost the person a try.
    let admission = state.hashing.admit()?;
    let now = state.clock.now();
    let (hash, attempt) = match state
        .store
        .reserve_password_attempt(user_id, now, MAX_FAILURES, LAST_TRY_HOLD_SECS)
        .await?
    {
        PasswordAttempt::Reserved {
            password_hash,
            attempt,
        } => (password_hash, attempt),
        PasswordAttempt::Locked { until } => {
            return Err(AppError::Locked(locked_message(until, now)));
        }
        // Right passwords sent at once must not read "locked": ask again in a second.
        PasswordAttempt::Pending => return Err(AppError::Busy),
        PasswordAttempt::NoCredential => {
            return Err(anyhow::anyhow!("user {user_id} has no credentials").into());
        }
    };
    let typed = password.to_owned();
    let matches = admission
        .run(move || password_matches(&hash, &typed))
        .await?;
    if matches {
        state.store.clear_wrong_passwords(user_id).await?;
        return Ok(());
    }
    tracing::info!(user_id, attempt, "wrong signing password");
    match after_failure(attempt, now) {
        AfterFailure::TriesLeft(left) => Err(AppError::WrongPassword(wrong_password_message(left))),
        AfterFailure::LockedUntil(until) => {
            state
                .store
                .lock_after_last_try(user_id, until, MAX_FAILURES)
                .await?;
            Err(AppError::Locked(locked_message(until, now)))
        }
    }
}

/// 修改签署密码: the old one (it counts toward the lockout) opens the key, the new one seals it.
/// The person's other sessions end: whoever else was logged in must log in again.
pub async fn change_password(
    state: &AppState,
    user: &UserRow,
    session_token: &str,
    request: &ChangePassword,
) -> Result<(), AppError> {
    if request.old_password.is_empty() {
        return Err(AppError::BadRequest(tr!("请输入原签署密码")));
    }
    if let Some(message) = password_pair_error(&request.new_password, &request.confirm) {
        return Err(AppError::BadRequest(message));
    }
    if request.new_password == request.old_password {
        return Err(AppError::BadRequest(tr!("新密码不能与原密码相同")));
    }
    check_password(state, user.id, &request.old_password).await?;
    let certificate = state
        .store
        .valid_certificate(user.id)
        .await?
        .ok_or_else(|| AppError::WrongStep(tr!("暂无有效证书")))?;
    let (sealed, old, new) = (
        certificate.sealed_key(),
        request.old_password.clone(),
        request.new_password.clone(),
    );
    let (resealed, hash) = state
        .hashing
        .run(move || {
            let key = open_key(&old, &sealed)
                .ok_or_else(|| anyhow::anyhow!("the right password did not open the key"))?;
            anyhow::Ok((seal_key(&new, &key)?, hash_password(&new)?))
        })
        .await??;
    let ended = state
        .store
        .replace_password(
            user.id,
            &certificate.serial,
            &hash,
            &resealed,
            &token_hash(session_token),
            state.clock.now(),
        )
        .await?;
    tracing::info!(
        user_id = user.id,
        other_sessions_ended = ended,
        "signing password changed, key re-sealed"
    );
    Ok(())
}
