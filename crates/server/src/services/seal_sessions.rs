//! The sealing client's side of scan-to-sign: it opens a session with its documents' signed
//! attributes, waits for the person's signature, or cancels. The phone's side is `signing`.

use std::time::Duration;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloudsign_contract::seal_api::{
    MAX_WAIT_SECS, NewSealSession, PreparedDocuments, SealDocument, SealResult, SealSession,
    SealSigner, SealStatus, SealedDocument,
};
use cloudsign_contract::signing::SealKind;

use crate::AppState;
use crate::domain::registration::new_registration_id;
use crate::domain::sessions::new_token;
use crate::domain::signed_attributes;
use crate::domain::signing::{check_names, digest_bytes};
use crate::error::AppError;
use crate::store::{NewSigningDocument, NewSigningSession, SealClientRow, SigningSessionRow};

/// What the client gets back: the QR code's token and when it runs out.
pub struct OpenedSession {
    pub session_id: String,
    pub token: String,
    pub expires_at: i64,
}

/// A document's digest and signed attributes, checked: the attributes say what the phone
/// will show (that digest, now).
fn checked_attributes(document: &SealDocument, now: i64) -> Result<Vec<u8>, AppError> {
    let digest = digest_bytes(&document.sha256)
        .ok_or_else(|| AppError::BadRequest(format!("{}: sha256: 64 hex digits", document.name)))?;
    let der = STANDARD
        .decode(&document.signed_attributes)
        .map_err(|_| AppError::BadRequest("signed_attributes: base64 of DER".into()))?;
    signed_attributes::check(&der, &digest, now)
        .map_err(|message| AppError::BadRequest(format!("{}: {message}", document.name)))?;
    Ok(der)
}

/// Opens a session once every document's signed attributes say what the phone will show, or,
/// preparing after the scan, with the documents' names only.
pub async fn open(
    state: &AppState,
    client: &SealClientRow,
    request: &NewSealSession,
) -> Result<OpenedSession, AppError> {
    check_names(request.documents.iter().map(|d| d.name.as_str()))
        .map_err(|message| AppError::BadRequest(message.into()))?;
    let now = state.clock.now();
    let attributes = if request.prepare_after_scan {
        if request
            .documents
            .iter()
            .any(|d| !d.sha256.is_empty() || !d.signed_attributes.is_empty())
        {
            return Err(AppError::BadRequest(
                "prepare_after_scan: name the documents only; their digests come with PUT …/documents".into(),
            ));
        }
        Vec::new()
    } else {
        request
            .documents
            .iter()
            .map(|document| checked_attributes(document, now))
            .collect::<Result<Vec<_>, _>>()?
    };
    let documents: Vec<NewSigningDocument<'_>> = request
        .documents
        .iter()
        .enumerate()
        .map(|(i, document)| NewSigningDocument {
            name: &document.name,
            sha256: attributes.get(i).map(|_| document.sha256.as_str()),
            signed_attributes: attributes.get(i).map(Vec::as_slice),
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
            documents_after_scan: request.prepare_after_scan,
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

/// The documents of a session opened to prepare them after the scan, now that the client
/// knows who signs: once, in the order named, while the session is scanned and open.
pub async fn provide_documents(
    state: &AppState,
    client: &SealClientRow,
    session_id: &str,
    prepared: &PreparedDocuments,
) -> Result<SealSession, AppError> {
    let session = own_session(state, client, session_id).await?;
    if !session.documents_after_scan {
        return Err(AppError::WrongStep(
            "this session got its documents when it was opened".into(),
        ));
    }
    let named = state.store.signing_documents(&session.id).await?;
    let same_names = named.len() == prepared.documents.len()
        && named
            .iter()
            .zip(&prepared.documents)
            .all(|(row, document)| row.name == document.name.trim());
    if !same_names {
        return Err(AppError::BadRequest(
            "documents: the names and order given when the session was opened".into(),
        ));
    }
    let now = state.clock.now();
    let documents = prepared
        .documents
        .iter()
        .map(|document| Ok((document.sha256.clone(), checked_attributes(document, now)?)))
        .collect::<Result<Vec<_>, AppError>>()?;
    if !state
        .store
        .provide_signing_documents(&session.id, &client.id, &documents, now)
        .await?
    {
        let status = status_of(&own_session(state, client, session_id).await?, now);
        return Err(match status {
            SealStatus::Expired => AppError::Expired("session expired".into()),
            SealStatus::Waiting => {
                AppError::WrongStep("not scanned yet: wait for the signer".into())
            }
            _ => AppError::WrongStep(format!(
                "session is {}: its documents can no longer be given",
                status.as_str()
            )),
        });
    }
    read(state, client, session_id, 0, None).await
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
    let signer_known = status == SealStatus::Signed
        || (status == SealStatus::Scanned && session.documents_after_scan);
    let signer = match signer_known {
        true => Some(signer_of(state, &session).await?),
        false => None,
    };
    let result = match status {
        SealStatus::Signed => Some(result_of(state, &session).await?),
        _ => None,
    };
    Ok(SealSession {
        session_id: session.id,
        status,
        expires_at: session.expires_at,
        phone_notice: session.phone_notice,
        signer,
        result,
    })
}

/// Who scanned (and signs) the session, with their certificate and the seal to show.
async fn signer_of(state: &AppState, session: &SigningSessionRow) -> Result<SealSigner, AppError> {
    let missing = || anyhow::anyhow!("session {} without its signer", session.id);
    let user = state
        .store
        .find_user_by_id(session.user_id.ok_or_else(missing)?)
        .await?
        .ok_or_else(missing)?;
    // Signed: the certificate that signed. Scanned: the one that will (the valid one now).
    let certificate = match &session.certificate_serial {
        Some(serial) => state.store.certificate_by_serial(serial).await?,
        None => state.store.valid_certificate(user.id).await?,
    }
    .ok_or_else(|| AppError::WrongStep("the signer has no valid certificate".into()))?;
    let seal = SealKind::parse(&session.seal).unwrap_or(SealKind::Personal);
    let seal_image_png = crate::services::handwriting::seal_image(state, user.id, seal).await?;
    Ok(SealSigner {
        name: user.name,
        unit_name: user.unit_name,
        certificate: STANDARD.encode(&certificate.cert_der),
        chain: state
            .ca
            .chain()
            .iter()
            .map(|der| STANDARD.encode(der))
            .collect(),
        seal_image_png,
    })
}

async fn result_of(state: &AppState, session: &SigningSessionRow) -> Result<SealResult, AppError> {
    let missing = || anyhow::anyhow!("signed session {} without its signatures", session.id);
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
        seal: SealKind::parse(&session.seal).unwrap_or(SealKind::Personal),
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
