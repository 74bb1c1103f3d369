//! Scan to sign, the phone's side. The sealing client opens a session (`seal_sessions`) and
//! shows the QR code; the app reads it, shows 签章确认, and signs every document's signed
//! attributes with the person's key once the signing password has opened it.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloudsign_contract::rules::mask_name;
use cloudsign_contract::signing::{
    DocumentDigest, SealKind, SignedDocument, SigningRecord, SigningRecords, SigningRequest,
    SigningResult,
};

use crate::AppState;
use crate::domain::signed_attributes;
use crate::domain::signing::{Refusal, SessionState, refusal};
use crate::domain::signing_key::{open_key, sign as sign_message};
use crate::error::AppError;
use crate::services::credentials::check_password;
use crate::services::{handwriting, registration};
use crate::store::{SigningSessionRow, UserRow};

async fn session_for(
    state: &AppState,
    user: &UserRow,
    token: &str,
) -> Result<SigningSessionRow, AppError> {
    let session = state
        .store
        .signing_session_by_token(token)
        .await?
        .ok_or_else(|| AppError::NotFound(tr!("不是有效的签署二维码")))?;
    let taken_by_other = session.user_id.is_some_and(|owner| owner != user.id);
    if let Some(refused) = refusal(
        SessionState::parse(&session.status),
        session.expires_at,
        state.clock.now(),
        taken_by_other,
    ) {
        return Err(match refused {
            Refusal::Expired => AppError::Expired(refused.message()),
            _ => AppError::WrongStep(refused.message()),
        });
    }
    Ok(session)
}

/// 签章确认: what the code asks the person to sign. Scanning claims it for them.
pub async fn request(
    state: &AppState,
    user: &UserRow,
    token: &str,
) -> Result<SigningRequest, AppError> {
    let session = session_for(state, user, token).await?;
    let now = state.clock.now();
    // Claimed already by this person (the page reloaded, or polls while the desktop prepares a
    // visible seal): nothing to write.
    let claimed = session.status == "scanned" && session.user_id == Some(user.id);
    if !claimed
        && !state
            .store
            .mark_signing_scanned(&session.id, user.id, now)
            .await?
    {
        return Err(AppError::WrongStep(tr!("该二维码已被其他账号扫描")));
    }
    let seal = SealKind::parse(&session.seal).unwrap_or(SealKind::Personal);
    // Three reads that do not depend on each other, at once: on PostgreSQL each is a round trip.
    let (documents, registration, seal_image) = tokio::try_join!(
        async { Ok::<_, AppError>(state.store.signing_documents(&session.id).await?) },
        registration::of_user(state, user.id),
        handwriting::seal_image(state, user.id, seal),
    )?;
    let documents = documents
        .into_iter()
        .map(|row| DocumentDigest {
            name: row.name,
            sha256: row.sha256,
        })
        .collect::<Vec<_>>();
    let documents_ready = documents.iter().all(|document| !document.sha256.is_empty());
    let registered_unit = registration.unit_name;
    Ok(SigningRequest {
        documents_ready,
        unit_verified: user.unit_name == registered_unit,
        client_name: session.client_name,
        documents,
        seal,
        seal_text: match seal {
            SealKind::Personal => user.name.clone(),
            SealKind::Unit => user.unit_name.clone(),
        },
        seal_image,
        signer_masked_name: mask_name(&user.name),
        unit_name: user.unit_name.clone(),
        created_at: session.created_at,
        expires_at: session.expires_at,
        server_now: now,
    })
}

/// 「签署」: the password opens the key, which signs every document's hash.
pub async fn sign(
    state: &AppState,
    user: &UserRow,
    token: &str,
    password: &str,
) -> Result<SigningResult, AppError> {
    if password.is_empty() {
        return Err(AppError::BadRequest(tr!("请输入签署密码")));
    }
    let session = session_for(state, user, token).await?;
    if session.user_id != Some(user.id) {
        return Err(AppError::WrongStep(tr!("请先扫描签署二维码")));
    }
    // Before the password is tried: a visible seal's documents come a moment after the scan,
    // and nothing is signed until they are there (they are given once and never change).
    let documents = state.store.signing_documents(&session.id).await?;
    if documents.iter().any(|row| row.sha256.is_empty()) {
        return Err(AppError::WrongStep(tr!("电脑端正在准备文件，请稍候再签署")));
    }
    if let Err(refused) = check_password(state, user.id, password).await {
        // The desktop is waiting too: it shows why nothing has been signed yet.
        if let AppError::WrongPassword(notice) | AppError::Locked(notice) = &refused {
            let outcome = match refused {
                AppError::Locked(_) => "locked",
                _ => "wrong_password",
            };
            crate::observability::outcome("signings_total", outcome);
            state
                .store
                .note_signing_refusal(&session.id, notice)
                .await?;
        }
        return Err(refused);
    }
    let certificate = state
        .store
        .valid_certificate(user.id)
        .await?
        .ok_or_else(|| AppError::WrongStep(tr!("证书不可用，请联系客服")))?;
    let (sealed, typed) = (certificate.sealed_key(), password.to_owned());
    // What the key signs: the client's attributes with signingCertificateV2 for this
    // certificate, now that the signer is known.
    let to_sign: Vec<Vec<u8>> = documents
        .iter()
        .map(|row| {
            let attributes = row
                .signed_attributes
                .as_deref()
                .ok_or_else(|| anyhow::anyhow!("a document without signed attributes"))?;
            signed_attributes::with_signing_certificate(attributes, &certificate.cert_der)
        })
        .collect::<anyhow::Result<_>>()?;
    // Opening the key is argon2id too: in the same bounded queue as the password checks.
    let signatures = state
        .hashing
        .run(move || {
            let key = open_key(&typed, &sealed)?;
            Some(
                to_sign
                    .into_iter()
                    .map(|attributes| {
                        let signature = sign_message(&key, &attributes);
                        (attributes, signature)
                    })
                    .collect::<Vec<_>>(),
            )
        })
        .await?
        .ok_or_else(|| anyhow::anyhow!("the right password did not open the key"))?;
    let now = state.clock.now();
    if !state
        .store
        .complete_signing(&session.id, user.id, &certificate.serial, &signatures, now)
        .await?
    {
        // Signed, cancelled or expired while the password was checked: say which.
        let latest = session_for(state, user, token).await.err();
        return Err(latest.unwrap_or_else(|| AppError::WrongStep(tr!("签署失败，请重新扫码"))));
    }
    crate::observability::outcome("signings_total", "signed");
    tracing::info!(user_id = user.id, session = %session.id, documents = signatures.len(), "documents signed");
    Ok(SigningResult {
        client_name: session.client_name,
        signed_at: now,
        certificate_serial: certificate.serial,
        documents: documents
            .into_iter()
            .zip(&signatures)
            .map(|(row, (_, signature))| SignedDocument {
                name: row.name,
                sha256: row.sha256,
                signature: STANDARD.encode(signature),
            })
            .collect(),
    })
}

/// 签署记录, newest first.
pub async fn records(state: &AppState, user: &UserRow) -> Result<SigningRecords, AppError> {
    let mut records = Vec::new();
    for session in state.store.signed_sessions(user.id, 100).await? {
        let documents = state.store.signing_documents(&session.id).await?;
        records.push(SigningRecord {
            client_name: session.client_name,
            signed_at: session.signed_at.unwrap_or(session.created_at),
            seal: SealKind::parse(&session.seal).unwrap_or(SealKind::Personal),
            documents: documents.into_iter().map(|row| row.name).collect(),
        });
    }
    Ok(SigningRecords { records })
}
