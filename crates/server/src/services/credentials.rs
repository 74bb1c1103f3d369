//! Checking the signing password, with the lockout, wherever it is asked for.

use crate::AppState;
use crate::domain::lockout::{AfterFailure, after_failure, locked_message, wrong_password_message};
use crate::domain::signing_key::password_matches;
use crate::error::AppError;

/// Ok when `password` is the person's signing password and they are not locked out.
pub async fn check_password(
    state: &AppState,
    user_id: i64,
    password: &str,
) -> Result<(), AppError> {
    let credential = state
        .store
        .credential(user_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("user {user_id} has no credentials"))?;
    let now = state.clock.now();
    if let Some(until) = credential.locked_until.filter(|until| *until > now) {
        return Err(AppError::Locked(locked_message(until, now)));
    }
    let (hash, typed) = (credential.password_hash, password.to_owned());
    // argon2id takes tens of milliseconds and 19 MiB: off the async workers.
    let matches = tokio::task::spawn_blocking(move || password_matches(&hash, &typed))
        .await
        .map_err(anyhow::Error::from)?;
    if matches {
        state.store.clear_wrong_passwords(user_id).await?;
        return Ok(());
    }
    let failures = state.store.count_wrong_password(user_id).await?;
    tracing::info!(user_id, failures, "wrong signing password");
    match after_failure(failures, now) {
        AfterFailure::TriesLeft(left) => Err(AppError::WrongPassword(wrong_password_message(left))),
        AfterFailure::LockedUntil(until) => {
            state.store.lock_credential(user_id, until).await?;
            Err(AppError::Locked(locked_message(until, now)))
        }
    }
}
