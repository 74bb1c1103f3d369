//! Applies the request limits: the client's address counter first, then the global one, each
//! one counting statement shared by every server instance on the database.

use std::net::IpAddr;

use crate::AppState;
use crate::domain::rate_limit::{Limited, address_bucket, global_bucket, too_many_message};
use crate::error::AppError;

/// Counts the request; `too_many_requests` with the wait in Chinese when over a limit. Without
/// a known address (a request not from a socket, as in tests through `oneshot`) only the
/// global limit applies.
pub async fn check(
    state: &AppState,
    what: Limited,
    client: Option<IpAddr>,
) -> Result<(), AppError> {
    let limits = state.rate_limits;
    let limit = limits.limit(what);
    let now = state.clock.now();
    let window = limits.window_start(now);
    let refused = || {
        tracing::warn!(what = what.as_str(), client = ?client, "rate limit reached");
        Err(AppError::TooManyRequests(too_many_message(
            limits.retry_after(now),
        )))
    };
    if let Some(address) = client {
        let hits = state
            .store
            .hit_rate_limit(&address_bucket(what, address), window)
            .await?;
        if hits > limit.per_address {
            return refused();
        }
    }
    let hits = state
        .store
        .hit_rate_limit(&global_bucket(what), window)
        .await?;
    if hits > limit.global {
        return refused();
    }
    Ok(())
}
