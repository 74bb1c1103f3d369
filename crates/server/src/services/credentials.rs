//! Checking the signing password, with the lockout, wherever it is asked for (login, signing,
//! 修改签署密码). The attempt is counted before the password is checked, in one conditional
//! statement: thirty guesses sent at once get five checks, not thirty.

use crate::AppState;
use crate::domain::lockout::{
    AfterFailure, LOCK_SECS, MAX_FAILURES, after_failure, locked_message, wrong_password_message,
};
use crate::domain::signing_key::password_matches;
use crate::error::AppError;
use crate::store::PasswordAttempt;

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
        .reserve_password_attempt(user_id, now, MAX_FAILURES, LOCK_SECS)
        .await?
    {
        PasswordAttempt::Reserved {
            password_hash,
            attempt,
        } => (password_hash, attempt),
        PasswordAttempt::Locked { until } => {
            return Err(AppError::Locked(locked_message(until, now)));
        }
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
        AfterFailure::LockedUntil(until) => Err(AppError::Locked(locked_message(until, now))),
    }
}
