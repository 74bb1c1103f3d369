//! Flows several test files walk through: enrolled, logged in, sealing and signing, resets, paying.

#![allow(dead_code)]

use super::*;

pub const PASSWORD: &str = "Qianshu2026";

/// A registered person with the signing password `PASSWORD`; returns their session token.
pub async fn enrolled(server: &TestServer) -> String {
    let id = paid(server).await;
    let (status, session) = server
        .put_json(
            &format!("/api/registrations/{id}/password"),
            json!({"password": PASSWORD, "confirm": PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{session}");
    session["token"].as_str().unwrap().to_owned()
}

/// 登录 with the signing password: (status, the session or the error).
pub async fn log_in(server: &TestServer, password: &str) -> (StatusCode, Value) {
    server
        .post_json(
            "/api/auth/login",
            json!({"org_id": "huizhou", "phone": PHONE, "password": password}),
        )
        .await
}

/// A fresh SMS code for `purpose`, read from the sandbox outbox.
pub async fn fresh_code(server: &TestServer, purpose: &str) -> String {
    server.clock.advance(61);
    let (status, sent) = server
        .post_json("/api/sms/send", json!({"phone": PHONE, "purpose": purpose}))
        .await;
    assert_eq!(status, StatusCode::OK, "{sent}");
    let (_, outbox) = server
        .get_json(&format!("/sandbox/sms?phone={PHONE}"))
        .await;
    outbox[0]["code"].as_str().unwrap().to_owned()
}

/// SHA-256 of "test": a document's digest for the sealing client.
pub const DIGEST: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

/// A session the tests' sealing client opens for `documents` (`[{name, sha256}]`) with the
/// `seal`: (session id, signing token of its QR code).
pub async fn seal_session_for(
    server: &TestServer,
    documents: Value,
    seal: &str,
) -> (String, String) {
    SealClient::default(server)
        .await
        .open(server, documents, seal)
        .await
}

/// A session for one document, `a.pdf`.
pub async fn seal_session(server: &TestServer, seal: &str) -> (String, String) {
    seal_session_for(server, json!([{"name": "a.pdf", "sha256": DIGEST}]), seal).await
}

/// The person opens the signing link (which claims it) and signs with `password`.
pub async fn sign_with(
    server: &TestServer,
    session: &str,
    signing_token: &str,
    password: &str,
) -> (StatusCode, Value) {
    server
        .authorized(
            "GET",
            &format!("/api/signing/{signing_token}"),
            session,
            None,
        )
        .await;
    server
        .authorized(
            "POST",
            &format!("/api/signing/{signing_token}/sign"),
            session,
            Some(json!({ "password": password })),
        )
        .await
}

/// Whether the first document's signature, as the sealing client gets it, verifies over its
/// signed attributes with the key in the signer's certificate.
pub async fn first_document_verified(server: &TestServer, seal_session_id: &str) -> bool {
    use base64::Engine;
    use x509_cert::der::{Decode, Encode};
    let session = SealClient::default(server)
        .await
        .read(server, seal_session_id)
        .await;
    let result = &session["result"];
    let decode = |value: &Value| {
        base64::engine::general_purpose::STANDARD
            .decode(value.as_str().unwrap_or_default())
            .unwrap_or_default()
    };
    let Ok(certificate) =
        x509_cert::Certificate::from_der(&decode(&session["signer"]["certificate"]))
    else {
        return false;
    };
    let key = certificate
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .unwrap();
    let document = &result["documents"][0];
    cloudsign_server::domain::signing_key::verify(
        &key,
        &decode(&document["signed_attributes"]),
        &decode(&document["signature"]),
    )
}

/// 重置签署密码 started with a fresh `reset` code: (reset id, the liveness prompts).
pub async fn reset_started(server: &TestServer) -> (String, LivenessChallenge) {
    let code = fresh_code(server, "reset").await;
    let (status, started) = server
        .post_json(
            "/api/password-reset",
            json!({"org_id": "huizhou", "phone": PHONE, "sms_code": code}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    (
        started["reset_id"].as_str().unwrap().to_owned(),
        serde_json::from_value(started["challenge"].clone()).unwrap(),
    )
}

/// An H5 prepay for the registration's order; answers the prepay id.
pub async fn prepay(server: &TestServer, registration_id: &str) -> String {
    let (status, h5) = server
        .post_json(
            &format!("/api/registrations/{registration_id}/order/pay"),
            json!({"channel": "h5", "redirect_url": "/pay-result"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{h5}");
    h5["h5_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned()
}

/// The person confirms at WeChat's cashier and WeChat takes the money (no notification is sent
/// here); false when WeChat refuses (the prepay was closed or is out of time).
pub async fn pay_at_wechat(server: &TestServer, prepay_id: &str) -> bool {
    let now = cloudsign_server::clock::Clock::now(server.state.clock.as_ref());
    server
        .state
        .store
        .pay_sandbox_prepay(prepay_id, "4200000042", now)
        .await
        .unwrap()
}

/// One request as `parallel` sends it (with a client address, and an answer without a body read
/// as null).
pub async fn one(
    server: &TestServer,
    path: &str,
    body: Value,
    from: Option<std::net::SocketAddr>,
) -> (StatusCode, Value) {
    server
        .parallel(vec![json_request("POST", path, &body, from)])
        .await
        .remove(0)
}
