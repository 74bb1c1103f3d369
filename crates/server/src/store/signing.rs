use cloudsign_contract::signing::SealKind;

use super::Store;

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct SigningSessionRow {
    pub id: String,
    pub token: String,
    pub client_name: String,
    pub seal: String,
    pub status: String,
    pub created_at: i64,
    pub expires_at: i64,
    pub user_id: Option<i64>,
    pub signed_at: Option<i64>,
    pub certificate_serial: Option<String>,
    pub client_id: Option<String>,
    pub phone_notice: Option<String>,
    /// The client gives the documents' digests after the scan (a visible seal).
    pub documents_after_scan: bool,
}

#[derive(sqlx::FromRow, Debug, Clone)]
pub struct SigningDocumentRow {
    pub name: String,
    pub sha256: String,
    pub signature: Option<Vec<u8>>,
    /// What the client sent; once signed, what the signature covers.
    pub signed_attributes: Option<Vec<u8>>,
}

const COLUMNS: &str = "id, token, client_name, seal, status, created_at, expires_at, user_id, signed_at, certificate_serial, client_id, phone_notice, documents_after_scan";

/// A document as the client names it; digest and attributes are None until it is prepared
/// (in a session whose documents come after the scan).
pub struct NewSigningDocument<'a> {
    pub name: &'a str,
    pub sha256: Option<&'a str>,
    pub signed_attributes: Option<&'a [u8]>,
}

pub struct NewSigningSession<'a> {
    pub id: &'a str,
    pub token: &'a str,
    pub client_id: &'a str,
    pub client_name: &'a str,
    pub seal: SealKind,
    pub documents: &'a [NewSigningDocument<'a>],
    pub documents_after_scan: bool,
    pub now: i64,
    pub expires_at: i64,
}

