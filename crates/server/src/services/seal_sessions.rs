//! The sealing client's side of scan-to-sign: it opens a session with its documents' signed
//! attributes, waits for the person's signature, or cancels. The phone's side is `signing`.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloudsign_contract::seal_api::{
    MAX_WAIT_SECS, NewSealSession, SealResult, SealSession, SealStatus, SealedDocument,
};
use cloudsign_contract::signing::{DocumentDigest, SealKind};

use crate::AppState;
use crate::domain::registration::new_registration_id;
use crate::domain::sessions::new_token;
use crate::domain::signed_attributes;
use crate::domain::signing::{check_documents, digest_bytes};
use crate::error::AppError;
use crate::store::{NewSigningDocument, NewSigningSession, SealClientRow, SigningSessionRow};

/// What the client gets back: the QR code's token and when it runs out.
pub struct OpenedSession {
    pub session_id: String,
    pub token: String,
    pub expires_at: i64,
}

/// Opens a session once every document's signed attributes say what the phone will show.
pub async fn open(
    state: &AppState,
    client: &SealClientRow,
    request: &NewSealSession,
) -> Result<OpenedSession, AppError> {
    let digests: Vec<DocumentDigest> = request
        .documents
        .iter()
        .map(|document| DocumentDigest {
            name: document.name.clone(),
            sha256: document.sha256.clone(),
        })
        .collect();
    check_documents(&digests).map_err(|message| AppError::BadRequest(message.into()))?;
    let now = state.clock.now();
    let mut attributes = Vec::with_capacity(request.documents.len());
    for document in &request.documents {
        let der = STANDARD
            .decode(&document.signed_attributes)
            .map_err(|_| AppError::BadRequest("signed_attributes: base64 of DER".into()))?;
        let digest = digest_bytes(&document.sha256).expect("checked above");
        signed_attributes::check(&der, &digest, now)
            .map_err(|message| AppError::BadRequest(format!("{}: {message}", document.name)))?;
        attributes.push(der);
    }
    let documents: Vec<NewSigningDocument<'_>> = request
        .documents
        .iter()
        .zip(&attributes)
        .map(|(document, der)| NewSigningDocument {
            name: &document.name,
            sha256: &document.sha256,
            signed_attributes: der,
        })
        .collect();
    let (session_id, token) = (new_registration_id(), new_token());
    let expires_at = now + state.config.signing_ttl_secs;
    state
        .store
        .insert_signing_session(NewSigningSession {
            id: &session_id,
            token: &token,
            client_id: &client.id,
            client_name: &client.name,
            seal: request.seal,
            documents: &documents,
            now,
            expires_at,
        })
        .await?;
    tracing::info!(client = %client.id, session = %session_id, documents = documents.len(), "seal session opened");
    Ok(OpenedSession {
        session_id,
        token,
        expires_at,
    })
}

/// The client's own session; another client's is as unknown as one that never existed.
async fn own_session(
    state: &AppState,
    client: &SealClientRow,
    session_id: &str,
) -> Result<SigningSessionRow, AppError> {
    state
        .store
        .signing_session_of_client(session_id, &client.id)
        .await?
        .ok_or_else(|| AppError::NotFound("session not found".into()))
}

fn status_of(session: &SigningSessionRow, now: i64) -> SealStatus {
    match SealStatus::parse(&session.status) {
        Some(SealStatus::Waiting | SealStatus::Scanned) if now >= session.expires_at => {
            SealStatus::Expired
        }
        Some(status) => status,
        None => SealStatus::Cancelled,
    }
}

/// Where the session stands. With `wait`, the answer is held (up to 30 s) until the status is
/// no longer `seen` or the phone refused something new: a client long-polls without hammering
/// the server.
pub async fn read(
    state: &AppState,
    client: &SealClientRow,
    session_id: &str,
    wait_secs: u64,
    seen: Option<SealStatus>,
) -> Result<SealSession, AppError> {
    let deadline = tokio::time::Instant::now() + Duration::from_secs(wait_secs.min(MAX_WAIT_SECS));
    let mut session = own_session(state, client, session_id).await?;
    let notice_seen = session.phone_notice.clone();
    // The database is polled rather than an in-process signal, so that it works whatever
    // instance the person's phone talked to.
    while Some(status_of(&session, state.clock.now())) == seen
        && session.phone_notice == notice_seen
        && !status_of(&session, state.clock.now()).is_final()
        && tokio::time::Instant::now() < deadline
    {
        tokio::time::sleep(Duration::from_millis(200)).await;
        session = own_session(state, client, session_id).await?;
    }
    let status = status_of(&session, state.clock.now());
    let result = match status {
        SealStatus::Signed => Some(result_of(state, &session).await?),
        _ => None,
    };
    Ok(SealSession {
        session_id: session.id,
        status,
        expires_at: session.expires_at,
        phone_notice: session.phone_notice,
        result,
    })
}

async fn result_of(state: &AppState, session: &SigningSessionRow) -> Result<SealResult, AppError> {
    let missing = || anyhow::anyhow!("signed session {} without its signer", session.id);
    let serial = session.certificate_serial.as_deref().ok_or_else(missing)?;
    let certificate = state
        .store
        .certificate_by_serial(serial)
        .await?
        .ok_or_else(missing)?;
    let user = state
        .store
        .find_user_by_id(session.user_id.ok_or_else(missing)?)
        .await?
        .ok_or_else(missing)?;
    let seal = SealKind::parse(&session.seal).unwrap_or(SealKind::Personal);
    let seal_image_png = match seal {
        SealKind::Personal => state
            .store
            .signature(user.id)
            .await?
            .map(|saved| STANDARD.encode(saved.png)),
        SealKind::Unit => None,
    };
    let documents = state
        .store
        .signing_documents(&session.id)
        .await?
        .into_iter()
        .map(|row| {
            Ok(SealedDocument {
                signed_attributes: STANDARD.encode(row.signed_attributes.ok_or_else(missing)?),
                signature: STANDARD.encode(row.signature.ok_or_else(missing)?),
                name: row.name,
                sha256: row.sha256,
            })
        })
        .collect::<anyhow::Result<_>>()?;
    Ok(SealResult {
        signed_at: session.signed_at.unwrap_or(session.created_at),
        seal,
        signer_name: user.name,
        unit_name: user.unit_name,
        certificate: STANDARD.encode(&certificate.cert_der),
        chain: state
            .ca
            .chain()
            .iter()
            .map(|der| STANDARD.encode(der))
            .collect(),
        seal_image_png,
        documents,
    })
}

/// The client withdraws its session; one already signed stays signed.
pub async fn cancel(
    state: &AppState,
    client: &SealClientRow,
    session_id: &str,
) -> Result<SealSession, AppError> {
    let session = own_session(state, client, session_id).await?;
    if !state.store.cancel_signing(&session.id, &client.id).await? {
        let status = status_of(
            &own_session(state, client, session_id).await?,
            state.clock.now(),
        );
        if status != SealStatus::Cancelled {
            return Err(AppError::WrongStep(format!(
                "session is {}: it can no longer be cancelled",
                status.as_str()
            )));
        }
    }
    read(state, client, session_id, 0, None).await
}
