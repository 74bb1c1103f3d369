//! Verification codes through the API, the sandbox outbox, and the rules with a moving clock.

mod common;

use axum::http::StatusCode;
use cloudsign_contract::ErrorCode;
use cloudsign_contract::rules::{Phone, SmsCode};
use cloudsign_contract::sms::SmsPurpose;
use cloudsign_server::domain::sms::CodeCheck;
use cloudsign_server::services::sms::redeem_code;
use common::{START, TestServer, error};
use serde_json::{Value, json};

const PHONE: &str = "13800138000";

async fn send(server: &TestServer, purpose: &str) -> (StatusCode, Value) {
    server
        .post_json("/api/sms/send", json!({"phone": PHONE, "purpose": purpose}))
        .await
}

/// The newest code the sandbox delivered to PHONE.
async fn latest_code(server: &TestServer) -> String {
    let (status, outbox) = server
        .get_json(&format!("/sandbox/sms?phone={PHONE}"))
        .await;
    assert_eq!(status, StatusCode::OK);
    outbox[0]["code"]
        .as_str()
        .expect("a message in the outbox")
        .to_owned()
}

fn phone() -> Phone {
    Phone::parse(PHONE).unwrap()
}

fn code(text: &str) -> SmsCode {
    SmsCode::parse(text).unwrap()
}

#[tokio::test]
async fn a_sent_code_lands_in_the_sandbox_outbox_newest_first() {
    let server = TestServer::start().await;
    let (status, body) = send(&server, "register").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["resend_after_secs"], 60);

    server.clock.advance(61);
    send(&server, "confirm").await;
    let (_, outbox) = server
        .get_json(&format!("/sandbox/sms?phone={PHONE}"))
        .await;
    let outbox = outbox.as_array().unwrap();
    assert_eq!(outbox.len(), 2);
    assert_eq!(outbox[0]["purpose"], "confirm");
    assert_eq!(outbox[0]["sent_at"], START + 61);
    assert_eq!(outbox[1]["purpose"], "register");
    let first = outbox[1]["code"].as_str().unwrap();
    assert!(SmsCode::parse(first).is_ok());
    assert!(outbox[1]["text"].as_str().unwrap().contains(first));
}

#[tokio::test]
async fn one_code_a_minute_with_the_wait_told_and_remembered() {
    let server = TestServer::start().await;
    send(&server, "register").await;

    server.clock.advance(20);
    let (status, body) = send(&server, "register").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let body = error(body);
    assert_eq!(body.code, ErrorCode::TooManyRequests);
    assert_eq!(body.message, "发送过于频繁，请40秒后再试");

    // A reloaded page asks how long the countdown still runs.
    let (_, cooldown) = server
        .get_json(&format!("/api/sms/cooldown?phone={PHONE}"))
        .await;
    assert_eq!(cooldown["resend_after_secs"], 40);

    server.clock.advance(40);
    let (_, cooldown) = server
        .get_json(&format!("/api/sms/cooldown?phone={PHONE}"))
        .await;
    assert_eq!(cooldown["resend_after_secs"], 0);
    assert_eq!(send(&server, "register").await.0, StatusCode::OK);
}

#[tokio::test]
async fn at_most_ten_codes_a_day() {
    let server = TestServer::start().await;
    for _ in 0..10 {
        assert_eq!(send(&server, "register").await.0, StatusCode::OK);
        server.clock.advance(61);
    }
    let (status, body) = send(&server, "register").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(
        error(body).message,
        "今日获取验证码次数已达上限，请明天再试"
    );

    server.clock.advance(24 * 60 * 60);
    assert_eq!(send(&server, "register").await.0, StatusCode::OK);
}

#[tokio::test]
async fn a_bad_phone_is_refused_before_anything_is_sent() {
    let server = TestServer::start().await;
    let (status, body) = server
        .post_json(
            "/api/sms/send",
            json!({"phone": "1380013", "purpose": "register"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(body).message, "请输入11位手机号");
    let (status, _) = server
        .post_json("/api/sms/send", json!({"phone": PHONE, "purpose": "bribe"}))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_code_works_once_for_its_purpose_within_five_minutes() {
    let server = TestServer::start().await;
    send(&server, "register").await;
    let sent = latest_code(&server).await;

    let check = |purpose, typed: &str| {
        let typed = code(typed);
        let state = server.state.clone();
        async move {
            redeem_code(&state, &phone(), purpose, &typed)
                .await
                .unwrap()
        }
    };
    assert_eq!(
        check(SmsPurpose::Confirm, &sent).await,
        CodeCheck::Missing,
        "not for another purpose"
    );
    assert_eq!(
        check(SmsPurpose::Register, &sent).await,
        CodeCheck::Accepted
    );
    assert_eq!(
        check(SmsPurpose::Register, &sent).await,
        CodeCheck::Missing,
        "only once"
    );

    server.clock.advance(61);
    send(&server, "register").await;
    let sent = latest_code(&server).await;
    server.clock.advance(5 * 60);
    assert_eq!(check(SmsPurpose::Register, &sent).await, CodeCheck::Expired);
}

#[tokio::test]
async fn five_wrong_tries_void_a_code() {
    let server = TestServer::start().await;
    send(&server, "register").await;
    let sent = latest_code(&server).await;
    let wrong = if sent == "000000" { "111111" } else { "000000" };

    for tries_left in (0..5).rev() {
        let check = redeem_code(&server.state, &phone(), SmsPurpose::Register, &code(wrong))
            .await
            .unwrap();
        assert_eq!(check, CodeCheck::Wrong { tries_left });
    }
    let check = redeem_code(&server.state, &phone(), SmsPurpose::Register, &code(&sent))
        .await
        .unwrap();
    assert_eq!(check, CodeCheck::Voided, "even the right code fails now");
}

#[tokio::test]
async fn without_the_sandbox_there_is_no_outbox_and_no_silent_success() {
    let server = TestServer::with_config(|config| config.sandbox = false).await;
    let (status, _, _) = server.get(&format!("/sandbox/sms?phone={PHONE}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = send(&server, "register").await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(error(body).message, "服务暂时不可用，请稍后再试");
}