impl Store {
    pub async fn insert_signing_session(&self, session: NewSigningSession<'_>) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            sqlx::query(
                "INSERT INTO signing_sessions (id, token, client_name, seal, status, created_at, expires_at, client_id,
                                               documents_after_scan)
                 VALUES ($1, $2, $3, $4, 'waiting', $5, $6, $7, $8)",
            )
            .bind(session.id)
            .bind(session.token)
            .bind(session.client_name)
            .bind(session.seal.as_str())
            .bind(session.now)
            .bind(session.expires_at)
            .bind(session.client_id)
            .bind(session.documents_after_scan)
            .execute(&mut *tx)
            .await?;
            for (position, document) in session.documents.iter().enumerate() {
                sqlx::query(
                    "INSERT INTO signing_documents (session_id, position, name, sha256, signed_attributes)
                     VALUES ($1, $2, $3, $4, $5)",
                )
                .bind(session.id)
                .bind(position as i64)
                .bind(document.name.trim())
                .bind(document.sha256.map(|digest| digest.trim().to_ascii_lowercase()))
                .bind(document.signed_attributes)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await
        })
    }

    pub async fn signing_session_by_token(
        &self,
        token: &str,
    ) -> sqlx::Result<Option<SigningSessionRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM signing_sessions WHERE token = $1"
            ))
            .bind(token)
            .fetch_optional(pool)
            .await
        })
    }

    /// The token of the newest session still waiting for its scan (the sandbox's stand-in for
    /// the QR code on the desktop's screen).
    pub async fn newest_waiting_signing_token(&self, now: i64) -> sqlx::Result<Option<String>> {
        on_db!(self, |pool| {
            let row: Option<(String,)> = sqlx::query_as(
                "SELECT token FROM signing_sessions WHERE status = 'waiting' AND expires_at > $1
                 ORDER BY created_at DESC, rowid DESC LIMIT 1",
            )
            .bind(now)
            .fetch_optional(pool)
            .await?;
            Ok(row.map(|(token,)| token))
        })
    }

    /// A session, if `client_id` opened it: a client never sees another's.
    pub async fn signing_session_of_client(
        &self,
        id: &str,
        client_id: &str,
    ) -> sqlx::Result<Option<SigningSessionRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM signing_sessions WHERE id = $1 AND client_id = $2"
            ))
            .bind(id)
            .bind(client_id)
            .fetch_optional(pool)
            .await
        })
    }

    pub async fn signing_documents(
        &self,
        session_id: &str,
    ) -> sqlx::Result<Vec<SigningDocumentRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(
                "SELECT name, COALESCE(sha256, '') AS sha256, signature, signed_attributes FROM signing_documents WHERE session_id = $1 ORDER BY position",
            )
            .bind(session_id)
            .fetch_all(pool)
            .await
        })
    }

    /// The person scanned it: it is theirs from now on. False when someone else has it.
    pub async fn mark_signing_scanned(
        &self,
        id: &str,
        user_id: i64,
        now: i64,
    ) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let result = sqlx::query(
                "UPDATE signing_sessions SET status = 'scanned', user_id = $2, scanned_at = $3
                 WHERE id = $1 AND status IN ('waiting', 'scanned') AND (user_id IS NULL OR user_id = $2)",
            )
            .bind(id)
            .bind(user_id)
            .bind(now)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    /// Stores every signature (with the signed attributes it covers) and marks the session signed, if it still may be; false when it
    /// was signed, cancelled or expired meanwhile (then nothing is written).
    pub async fn complete_signing(
        &self,
        id: &str,
        user_id: i64,
        certificate_serial: &str,
        signatures: &[(Vec<u8>, Vec<u8>)],
        now: i64,
    ) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            let moved = sqlx::query(
                "UPDATE signing_sessions SET status = 'signed', signed_at = $3, certificate_serial = $4
                 WHERE id = $1 AND user_id = $2 AND status = 'scanned' AND expires_at > $3",
            )
            .bind(id)
            .bind(user_id)
            .bind(now)
            .bind(certificate_serial)
            .execute(&mut *tx)
            .await?;
            if moved.rows_affected() != 1 {
                return Ok(false);
            }
            for (position, (signed_attributes, signature)) in signatures.iter().enumerate() {
                sqlx::query(
                    "UPDATE signing_documents SET signed_attributes = $3, signature = $4
                     WHERE session_id = $1 AND position = $2",
                )
                .bind(id)
                .bind(position as i64)
                .bind(signed_attributes)
                .bind(signature)
                .execute(&mut *tx)
                .await?;
            }
            tx.commit().await?;
            Ok(true)
        })
    }

    /// The client's prepared documents (digest and signed attributes, in order) for a session
    /// that is scanned, still open and waiting for them; false (and nothing written) otherwise
    /// or when they were given already.
    pub async fn provide_signing_documents(
        &self,
        id: &str,
        client_id: &str,
        documents: &[(String, Vec<u8>)],
        now: i64,
    ) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let mut tx = pool.begin().await?;
            // A no-op write first: it checks the session and takes the write lock at once.
            let open = sqlx::query(
                "UPDATE signing_sessions SET documents_after_scan = TRUE
                 WHERE id = $1 AND client_id = $2 AND documents_after_scan = TRUE AND status = 'scanned'
                   AND expires_at > $3",
            )
            .bind(id)
            .bind(client_id)
            .bind(now)
            .execute(&mut *tx)
            .await?;
            if open.rows_affected() != 1 {
                return Ok(false);
            }
            for (position, (sha256, signed_attributes)) in documents.iter().enumerate() {
                let written = sqlx::query(
                    "UPDATE signing_documents SET sha256 = $3, signed_attributes = $4
                     WHERE session_id = $1 AND position = $2 AND sha256 IS NULL",
                )
                .bind(id)
                .bind(position as i64)
                .bind(sha256.trim().to_ascii_lowercase())
                .bind(signed_attributes)
                .execute(&mut *tx)
                .await?;
                if written.rows_affected() != 1 {
                    return Ok(false);
                }
            }
            tx.commit().await?;
            Ok(true)
        })
    }

    /// What the phone refused last, for the sealing client to show.
    pub async fn note_signing_refusal(&self, id: &str, notice: &str) -> sqlx::Result<()> {
        on_db!(self, |pool| {
            sqlx::query("UPDATE signing_sessions SET phone_notice = $2 WHERE id = $1")
                .bind(id)
                .bind(notice)
                .execute(pool)
                .await?;
            Ok(())
        })
    }

    /// The client cancels its own session, if it is still open.
    pub async fn cancel_signing(&self, id: &str, client_id: &str) -> sqlx::Result<bool> {
        on_db!(self, |pool| {
            let result = sqlx::query(
                "UPDATE signing_sessions SET status = 'cancelled'
                 WHERE id = $1 AND client_id = $2 AND status IN ('waiting', 'scanned')",
            )
            .bind(id)
            .bind(client_id)
            .execute(pool)
            .await?;
            Ok(result.rows_affected() == 1)
        })
    }

    /// 签署记录: the person's signed sessions, newest first.
    pub async fn signed_sessions(
        &self,
        user_id: i64,
        limit: i64,
    ) -> sqlx::Result<Vec<SigningSessionRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM signing_sessions WHERE user_id = $1 AND status = 'signed'
                 ORDER BY signed_at DESC, created_at DESC LIMIT $2"
            ))
            .bind(user_id)
            .bind(limit)
            .fetch_all(pool)
            .await
        })
    }

    pub async fn certificate_by_serial(
        &self,
        serial: &str,
    ) -> sqlx::Result<Option<super::CertificateRow>> {
        on_db!(self, |pool| {
            sqlx::query_as(&format!(
                "SELECT {} FROM certificates WHERE serial = $1",
                super::certificates::CERTIFICATE_COLUMNS
            ))
            .bind(serial)
            .fetch_optional(pool)
            .await
        })
    }
}
