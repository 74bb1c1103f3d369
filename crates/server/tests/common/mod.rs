//! A backend for tests: a temporary data directory and dist, a clock that only moves when told,
//! and requests through `app().oneshot`.

#![allow(dead_code)] // each test file uses its own part

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use cloudsign_contract::ErrorBody;
use cloudsign_server::clock::ManualClock;
use cloudsign_server::{AppState, Config, app};
use http_body_util::BodyExt;
use serde_json::Value;
use tempfile::TempDir;
use tower::ServiceExt;

/// 2027-01-15 08:00 UTC: any fixed moment will do.
pub const START: i64 = 1_800_000_000;

pub struct TestServer {
    pub state: AppState,
    pub clock: ManualClock,
    _dirs: TempDir,
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::with_config(|_| {}).await
    }

    pub async fn with_config(adjust: impl FnOnce(&mut Config)) -> TestServer {
        let dirs = TempDir::new().unwrap();
        let dist = dirs.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><title>云签署</title>",
        )
        .unwrap();
        std::fs::write(
            dist.join("cloudsign-app-0123456789abcdef_bg.wasm"),
            b"\0asm",
        )
        .unwrap();
        let mut config = Config::with_dirs(dirs.path().join("data"), dist);
        config.sandbox = true;
        adjust(&mut config);
        let clock = ManualClock::starting_at(START);
        let state = AppState::open_with_clock(config, Arc::new(clock.clone()))
            .await
            .unwrap();
        TestServer {
            state,
            clock,
            _dirs: dirs,
        }
    }

    pub fn router(&self) -> Router {
        app(self.state.clone())
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let response = self
            .router()
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (parts, body) = response.into_parts();
        (
            parts.status,
            parts.headers,
            body.collect().await.unwrap().to_bytes().to_vec(),
        )
    }

    pub async fn get_json(&self, uri: &str) -> (StatusCode, Value) {
        let (status, _, body) = self.get(uri).await;
        (status, serde_json::from_slice(&body).expect("a JSON body"))
    }

    pub async fn post_json(&self, uri: &str, body: Value) -> (StatusCode, Value) {
        self.send_json(Request::post(uri), body).await
    }

    pub async fn put_json(&self, uri: &str, body: Value) -> (StatusCode, Value) {
        self.send_json(Request::put(uri), body).await
    }

    /// PUT raw bytes, as the app uploads a photo.
    pub async fn put_bytes(
        &self,
        uri: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (StatusCode, Value) {
        let request = Request::put(uri)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap();
        let response = self.router().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&bytes).expect("a JSON body"))
    }

    async fn send_json(
        &self,
        request: axum::http::request::Builder,
        body: Value,
    ) -> (StatusCode, Value) {
        let request = request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let response = self.router().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&bytes).expect("a JSON body"))
    }
}

pub fn error(value: Value) -> ErrorBody {
    serde_json::from_value(value).expect("an error body {code, message}")
}

/// A PNG header of the given size: the server reads sizes from headers and no pixels.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&width.to_be_bytes());
    png.extend_from_slice(&height.to_be_bytes());
    png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    png
}

