//! Coming back in another browser: resume links (WeChat Pay's return, the desktop's hand-off)
//! and 继续办理 by phone number.

mod common;

use axum::http::StatusCode;
use common::{PHONE, TestServer, at_real_name, count, json_request, paid, register_code};
use serde_json::{Value, json};

async fn link(server: &TestServer, id: &str, target: &str) -> Value {
    let (status, link) = server
        .post_json(
            &format!("/api/registrations/{id}/resume-links"),
            json!({"target": target}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{link}");
    link
}

#[tokio::test]
async fn a_link_brings_the_paid_registration_to_another_browser_once() {
    let server = TestServer::start().await;
    let id = paid(&server).await;
    let link = link(&server, &id, "pay_result").await;
    let token = link["token"].as_str().unwrap();
    assert!(token.len() >= 43, "256 random bits");
    let now = cloudsign_server::clock::Clock::now(server.state.clock.as_ref());
    assert_eq!(link["expires_at"].as_i64().unwrap() - now, 20 * 60);

    let (status, resumed) = server
        .post_json(&format!("/api/resume/{token}"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK, "{resumed}");
    assert_eq!(resumed["registration"]["id"], id.as_str());
    assert_eq!(resumed["registration"]["step"], "password");
    assert_eq!(resumed["org"]["id"], "huizhou");
    assert_eq!(resumed["target"], "pay_result");
    assert!(resumed.get("token").is_none() && resumed["registration"].get("token").is_none());

    let (status, again) = server
        .post_json(&format!("/api/resume/{token}"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "single use");
    assert_eq!(
        again["message"],
        "该链接已使用过，请用手机号和验证码继续办理"
    );
    let stored = server
        .state
        .store
        .redeem_resume_link(token, common::START)
        .await
        .unwrap();
    assert_eq!(
        stored,
        cloudsign_server::store::Redeemed::Unknown,
        "the database keeps a hash, never the token"
    );
}

#[tokio::test]
async fn an_expired_or_unknown_link_says_so() {
    let server = TestServer::start().await;
    let id = at_real_name(&server, "张三").await;
    let link = link(&server, &id, "step").await;
    server.clock.advance(20 * 60);
    let token = link["token"].as_str().unwrap();
    let (status, body) = server
        .post_json(&format!("/api/resume/{token}"), json!({}))
        .await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(body["message"], "该链接已过期，请用手机号和验证码继续办理");
    let (status, body) = server.post_json("/api/resume/not-a-token", json!({})).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["message"], "链接无效，请用手机号和验证码继续办理");
    let (status, _) = server
        .post_json(
            "/api/registrations/unknown/resume-links",
            json!({"target": "step"}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_link_opened_ten_times_at_once_works_once() {
    let server = TestServer::start().await;
    let id = at_real_name(&server, "张三").await;
    let link = link(&server, &id, "step").await;
    let token = link["token"].as_str().unwrap();
    let opens = (0..10)
        .map(|_| json_request("POST", &format!("/api/resume/{token}"), &json!({}), None))
        .collect();
    let answers = server.parallel(opens).await;
    assert_eq!(count(&answers, StatusCode::OK), 1, "{answers:?}");
    assert_eq!(count(&answers, StatusCode::CONFLICT), 9);
}

#[tokio::test]
async fn the_phone_and_a_code_continue_a_registration_in_progress() {
    let server = TestServer::start().await;
    let continue_with = |code: &str| json!({"org_id": "huizhou", "phone": PHONE, "sms_code": code});
    // Nothing in progress yet.
    let code = register_code(&server, PHONE).await;
    let (status, body) = server
        .post_json("/api/registrations/continue", continue_with(&code))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["message"], "该手机号没有进行中的注册，请重新注册");

    let id = paid(&server).await;
    let (status, body) = server
        .post_json("/api/registrations/continue", continue_with("000000"))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a wrong code: {body}");
    let code = register_code(&server, PHONE).await;
    let (status, resumed) = server
        .post_json("/api/registrations/continue", continue_with(&code))
        .await;
    assert_eq!(status, StatusCode::OK, "{resumed}");
    assert_eq!(resumed["registration"]["id"], id.as_str());
    assert_eq!(
        resumed["registration"]["step"], "password",
        "paid: on to 设置签署密码"
    );
    assert_eq!(resumed["target"], "step");

    // Once the account exists, the number logs in instead.
    server
        .put_json(
            &format!("/api/registrations/{id}/password"),
            json!({"password": "Qianshu2026", "confirm": "Qianshu2026"}),
        )
        .await;
    let code = register_code(&server, PHONE).await;
    let (status, body) = server
        .post_json("/api/registrations/continue", continue_with(&code))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["code"], "already_registered");
}
