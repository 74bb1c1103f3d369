//! 设置签署密码: the certificate, the sealed key, the session.

mod common;

use axum::http::StatusCode;
use cloudsign_server::domain::signing_key::{open_key, password_matches, sign, verify};
use common::{PASSWORD, PHONE, TestServer, at_payment, error, paid};
use serde_json::{Value, json};

async fn set_password(
    server: &TestServer,
    id: &str,
    password: &str,
    confirm: &str,
) -> (StatusCode, Value) {
    server
        .put_json(
            &format!("/api/registrations/{id}/password"),
            json!({"password": password, "confirm": confirm}),
        )
        .await
}

#[tokio::test]
async fn the_password_comes_after_payment() {
    let server = TestServer::start().await;
    let id = at_payment(&server).await;
    let (status, body) = set_password(&server, &id, PASSWORD, PASSWORD).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error(body).message, "请先完成证书费用支付");
}

#[tokio::test]
async fn payment_moves_the_registration_on_and_the_rule_is_checked_again() {
    let server = TestServer::start().await;
    let id = paid(&server).await;
    let (_, state) = server.get_json(&format!("/api/registrations/{id}")).await;
    assert_eq!(state["step"], "password");

    for (password, confirm, message) in [
        ("abcdefg1", "abcdefg1", "签署密码须包含大写字母"),
        ("Abc1", "Abc1", "签署密码须为8-16位"),
        ("Abcdefg1", "", "请再次输入签署密码"),
        ("Abcdefg1", "Abcdefg2", "两次输入的密码不一致"),
    ] {
        let (status, body) = set_password(&server, &id, password, confirm).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{password}");
        assert_eq!(error(body).message, message);
    }
}

#[tokio::test]
async fn setting_it_issues_a_certificate_whose_key_only_the_password_opens() {
    let server = TestServer::start().await;
    let id = paid(&server).await;
    let (status, session) = set_password(&server, &id, PASSWORD, PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    assert_eq!(session["me"]["masked_name"], "张*");
    assert_eq!(session["me"]["masked_phone"], "138****8000");
    assert_eq!(session["me"]["unit_name"], "惠州市某公司");
    let token = session["token"].as_str().unwrap();

    let (_, state) = server.get_json(&format!("/api/registrations/{id}")).await;
    assert_eq!(state["step"], "done");

    // Stored: a hash, and a key that opens with the password and signs under the certificate.
    let store = &server.state.store;
    let user = store
        .find_user(
            "huizhou",
            &cloudsign_contract::rules::Phone::parse(PHONE).unwrap(),
        )
        .await
        .unwrap()
        .expect("the person exists now");
    let hash = store.password_hash(user.id).await.unwrap().unwrap();
    assert!(hash.starts_with("$argon2id$"));
    assert!(password_matches(&hash, PASSWORD));
    let certificate = store.valid_certificate(user.id).await.unwrap().unwrap();
    assert_eq!(certificate.not_after - certificate.not_before, 365 * 86_400);
    assert!(open_key("Qianshu2027", &certificate.sealed_key()).is_none());
    let key = open_key(PASSWORD, &certificate.sealed_key()).expect("the password opens the key");
    let signature = sign(&key, b"sha256 of a tender document");
    assert!(verify(
        &certificate.public_key_der,
        b"sha256 of a tender document",
        &signature
    ));

    // The password appears nowhere in the database files.
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(&server.state.config.data_dir).unwrap() {
        bytes.extend(std::fs::read(entry.unwrap().path()).unwrap_or_default());
    }
    assert!(
        !bytes
            .windows(PASSWORD.len())
            .any(|w| w == PASSWORD.as_bytes()),
        "the signing password was stored"
    );

    // The session is the person's; a second submission changes nothing.
    let (status, me) = server.authorized("GET", "/api/me", token, None).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(me["org_name"], "惠州市公共资源交易中心");
    let (status, body) = set_password(&server, &id, "Another2026", "Another2026").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error(body).message, "签署密码已设置，请直接登录");
    assert!(password_matches(
        &store.password_hash(user.id).await.unwrap().unwrap(),
        PASSWORD
    ));

    // And the login page now knows the number.
    let (status, lookup) = server
        .post_json(
            "/api/auth/lookup",
            json!({"org_id": "huizhou", "phone": PHONE}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{lookup}");
}

#[tokio::test]
async fn sessions_end_at_logout_and_at_expiry() {
    let server = TestServer::start().await;
    let id = paid(&server).await;
    let (_, session) = set_password(&server, &id, PASSWORD, PASSWORD).await;
    let token = session["token"].as_str().unwrap().to_owned();

    let (status, body) = server.get_json("/api/me").await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(error(body).message, "登录已失效，请重新登录");
    let (status, _) = server.authorized("GET", "/api/me", "forged", None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    let (status, _) = server
        .authorized("DELETE", "/api/session", &token, None)
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = server.authorized("GET", "/api/me", &token, None).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);

    // A fresh session lasts its configured time and not a second more.
    let user = server
        .state
        .store
        .find_user_by_id(1)
        .await
        .unwrap()
        .unwrap();
    let session = cloudsign_server::services::sessions::open(&server.state, &user)
        .await
        .unwrap();
    let (status, _) = server
        .authorized("GET", "/api/me", &session.token, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    server.clock.advance(server.state.config.session_ttl_secs);
    let (status, _) = server
        .authorized("GET", "/api/me", &session.token, None)
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}
