//! The sealing-client API over HTTPS (blocking: a command-line tool waits anyway).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use cloudsign_contract::ErrorBody;
use cloudsign_contract::seal_api::{
    MAX_WAIT_SECS, NewSealSession, OpenedSealSession, PreparedDocuments, SealSession, SealStatus,
};
use serde::de::DeserializeOwned;

use crate::auth;

/// What went wrong, by kind: the command-line tool turns each into its own exit code.
#[derive(Debug)]
pub enum ClientError {
    /// No answer from the server (down, wrong address, no network).
    Unreachable(String),
    /// The server refused the client's credentials or signature.
    Refused(String),
    /// Any other answer than the one expected, with the server's message.
    Failed(String),
}

impl std::fmt::Display for ClientError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ClientError::Unreachable(why) => write!(f, "the server cannot be reached: {why}"),
            ClientError::Refused(why) => write!(f, "the server refused this client: {why}"),
            ClientError::Failed(why) => write!(f, "{why}"),
        }
    }
}

impl std::error::Error for ClientError {}

pub struct Client {
    base: String,
    client_id: String,
    client_secret: String,
    http: reqwest::blocking::Client,
}

/// Unix seconds now: a request's timestamp, and the signing time of what is prepared.
pub fn now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64)
}

impl Client {
    pub fn new(server: &str, client_id: &str, client_secret: &str) -> Result<Client, ClientError> {
        let http = reqwest::blocking::Client::builder()
            .timeout(Duration::from_secs(MAX_WAIT_SECS + 15))
            .build()
            .map_err(|e| ClientError::Failed(e.to_string()))?;
        Ok(Client {
            base: server.trim_end_matches('/').to_owned(),
            client_id: client_id.to_owned(),
            client_secret: client_secret.to_owned(),
            http,
        })
    }

    fn send<T: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        path: &str,
        body: Option<Vec<u8>>,
    ) -> Result<T, ClientError> {
        let body = body.unwrap_or_default();
        let authorization = auth::sign(
            &self.client_secret,
            &self.client_id,
            method.as_str(),
            path,
            &body,
            now(),
            &auth::nonce(),
        );
        let response = self
            .http
            .request(method, format!("{}{path}", self.base))
            .header(reqwest::header::AUTHORIZATION, authorization)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .map_err(|e| ClientError::Unreachable(format!("{}: {e}", self.base)))?;
        let status = response.status();
        let bytes = response
            .bytes()
            .map_err(|e| ClientError::Unreachable(e.to_string()))?;
        if status.is_success() {
            return serde_json::from_slice(&bytes).map_err(|e| {
                ClientError::Failed(format!("an answer this client cannot read: {e}"))
            });
        }
        let message = serde_json::from_slice::<ErrorBody>(&bytes)
            .map(|error| error.message)
            .unwrap_or_else(|_| String::from_utf8_lossy(&bytes).into_owned());
        Err(if status == reqwest::StatusCode::UNAUTHORIZED {
            ClientError::Refused(message)
        } else {
            ClientError::Failed(format!("{status}: {message}"))
        })
    }

    pub fn open(&self, session: &NewSealSession) -> Result<OpenedSealSession, ClientError> {
        let body = serde_json::to_vec(session).expect("serialisable");
        self.send(reqwest::Method::POST, "/api/seal/sessions", Some(body))
    }

    /// The session, once its status is no longer `seen` (or after `wait` seconds).
    pub fn read(
        &self,
        session_id: &str,
        wait_secs: u64,
        seen: Option<SealStatus>,
    ) -> Result<SealSession, ClientError> {
        let mut path = format!("/api/seal/sessions/{session_id}?wait={wait_secs}");
        if let Some(seen) = seen {
            path.push_str("&seen=");
            path.push_str(seen.as_str());
        }
        self.send(reqwest::Method::GET, &path, None)
    }

    /// The documents of a session that prepares them after the scan.
    pub fn provide_documents(
        &self,
        session_id: &str,
        documents: &PreparedDocuments,
    ) -> Result<SealSession, ClientError> {
        let body = serde_json::to_vec(documents).expect("serialisable");
        self.send(
            reqwest::Method::PUT,
            &format!("/api/seal/sessions/{session_id}/documents"),
            Some(body),
        )
    }

    pub fn cancel(&self, session_id: &str) -> Result<SealSession, ClientError> {
        self.send(
            reqwest::Method::POST,
            &format!("/api/seal/sessions/{session_id}/cancel"),
            None,
        )
    }

    /// The CA certificate (PEM) the server publishes, to trust when verifying.
    pub fn ca_pem(&self) -> Result<String, ClientError> {
        let response = self
            .http
            .get(format!("{}/api/seal/ca.pem", self.base))
            .send()
            .map_err(|e| ClientError::Unreachable(format!("{}: {e}", self.base)))?;
        if !response.status().is_success() {
            return Err(ClientError::Failed(format!(
                "no CA certificate: {}",
                response.status()
            )));
        }
        response
            .text()
            .map_err(|e| ClientError::Unreachable(e.to_string()))
    }
}
