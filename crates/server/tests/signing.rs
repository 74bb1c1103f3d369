//! Login with the signing password and its lockout; scan-to-sign sessions.

mod common;

use axum::http::StatusCode;
use base64::Engine;
use cloudsign_server::domain::signing_key::verify;
use common::{PASSWORD, SealClient, TestServer, enrolled, error, log_in, seal_session_for};
use serde_json::json;
use x509_cert::Certificate;
use x509_cert::der::{Decode, Encode};

const DIGEST_A: &str = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
const DIGEST_B: &str = "60303ae22b998861bce3b28f33eec1be758a213c86c93c076dbe9f558c11c752";

fn two_documents() -> serde_json::Value {
    json!([{"name": "招标文件.pdf", "sha256": DIGEST_A}, {"name": "投标函.pdf", "sha256": DIGEST_B}])
}

#[tokio::test]
async fn login_takes_the_password_and_locks_after_five_wrong_ones() {
    let server = TestServer::start().await;
    enrolled(&server).await;

    let (status, session) = log_in(&server, PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let token = session["token"].as_str().unwrap();
    let (status, _) = server.authorized("GET", "/api/me", token, None).await;
    assert_eq!(status, StatusCode::OK);

    // Letters are case-sensitive.
    let (status, body) = log_in(&server, "qianshu2026").await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error(body).message, "签署密码错误，还可尝试4次");
    for left in [3, 2, 1] {
        let (_, body) = log_in(&server, "Wrong12345").await;
        assert_eq!(
            error(body).message,
            format!("签署密码错误，还可尝试{left}次")
        );
    }
    let (status, body) = log_in(&server, "Wrong12345").await;
    assert_eq!(status, StatusCode::LOCKED);
    assert!(error(body).message.contains("请30分钟后再试"));
    // Locked: even the right password waits.
    let (status, _) = log_in(&server, PASSWORD).await;
    assert_eq!(status, StatusCode::LOCKED);
    server.clock.advance(29 * 60);
    let (status, body) = log_in(&server, PASSWORD).await;
    assert_eq!(status, StatusCode::LOCKED);
    assert!(error(body).message.contains("请1分钟后再试"));
    server.clock.advance(60);
    let (status, _) = log_in(&server, PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    // A success starts the count again.
    let (_, body) = log_in(&server, "Wrong12345").await;
    assert_eq!(error(body).message, "签署密码错误，还可尝试4次");

    let (status, body) = server
        .post_json(
            "/api/auth/login",
            json!({"org_id": "huizhou", "phone": "13900139000", "password": PASSWORD}),
        )
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(
        error(body).code,
        cloudsign_contract::ErrorCode::NotRegistered
    );
}

#[tokio::test]
async fn signatures_verify_against_the_issued_certificate() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let (session_id, qr) = seal_session_for(&server, two_documents(), "personal").await;

    let (status, request) = server
        .authorized("GET", &format!("/api/signing/{qr}"), &token, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{request}");
    assert_eq!(request["client_name"], "信鉴易印（沙箱）");
    assert_eq!(request["documents"][1]["name"], "投标函.pdf");
    assert_eq!(request["seal"], "personal");
    assert_eq!(request["signer_masked_name"], "张*");

    let (status, body) = server
        .authorized(
            "POST",
            &format!("/api/signing/{qr}/sign"),
            &token,
            Some(json!({"password": "Wrong12345"})),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error(body).message, "签署密码错误，还可尝试4次");

    let (status, result) = server
        .authorized(
            "POST",
            &format!("/api/signing/{qr}/sign"),
            &token,
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{result}");

    // Each signature verifies with the public key inside the certificate the CA issued.
    let user = server
        .state
        .store
        .find_user_by_id(1)
        .await
        .unwrap()
        .unwrap();
    let certificate = server
        .state
        .store
        .valid_certificate(user.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(result["certificate_serial"], certificate.serial);
    let parsed = Certificate::from_der(&certificate.cert_der).unwrap();
    let public_key = parsed
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .unwrap();

    // The sealing client gets, per document, the signed attributes it sent plus
    // signingCertificateV2, and a signature over them by the key in the issued certificate.
    let session = SealClient::default(&server)
        .await
        .read(&server, &session_id)
        .await;
    assert_eq!(session["status"], "signed");
    let sealed = &session["result"];
    let b64 = |value: &serde_json::Value| {
        base64::engine::general_purpose::STANDARD
            .decode(value.as_str().unwrap())
            .unwrap()
    };
    let signer = &session["signer"];
    assert_eq!(b64(&signer["certificate"]), certificate.cert_der);
    let root = Certificate::from_der(&b64(&signer["chain"][0])).unwrap();
    assert_eq!(root.tbs_certificate.subject, parsed.tbs_certificate.issuer);
    assert_eq!(signer["name"], "张三");
    for ((document, digest), from_phone) in sealed["documents"]
        .as_array()
        .unwrap()
        .iter()
        .zip([DIGEST_A, DIGEST_B])
        .zip(result["documents"].as_array().unwrap())
    {
        assert_eq!(document["sha256"], digest);
        assert_eq!(document["signature"], from_phone["signature"]);
        let attributes = b64(&document["signed_attributes"]);
        let parsed_attributes = x509_cert::attr::Attributes::from_der(&attributes).unwrap();
        let oids: Vec<String> = parsed_attributes
            .iter()
            .map(|a| a.oid.to_string())
            .collect();
        assert!(
            oids.contains(&"1.2.840.113549.1.9.16.2.47".to_owned()),
            "{oids:?}"
        );
        assert!(
            attributes
                .windows(32)
                .any(|w| w == hex::decode(digest).unwrap().as_slice()),
            "the messageDigest is the document's SHA-256"
        );
        let signature = b64(&document["signature"]);
        assert!(verify(&public_key, &attributes, &signature));
        let mut tampered = attributes.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(!verify(&public_key, &tampered, &signature));
    }

    // 签署记录
    let (_, records) = server
        .authorized("GET", "/api/signing/records", &token, None)
        .await;
    assert_eq!(
        records["records"][0]["documents"],
        json!(["招标文件.pdf", "投标函.pdf"])
    );
    assert_eq!(records["records"][0]["client_name"], "信鉴易印（沙箱）");

    // Used: a second scan is refused.
    let (status, body) = server
        .authorized("GET", &format!("/api/signing/{qr}"), &token, None)
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(
        error(body).message,
        "该二维码已使用，请在电脑端重新扫码印章"
    );
}

#[tokio::test]
async fn expired_cancelled_and_foreign_codes_each_say_so() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;

    let (_, foreign) = server
        .authorized("GET", "/api/signing/NotARealTokenAtAll0000", &token, None)
        .await;
    assert_eq!(error(foreign).message, "不是有效的签署二维码");

    let (_, expiring) = seal_session_for(&server, two_documents(), "personal").await;
    let (status, _) = server
        .authorized("GET", &format!("/api/signing/{expiring}"), &token, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    server.clock.advance(5 * 60);
    let (status, body) = server
        .authorized(
            "POST",
            &format!("/api/signing/{expiring}/sign"),
            &token,
            Some(json!({"password": PASSWORD})),
        )
        .await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(error(body).message, "二维码已过期，请在电脑端重新扫码印章");

    let (session_id, cancelled) = seal_session_for(&server, two_documents(), "personal").await;
    let (status, body) = SealClient::default(&server)
        .await
        .send(
            &server,
            "POST",
            &format!("/api/seal/sessions/{session_id}/cancel"),
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["status"], "cancelled");
    let (status, body) = server
        .authorized("GET", &format!("/api/signing/{cancelled}"), &token, None)
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error(body).message, "签署已在电脑端取消，请重新扫码印章");

    // Without a session nothing is shown.
    let (status, _) = server.get_json(&format!("/api/signing/{cancelled}")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

fn transparent_png(width: u32, height: u32) -> Vec<u8> {
    let mut png = common::png(width, height);
    png[25] = 6; // colour type RGBA
    png
}

#[tokio::test]
async fn the_handwritten_signature_is_checked_saved_and_becomes_the_personal_seal() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let b64 = |bytes: &[u8]| base64::engine::general_purpose::STANDARD.encode(bytes);
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="120" viewBox="0 0 300 120"><path fill="#111" d="M0 0L10 10Z"/></svg>"##;

    let (status, _) = server
        .authorized("GET", "/api/me/signature", &token, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = server
        .authorized(
            "PUT",
            "/api/me/signature",
            &token,
            Some(json!({"png": b64(&common::png(300, 120)), "svg": svg})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(body).message, "签名图片须为透明背景");
    let (status, body) = server
        .authorized("PUT", "/api/me/signature", &token, Some(json!({"png": b64(&transparent_png(300, 120)), "svg": "<svg xmlns=\"http://www.w3.org/2000/svg\"><script/></svg>"})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");

    let (status, saved) = server
        .authorized(
            "PUT",
            "/api/me/signature",
            &token,
            Some(json!({"png": b64(&transparent_png(300, 120)), "svg": svg})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    assert_eq!(
        (saved["width"].as_u64(), saved["height"].as_u64()),
        (Some(300), Some(120))
    );
    let (_, again) = server
        .authorized("GET", "/api/me/signature", &token, None)
        .await;
    assert_eq!(again["png"], b64(&transparent_png(300, 120)));

    let (_, qr) = seal_session_for(&server, two_documents(), "personal").await;
    let (_, request) = server
        .authorized("GET", &format!("/api/signing/{qr}"), &token, None)
        .await;
    assert_eq!(request["seal_image"], b64(&transparent_png(300, 120)));
    assert_eq!(request["seal_text"], "张三");
}

#[tokio::test]
async fn the_sandbox_sealing_client_page_opens_a_session_through_the_api_and_verifies() {
    use axum::body::Body;
    use axum::http::{Request, header};
    use tower::ServiceExt;
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let form = "doc=%E6%8B%9B%E6%A0%87%E6%96%87%E4%BB%B6.pdf&doc=%E6%8A%95%E6%A0%87%E5%87%BD.pdf&seal=personal";
    let response = server
        .router()
        .oneshot(
            Request::post("/sandbox/seal-client/start")
                .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
                .body(Body::from(form))
                .unwrap(),
        )
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page = response.headers()[header::LOCATION]
        .to_str()
        .unwrap()
        .to_owned();
    let (_, _, html) = server.get(&page).await;
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains("请使用云签署 APP 扫一扫"), "{html}");
    let qr = html
        .split("data-qr-text=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap();
    let signing_token = qr.rsplit("/s/").next().unwrap();
    let (status, body) = common::sign_with(&server, &token, signing_token, PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, _, html) = server.get(&page).await;
    let html = String::from_utf8(html).unwrap();
    assert!(
        html.contains("签章完成") && html.matches("验签通过").count() == 2,
        "{html}"
    );
}