/// Sends a register code to `phone` and reads it from the sandbox outbox.
pub async fn register_code(server: &TestServer, phone: &str) -> String {
    server.clock.advance(61);
    let (status, _) = server
        .post_json(
            "/api/sms/send",
            serde_json::json!({"phone": phone, "purpose": "register"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, outbox) = server
        .get_json(&format!("/sandbox/sms?phone={phone}"))
        .await;
    outbox[0]["code"].as_str().unwrap().to_owned()
}

// ---- a registration walked through its steps ----

use base64::Engine;
use cloudsign_contract::real_name::LivenessChallenge;
use serde_json::json;

pub const PHONE: &str = "13800138000";

/// A registration at the 实名认证 step, for a person called `name`.
/// A registration for a person called `name`, at its first step (确认信息).
pub async fn registered(server: &TestServer, name: &str) -> String {
    let code = register_code(server, PHONE).await;
    let form = json!({"org_id": "huizhou", "role": "bidder", "unit_name": "惠州市某公司", "name": name,
                      "phone": PHONE, "sms_code": code, "agreed": true});
    let (status, state) = server.post_json("/api/registrations", form).await;
    assert_eq!(status, StatusCode::OK, "{state}");
    state["id"].as_str().unwrap().to_owned()
}

pub async fn at_real_name(server: &TestServer, name: &str) -> String {
    let id = registered(server, name).await;
    let (status, _) = server
        .put_json(
            &format!("/api/registrations/{id}/identity"),
            json!({"id_number": "11010519491231002X"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    id
}

pub async fn upload_both(server: &TestServer, id: &str) {
    for side in ["portrait", "emblem"] {
        let (status, receipt) = server
            .put_bytes(
                &format!("/api/registrations/{id}/id-card/{side}"),
                "image/png",
                png(1600, 1000),
            )
            .await;
        assert_eq!(status, StatusCode::OK, "{receipt}");
        assert_eq!(receipt["width"], 1600);
    }
}

pub async fn challenge(server: &TestServer, id: &str) -> LivenessChallenge {
    let (status, body) = server
        .post_json(
            &format!("/api/registrations/{id}/liveness/challenge"),
            json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_value(body).unwrap()
}

pub fn b64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Frames for every prompt; `moving` frames differ from each other, still ones do not.
pub fn frames(challenge: &LivenessChallenge, moving: bool) -> Value {
    let frames: Vec<Value> = challenge
        .prompts
        .iter()
        .map(|prompt| {
            let images: Vec<String> = (0..4)
                .map(|i| b64(&png(320 + if moving { i } else { 0 }, 240)))
                .collect();
            json!({"prompt": prompt, "images": images})
        })
        .collect();
    json!({"challenge_id": challenge.challenge_id, "frames": frames})
}

/// A registration that passed 实名认证 and stands at `payment`.
pub async fn at_payment(server: &TestServer) -> String {
    let id = at_real_name(server, "张三").await;
    upload_both(server, &id).await;
    let challenge = challenge(server, &id).await;
    let (status, state) = server
        .post_json(
            &format!("/api/registrations/{id}/liveness"),
            frames(&challenge, true),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{state}");
    id
}

/// A registration with an unpaid order; returns (registration id, order number).
#[allow(dead_code)]
pub async fn with_order(server: &TestServer) -> (String, String) {
    let id = at_payment(server).await;
    server.clock.advance(61);
    server
        .post_json(
            "/api/sms/send",
            json!({"phone": PHONE, "purpose": "confirm"}),
        )
        .await;
    let (_, outbox) = server
        .get_json(&format!("/sandbox/sms?phone={PHONE}"))
        .await;
    let code = outbox[0]["code"].as_str().unwrap();
    let (status, order) = server
        .post_json(
            &format!("/api/registrations/{id}/order"),
            json!({"sms_code": code}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{order}");
    (id, order["order_no"].as_str().unwrap().to_owned())
}

/// A registration whose order WeChat Pay reported paid: it stands at 设置签署密码.
#[allow(dead_code)]
pub async fn paid(server: &TestServer) -> String {
    let (id, order_no) = with_order(server).await;
    let transaction = cloudsign_server::providers::PaidTransaction {
        order_no,
        transaction_id: "4200000100".into(),
        amount_fen: 13_000,
    };
    let (headers, body) = cloudsign_server::sandbox::wxpay::signed_notification(&transaction, {
        use cloudsign_server::clock::Clock;
        server.clock.now()
    });
    let mut request =
        Request::post("/api/pay/notify").header(header::CONTENT_TYPE, "application/json");
    for (name, value) in &headers {
        request = request.header(*name, value);
    }
    let response = server
        .router()
        .oneshot(request.body(Body::from(body)).unwrap())
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    id
}

impl TestServer {
    /// A POST with no body (the sandbox pages' forms); answers (status, headers, body).
    #[allow(dead_code)]
    pub async fn post_empty(&self, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let response = self
            .router()
            .oneshot(Request::post(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (parts, body) = response.into_parts();
        (
            parts.status,
            parts.headers,
            body.collect().await.unwrap().to_bytes().to_vec(),
        )
    }

    /// A request with the session's bearer token (and a JSON body when given).
    #[allow(dead_code)]
    pub async fn authorized(
        &self,
        method: &str,
        uri: &str,
        token: &str,
        body: Option<Value>,
    ) -> (StatusCode, Value) {
        let request = Request::builder()
            .method(method)
            .uri(uri)
            .header(header::AUTHORIZATION, format!("Bearer {token}"))
            .header(header::CONTENT_TYPE, "application/json");
        let body = body
            .map(|b| Body::from(b.to_string()))
            .unwrap_or_else(Body::empty);
        let response = self
            .router()
            .oneshot(request.body(body).unwrap())
            .await
            .unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (
            status,
            serde_json::from_slice(&bytes).unwrap_or(Value::Null),
        )
    }
}

// ---- requests that really run at once ----

/// A JSON request, optionally from a client address (as the server sees a socket's peer).
pub fn json_request(
    method: &str,
    uri: &str,
    body: &Value,
    from: Option<std::net::SocketAddr>,
) -> Request<Body> {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_string()))
        .unwrap();
    if let Some(address) = from {
        request
            .extensions_mut()
            .insert(axum::extract::ConnectInfo(address));
    }
    request
}

/// A client address for the rate limits.
pub fn client(last_octet: u8) -> Option<std::net::SocketAddr> {
    Some(std::net::SocketAddr::from((
        [203, 0, 113, last_octet],
        40_000,
    )))
}

impl TestServer {
    /// Sends every request at the same moment from its own task (the test must run on the
    /// multi-thread runtime so that they really run in parallel); answers in the same order.
    pub async fn parallel(&self, requests: Vec<Request<Body>>) -> Vec<(StatusCode, Value)> {
        let start = Arc::new(tokio::sync::Barrier::new(requests.len()));
        let tasks: Vec<_> = requests
            .into_iter()
            .map(|request| {
                let (router, start) = (self.router(), start.clone());
                tokio::spawn(async move {
                    start.wait().await;
                    let response = router.oneshot(request).await.unwrap();
                    let status = response.status();
                    let bytes = response.into_body().collect().await.unwrap().to_bytes();
                    (
                        status,
                        serde_json::from_slice(&bytes).unwrap_or(Value::Null),
                    )
                })
            })
            .collect();
        let mut answers = Vec::with_capacity(tasks.len());
        for task in tasks {
            answers.push(task.await.unwrap());
        }
        answers
    }
}

/// How many answers have this status.
pub fn count(answers: &[(StatusCode, Value)], status: StatusCode) -> usize {
    answers.iter().filter(|(s, _)| *s == status).count()
}

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

// ---- flows several test files walk through ----

/// SHA-256 of "test": a document's digest for the sealing client.
pub const DIGEST: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

/// A session the sandbox sealing client opens for `documents` with the `seal`:
/// (session id, signing token of its QR code).
pub async fn seal_session_for(
    server: &TestServer,
    documents: Value,
    seal: &str,
) -> (String, String) {
    let (status, opened) = server
        .post_json(
            "/sandbox/seal-client/sessions",
            json!({"documents": documents, "seal": seal}),
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

/// Whether the sandbox sealing client verified the first document's signature against the
/// certificate it was given.
pub async fn first_document_verified(server: &TestServer, seal_session_id: &str) -> bool {
    let (_, report) = server
        .get_json(&format!(
            "/sandbox/seal-client/sessions/{seal_session_id}/status"
        ))
        .await;
    report["documents"][0]["verified"] == true
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
