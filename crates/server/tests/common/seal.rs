//! A sealing client of the tests: registered in the server's store, its requests signed as
//! the API asks (`CLOUDSIGN-HMAC-SHA256`).

#![allow(dead_code)]

use cloudsign_seal::auth::{key_of_secret, sign};
use cloudsign_server::clock::Clock;
use cloudsign_server::domain::signed_attributes;
use rand::Rng;
use rand::distr::Alphanumeric;

use super::*;

pub struct SealClient {
    pub id: String,
    pub secret: String,
}

/// The client the tests open sessions with, named like the sandbox's.
pub const CLIENT_NAME: &str = "信鉴易印（沙箱）";

pub fn nonce() -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(24)
        .map(char::from)
        .collect()
}

/// CMS signed attributes for a document whose SHA-256 is `sha256_hex`, signed `at`.
pub fn attributes_for(sha256_hex: &str, at: i64) -> String {
    let mut digest = [0u8; 32];
    hex::decode_to_slice(sha256_hex, &mut digest).unwrap();
    base64::engine::general_purpose::STANDARD.encode(signed_attributes::build(&digest, at))
}

impl SealClient {
    /// A client registered under `id` (idempotent: the same id is the same client).
    pub async fn registered(server: &TestServer, id: &str) -> SealClient {
        let secret = format!("secret-of-{id}");
        server
            .state
            .store
            .insert_seal_client(id, CLIENT_NAME, &key_of_secret(&secret), START)
            .await
            .unwrap();
        SealClient {
            id: id.to_owned(),
            secret,
        }
    }

    /// The tests' usual client.
    pub async fn default(server: &TestServer) -> SealClient {
        SealClient::registered(server, "sc_tests").await
    }

    /// The `Authorization` header for a request at `timestamp` with `nonce`.
    pub fn authorization(
        &self,
        method: &str,
        path: &str,
        body: &[u8],
        timestamp: i64,
        nonce: &str,
    ) -> String {
        sign(&self.secret, &self.id, method, path, body, timestamp, nonce)
    }

    /// Sends a request with the given `Authorization` (or none).
    pub async fn send_raw(
        server: &TestServer,
        method: &str,
        path: &str,
        body: Vec<u8>,
        authorization: Option<String>,
    ) -> (StatusCode, Value) {
        let mut request = Request::builder()
            .method(method)
            .uri(path)
            .header(header::CONTENT_TYPE, "application/json");
        if let Some(authorization) = authorization {
            request = request.header(header::AUTHORIZATION, authorization);
        }
        let response = server
            .router()
            .oneshot(request.body(Body::from(body)).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&bytes).expect("a JSON body"))
    }

    /// A request signed now with a fresh nonce.
    pub async fn send(
        &self,
        server: &TestServer,
        method: &str,
        path: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let body = body.map(|b| b.to_string().into_bytes()).unwrap_or_default();
        let authorization = self.authorization(method, path, &body, server.clock.now(), &nonce());
        SealClient::send_raw(server, method, path, body, Some(authorization)).await
    }

    /// Opens a session for `documents` (`[{name, sha256}]`) with the `seal`:
    /// (session id, signing token of its QR code).
    pub async fn open(
        &self,
        server: &TestServer,
        documents: Value,
        seal: &str,
    ) -> (String, String) {
        let now = server.clock.now();
        let documents: Vec<Value> = documents
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                let sha256 = d["sha256"].as_str().unwrap();
                json!({"name": d["name"], "sha256": sha256,
                       "signed_attributes": attributes_for(sha256, now)})
            })
            .collect();
        let (status, opened) = self
            .send(
                server,
                "POST",
                "/api/seal/sessions",
                Some(json!({"documents": documents, "seal": seal})),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{opened}");
        let qr_text = opened["qr_text"].as_str().unwrap();
        let token = qr_text.rsplit("/s/").next().unwrap().to_owned();
        assert!(
            qr_text.ends_with(&format!("/s/{token}")) && token.len() >= 32,
            "{qr_text}"
        );
        (opened["session_id"].as_str().unwrap().to_owned(), token)
    }

    pub async fn read(&self, server: &TestServer, session_id: &str) -> Value {
        let (status, session) = self
            .send(
                server,
                "GET",
                &format!("/api/seal/sessions/{session_id}"),
                None,
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{session}");
        session
    }
}
