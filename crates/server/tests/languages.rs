//! Answers in the language the request asks for: the server's own messages, the contract's
//! rule messages and configured names, each request in its own language even when requests in
//! both languages run at the same moment.

mod common;

use axum::http::{HeaderValue, StatusCode, header};
use common::*;
use serde_json::{Value, json};

fn in_language(
    mut request: axum::http::Request<axum::body::Body>,
    tag: &str,
) -> axum::http::Request<axum::body::Body> {
    request
        .headers_mut()
        .insert(header::ACCEPT_LANGUAGE, HeaderValue::from_str(tag).unwrap());
    request
}

fn lookup(phone: &str) -> Value {
    json!({"org_id": "huizhou", "phone": phone})
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn each_request_is_answered_in_its_own_language_even_at_once() {
    let server = TestServer::start().await;
    // A rule's message (the contract), and a message of the server's own with a placeholder.
    let mut requests = Vec::new();
    for i in 0..24 {
        let (phone, tag) = match i % 4 {
            0 => ("12345", "en-US,en;q=0.9"),
            1 => ("12345", "zh-CN,zh;q=0.9,en;q=0.8"),
            2 => ("13800138000", "en"),
            _ => ("13800138000", "fr-FR"),
        };
        requests.push(in_language(
            json_request("POST", "/api/auth/lookup", &lookup(phone), None),
            tag,
        ));
    }
    let answers = server.parallel(requests).await;
    for (i, (status, body)) in answers.into_iter().enumerate() {
        let message = error(body).message;
        let expected = match i % 4 {
            0 => "Enter the 11-digit mobile number",
            1 => "请输入11位手机号",
            2 => "This mobile number is not registered for CloudSign with 惠州市公共资源交易中心",
            _ => "该手机号尚未在惠州市公共资源交易中心注册云签署",
        };
        assert!(status.is_client_error(), "{status}");
        assert_eq!(message, expected, "request {i}");
    }
}

#[tokio::test]
async fn the_answer_names_its_language_and_caches_key_on_it() {
    let server = TestServer::start().await;
    let request = in_language(
        json_request("POST", "/api/auth/lookup", &lookup("12345"), None),
        "en",
    );
    let response = tower::ServiceExt::oneshot(server.router(), request)
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    assert_eq!(response.headers()[header::CONTENT_LANGUAGE], "en");
    assert!(response.headers().get_all(header::VARY).iter().any(|v| {
        v.to_str()
            .unwrap()
            .to_ascii_lowercase()
            .contains("accept-language")
    }));
    // No header at all: Chinese, the default.
    let (status, body) = server.post_json("/api/auth/lookup", lookup("12345")).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(body).message, "请输入11位手机号");
}

#[tokio::test]
async fn configured_names_follow_the_language_and_organizations_keep_theirs() {
    let server = TestServer::start().await;
    let request = in_language(
        axum::http::Request::get("/api/orgs")
            .body(axum::body::Body::empty())
            .unwrap(),
        "en",
    );
    let response = tower::ServiceExt::oneshot(server.router(), request)
        .await
        .unwrap();
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    let orgs: Value = serde_json::from_slice(&bytes).unwrap();
    let first = &orgs["orgs"][0];
    assert_eq!(first["product"]["name"], "Personal mobile certificate");
    assert_eq!(first["name"], "惠州市公共资源交易中心");

    let (_, orgs) = server.get_json("/api/orgs").await;
    assert_eq!(orgs["orgs"][0]["product"]["name"], "个人移动证书");
}
