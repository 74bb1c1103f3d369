//! The sealing client's API: open a session, long-poll it, cancel it, and the CA certificate.
//! Every request but the CA's is signed by a registered client (see `domain::seal_auth`).

use crate::extract::Path;
use axum::body::Bytes;
use axum::extract::{FromRequest, OriginalUri, Request, State};
use axum::http::{HeaderMap, header};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use cloudsign_contract::seal_api::{
    NewSealSession, OpenedSealSession, PreparedDocuments, SealSession, SealStatus,
};
use serde::Deserialize;
use x509_cert::Certificate;
use x509_cert::der::pem::LineEnding;
use x509_cert::der::{Decode, EncodePem};

use crate::AppState;
use crate::error::{ApiResult, AppError};
use crate::extract::Query;
use crate::services::{seal_clients, seal_sessions};
use crate::store::SealClientRow;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/seal/sessions", post(open))
        .route("/seal/sessions/{id}", get(read))
        .route("/seal/sessions/{id}/documents", put(provide_documents))
        .route("/seal/sessions/{id}/cancel", post(cancel))
        .route("/seal/ca.pem", get(ca_pem))
}

/// A request signed by a registered sealing client, with its raw body (what the HMAC covers).
pub struct SignedByClient {
    pub client: SealClientRow,
    pub body: Bytes,
}

impl FromRequest<AppState> for SignedByClient {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, AppError> {
        let method = request.method().as_str().to_owned();
        // The path as the client sent it, before `/api` was stripped by nesting.
        let path_and_query = request
            .extensions()
            .get::<OriginalUri>()
            .map(|uri| uri.0.clone())
            .unwrap_or_else(|| request.uri().clone());
        let path_and_query = path_and_query
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_default();
        let authorization = request
            .headers()
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .map(str::to_owned);
        let body = Bytes::from_request(request, state)
            .await
            .map_err(|_| AppError::BadRequest("body too large or unreadable".into()))?;
        let client = seal_clients::authenticate(
            state,
            authorization.as_deref(),
            &method,
            &path_and_query,
            &body,
        )
        .await?;
        Ok(SignedByClient { client, body })
    }
}

/// The link the QR code carries: on the public URL when one is configured, else on the
/// origin the client called.
pub(crate) fn qr_text(state: &AppState, headers: &HeaderMap, token: &str) -> String {
    let path = cloudsign_contract::signing::sign_link_path(token);
    if let Some(public_url) = &state.config.public_url {
        return format!("{}{path}", public_url.trim_end_matches('/'));
    }
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = headers
        .get("x-forwarded-proto")
        .and_then(|h| h.to_str().ok())
        .filter(|scheme| matches!(*scheme, "http" | "https"))
        .unwrap_or("http");
    format!("{scheme}://{host}{path}")
}

#[utoipa::path(
    post,
    path = "/api/seal/sessions",
    tag = "sealing-client",
    summary = "A sealing client opens a signing session (its QR code)",
    request_body = NewSealSession,
    security(("sealing_client" = [])),
    responses((status = 200, body = OpenedSealSession), crate::openapi::Failures)
)]
pub(crate) async fn open(
    State(state): State<AppState>,
    headers: HeaderMap,
    signed: SignedByClient,
) -> ApiResult<OpenedSealSession> {
    let request: NewSealSession = serde_json::from_slice(&signed.body)
        .map_err(|err| AppError::BadRequest(format!("body: {err}")))?;
    let opened = seal_sessions::open(&state, &signed.client, &request).await?;
    Ok(Json(OpenedSealSession {
        qr_text: qr_text(&state, &headers, &opened.token),
        session_id: opened.session_id,
        expires_at: opened.expires_at,
    }))
}

#[derive(Deserialize)]
pub(crate) struct Wait {
    #[serde(default)]
    wait: u64,
    seen: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/seal/sessions/{id}",
    tag = "sealing-client",
    summary = "A session's state; `wait` long-polls up to that many seconds for a change from `seen`",
    params(("id" = String, Path), ("wait" = Option<u64>, Query), ("seen" = Option<String>, Query)),
    security(("sealing_client" = [])),
    responses((status = 200, body = SealSession), crate::openapi::Failures)
)]
pub(crate) async fn read(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(wait): Query<Wait>,
    signed: SignedByClient,
) -> ApiResult<SealSession> {
    let seen = match wait.seen.as_deref() {
        None => None,
        Some(text) => Some(
            SealStatus::parse(text)
                .ok_or_else(|| AppError::BadRequest("seen: a session status".into()))?,
        ),
    };
    Ok(Json(
        seal_sessions::read(&state, &signed.client, &id, wait.wait, seen).await?,
    ))
}

/// A session that prepares its documents after the scan gets them here, once.
#[utoipa::path(
    put,
    path = "/api/seal/sessions/{id}/documents",
    tag = "sealing-client",
    summary = "The documents of a session opened with prepare_after_scan",
    request_body = PreparedDocuments,
    params(("id" = String, Path)),
    security(("sealing_client" = [])),
    responses((status = 200, body = SealSession), crate::openapi::Failures)
)]
pub(crate) async fn provide_documents(
    State(state): State<AppState>,
    Path(id): Path<String>,
    signed: SignedByClient,
) -> ApiResult<SealSession> {
    let prepared: PreparedDocuments = serde_json::from_slice(&signed.body)
        .map_err(|err| AppError::BadRequest(format!("body: {err}")))?;
    Ok(Json(
        seal_sessions::provide_documents(&state, &signed.client, &id, &prepared).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/seal/sessions/{id}/cancel",
    tag = "sealing-client",
    summary = "Cancels a session",
    params(("id" = String, Path)),
    security(("sealing_client" = [])),
    responses((status = 200, body = SealSession), crate::openapi::Failures)
)]
pub(crate) async fn cancel(
    State(state): State<AppState>,
    Path(id): Path<String>,
    signed: SignedByClient,
) -> ApiResult<SealSession> {
    Ok(Json(
        seal_sessions::cancel(&state, &signed.client, &id).await?,
    ))
}

/// The CA that issues the signers' certificates, for validators to trust (public).
#[utoipa::path(
    get,
    path = "/api/seal/ca.pem",
    tag = "sealing-client",
    summary = "The CA certificate that issues signing certificates",
    responses((status = 200, description = "The file", content_type = "application/x-pem-file", body = String), crate::openapi::Failures)
)]
pub(crate) async fn ca_pem(State(state): State<AppState>) -> Result<impl IntoResponse, AppError> {
    let chain = state.ca.chain();
    if chain.is_empty() {
        return Err(AppError::NotFound("no CA is configured".into()));
    }
    let mut pem = String::new();
    for der in &chain {
        let certificate = Certificate::from_der(der).map_err(anyhow::Error::from)?;
        pem.push_str(
            &certificate
                .to_pem(LineEnding::LF)
                .map_err(anyhow::Error::from)?,
        );
    }
    Ok(([(header::CONTENT_TYPE, "application/x-pem-file")], pem))
}
