//! Registered sealing clients: added, listed and revoked by the operator
//! (`cloudsign-server seal-client …`), and recognised by their signed requests.

use rand::Rng;
use rand::distr::Alphanumeric;

use crate::AppState;
use crate::domain::seal_auth::{self, key_of_secret};
use crate::error::AppError;
use crate::store::{SealClientRow, Store};

/// A new client's credentials; the secret is shown this once and never stored.
pub struct Registered {
    pub client_id: String,
    pub client_secret: String,
}

fn random_text(length: usize) -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(length)
        .map(char::from)
        .collect()
}

pub async fn register(store: &Store, name: &str, now: i64) -> anyhow::Result<Registered> {
    let name = name.trim();
    anyhow::ensure!(
        !name.is_empty() && name.chars().count() <= 60,
        "the client's name takes 1-60 characters"
    );
    let registered = Registered {
        client_id: format!("sc_{}", random_text(20)),
        client_secret: random_text(40),
    };
    store
        .insert_seal_client(
            &registered.client_id,
            name,
            &key_of_secret(&registered.client_secret),
            now,
        )
        .await?;
    Ok(registered)
}

/// The sandbox's own sealing client, under a fixed id with a secret of this process's making
/// (it signs nothing over a network: the sandbox page calls the same services in-process).
pub async fn register_sandbox(store: &Store, now: i64) -> anyhow::Result<SealClientRow> {
    store
        .insert_seal_client(
            SANDBOX_CLIENT_ID,
            "信鉴易印（沙箱）",
            &key_of_secret(&random_text(40)),
            now,
        )
        .await?;
    Ok(store
        .seal_client(SANDBOX_CLIENT_ID)
        .await?
        .expect("just written"))
}

pub const SANDBOX_CLIENT_ID: &str = "sc_sandbox";

/// The client that signed this request, if it is registered, not revoked, the signature fits,
/// the timestamp is recent and the nonce is new.
pub async fn authenticate(
    state: &AppState,
    authorization: Option<&str>,
    method: &str,
    path_and_query: &str,
    body: &[u8],
) -> Result<SealClientRow, AppError> {
    let request = seal_auth::parse(authorization.ok_or(AppError::ClientUnauthorized(
        "authorization: header missing",
    ))?)
    .map_err(AppError::ClientUnauthorized)?;
    let client = state
        .store
        .seal_client(&request.client_id)
        .await?
        .filter(|client| client.revoked_at.is_none())
        .ok_or(AppError::ClientUnauthorized(
            "authorization: unknown or revoked client_id",
        ))?;
    let now = state.clock.now();
    request
        .check(&client.key_sha256, method, path_and_query, body, now)
        .map_err(AppError::ClientUnauthorized)?;
    // Only a signed, fresh request may spend a nonce: nobody can use up another's nonces.
    let window = cloudsign_contract::seal_api::REQUEST_WINDOW_SECS;
    if !state
        .store
        .use_seal_client_nonce(&client.id, &request.nonce, now, now - 2 * window)
        .await?
    {
        return Err(AppError::ClientUnauthorized(
            "authorization: nonce already used (a replayed request)",
        ));
    }
    Ok(client)
}
