//! Tried as an attacker would: parallel requests, replays, bursts, stale sessions. Every rule
//! that counts or moves state must hold when the requests really run at once (these tests run
//! on the multi-thread runtime and release their requests together through a barrier).

#[path = "../common/mod.rs"]
mod common;

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use async_trait::async_trait;
use axum::http::StatusCode;
use cloudsign_contract::real_name::LivenessChallenge;
use cloudsign_server::providers::{
    CertificateAuthority, CertificateRequest, InvoiceProvider, InvoiceRequest, IssuedCertificate,
    IssuedInvoice,
};
use cloudsign_server::sandbox::real_name::FACE_MISMATCH_MARK;
use common::{
    PASSWORD, PHONE, TestServer, at_real_name, b64, challenge, client, count, enrolled, error,
    json_request, one, paid, pay_at_wechat, png, prepay, reset_started, seal_session, upload_both,
    with_order,
};
use serde_json::{Value, json};

/// Counts what the wrapped CA issues.
pub(crate) struct CountingCa {
    inner: Arc<dyn CertificateAuthority>,
    issued: Arc<AtomicUsize>,
}

#[async_trait]
impl CertificateAuthority for CountingCa {
    async fn issue(&self, request: CertificateRequest<'_>) -> anyhow::Result<IssuedCertificate> {
        self.issued.fetch_add(1, Ordering::SeqCst);
        self.inner.issue(request).await
    }

    fn chain(&self) -> Vec<Vec<u8>> {
        self.inner.chain()
    }
}

pub(crate) fn count_certificates(server: &mut TestServer) -> Arc<AtomicUsize> {
    let issued = Arc::new(AtomicUsize::new(0));
    server.state.ca = Arc::new(CountingCa {
        inner: server.state.ca.clone(),
        issued: issued.clone(),
    });
    issued
}

pub(crate) struct CountingInvoices {
    inner: Arc<dyn InvoiceProvider>,
    issued: Arc<AtomicUsize>,
}

#[async_trait]
impl InvoiceProvider for CountingInvoices {
    async fn issue(&self, request: InvoiceRequest<'_>) -> anyhow::Result<IssuedInvoice> {
        self.issued.fetch_add(1, Ordering::SeqCst);
        // Slow, as a real platform is: parallel requests overlap.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        self.inner.issue(request).await
    }
}

/// Frames for every prompt, each carrying `mark` (the sandbox's rule for someone else's face).
pub(crate) fn marked_frames(challenge: &LivenessChallenge, mark: &[u8]) -> Value {
    let frames: Vec<Value> = challenge
        .prompts
        .iter()
        .map(|prompt| {
            let images: Vec<String> = (0..4)
                .map(|i| {
                    let mut image = png(320 + i, 240);
                    image.extend_from_slice(mark);
                    b64(&image)
                })
                .collect();
            json!({"prompt": prompt, "images": images})
        })
        .collect();
    json!({"challenge_id": challenge.challenge_id, "frames": frames})
}

pub(crate) fn login_body(password: &str) -> Value {
    json!({"org_id": "huizhou", "phone": PHONE, "password": password})
}

pub(crate) fn tries_left(answers: &[(StatusCode, Value)]) -> Vec<u32> {
    let mut left: Vec<u32> = answers
        .iter()
        .filter_map(|(_, body)| body["message"].as_str())
        .filter_map(|message| {
            let digits: String = message
                .split("再试")
                .nth(1)
                .or_else(|| message.split("尝试").nth(1))?
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            digits.parse().ok()
        })
        .collect();
    left.sort_unstable();
    left
}

mod hardening;
mod identity;
mod limits;
mod payments;
mod races;
mod sessions;

/// 重置签署密码 walked through with a fresh code and the person's live face; the new session.
pub(crate) async fn reset_with_face(server: &TestServer, new_password: &str) -> Value {
    let (reset_id, prompts) = reset_started(server).await;
    let (status, _) = one(
        server,
        &format!("/api/password-reset/{reset_id}/liveness"),
        marked_frames(&prompts, b""),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, session) = server
        .put_json(
            &format!("/api/password-reset/{reset_id}/password"),
            json!({"password": new_password, "confirm": new_password}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{session}");
    session
}
