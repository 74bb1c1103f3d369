//! A registration walked through its steps, through the API.

#![allow(dead_code)]

use super::*;

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
