//! 我的: 我的证书, 修改签署密码, 我的订单 and e-invoices.

mod common;

use axum::http::StatusCode;
use common::{
    PASSWORD, PHONE, TestServer, enrolled, error, first_document_verified, fresh_code, log_in,
    seal_session, sign_with,
};
use serde_json::{Value, json};

#[tokio::test]
async fn the_certificate_shows_its_year_and_asks_for_renewal_in_the_last_90_days() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let (status, certificate) = server
        .authorized("GET", "/api/me/certificate", &token, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{certificate}");
    assert_eq!(certificate["days_left"], 365);
    assert_eq!(certificate["renewal_due"], false);
    assert_eq!(certificate["issuer"], "CloudSign Sandbox CA");
    assert_eq!(certificate["algorithm"], "ECDSA P-256 (SHA-256)");
    server.clock.advance(276 * 86_400);
    // Sessions last a week: log in again.
    let (_, session) = server
        .post_json(
            "/api/auth/login",
            json!({"org_id": "huizhou", "phone": PHONE, "password": PASSWORD}),
        )
        .await;
    let token = session["token"].as_str().unwrap();
    let (_, certificate) = server
        .authorized("GET", "/api/me/certificate", token, None)
        .await;
    assert_eq!(certificate["days_left"], 89);
    assert_eq!(certificate["renewal_due"], true);
}

#[tokio::test]
async fn changing_the_password_reseals_the_key_and_the_old_one_stops_working() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let change = |old: &str, new: &str, confirm: &str| json!({"old_password": old, "new_password": new, "confirm": confirm});
    let (status, body) = server
        .authorized(
            "PUT",
            "/api/me/password",
            &token,
            Some(change("Wrong12345", "Newpass2026", "Newpass2026")),
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(error(body).message, "签署密码错误，还可尝试4次");
    let (_, body) = server
        .authorized(
            "PUT",
            "/api/me/password",
            &token,
            Some(change(PASSWORD, "newpass2026", "newpass2026")),
        )
        .await;
    assert_eq!(error(body).message, "签署密码须包含大写字母");
    let (_, body) = server
        .authorized(
            "PUT",
            "/api/me/password",
            &token,
            Some(change(PASSWORD, PASSWORD, PASSWORD)),
        )
        .await;
    assert_eq!(error(body).message, "新密码不能与原密码相同");
    let (status, _) = server
        .authorized(
            "PUT",
            "/api/me/password",
            &token,
            Some(change(PASSWORD, "Newpass2026", "Newpass2026")),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    assert_eq!(log_in(&server, PASSWORD).await.0, StatusCode::FORBIDDEN);
    assert_eq!(log_in(&server, "Newpass2026").await.0, StatusCode::OK);

    // Signing still works, with the new password, and the signature verifies.
    let (session_id, qr) = seal_session(&server, "personal").await;
    let (status, _) = sign_with(&server, &token, &qr, "Newpass2026").await;
    assert_eq!(status, StatusCode::OK);
    assert!(first_document_verified(&server, &session_id).await);
}

#[tokio::test]
async fn one_paid_order_is_read_by_its_number_and_only_by_its_owner() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let (_, list) = server
        .authorized("GET", "/api/me/orders", &token, None)
        .await;
    let order_no = list["orders"][0]["order_no"].as_str().unwrap();
    let (status, order) = server
        .authorized("GET", &format!("/api/me/orders/{order_no}"), &token, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{order}");
    assert_eq!(order, list["orders"][0]);
    let (status, _) = server
        .authorized("GET", "/api/me/orders/wechat0000", &token, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = server
        .authorized(
            "GET",
            &format!("/api/me/orders/{order_no}"),
            "not-a-session",
            None,
        )
        .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn paid_orders_get_one_invoice_which_is_mailed_as_a_pdf() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let (status, orders) = server
        .authorized("GET", "/api/me/orders", &token, None)
        .await;
    assert_eq!(status, StatusCode::OK);
    let order: &Value = &orders["orders"][0];
    assert_eq!(orders["orders"].as_array().unwrap().len(), 1);
    assert_eq!(order["invoiced"], false);
    assert_eq!(order["amount"], 13_000);
    assert_eq!(order["phone"], PHONE);
    let order_no = order["order_no"].as_str().unwrap().to_owned();
    let invoice_uri = format!("/api/me/orders/{order_no}/invoice");

    let (status, _) = server.authorized("GET", &invoice_uri, &token, None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, body) = server
        .authorized("POST", &invoice_uri, &token, Some(json!({"title": "惠州市某建设工程有限公司", "tax_number": "91110000802100433C", "email": "bid@example.com"})))
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(body).message, "统一社会信用代码校验位不正确，请核对");
    let (_, body) = server
        .authorized("POST", &invoice_uri, &token, Some(json!({"title": "惠州市某建设工程有限公司", "tax_number": "91110000802100433B", "email": "bid@"})))
        .await;
    assert_eq!(error(body).message, "邮箱格式不正确");

    let request = json!({"title": "惠州市某建设工程有限公司", "tax_number": "91110000802100433B", "email": "Bid@Example.com"});
    let (status, invoice) = server
        .authorized("POST", &invoice_uri, &token, Some(request))
        .await;
    assert_eq!(status, StatusCode::OK, "{invoice}");
    assert_eq!(invoice["invoice_no"].as_str().unwrap().len(), 20);
    // Issuing again returns the same invoice, whatever is sent.
    let (_, again) = server
        .authorized("POST", &invoice_uri, &token, Some(json!({"title": "别的抬头", "tax_number": "440301123456789", "email": "x@example.com"})))
        .await;
    assert_eq!(again, invoice);
    let (_, orders) = server
        .authorized("GET", "/api/me/orders", &token, None)
        .await;
    assert_eq!(orders["orders"][0]["invoiced"], true);

    let (_, mail) = server.get_json("/sandbox/mail?to=bid@example.com").await;
    assert_eq!(mail.as_array().unwrap().len(), 1, "mailed once: {mail}");
    assert_eq!(mail[0]["subject"], "云签署电子发票");
    assert!(mail[0]["attachment"].as_str().unwrap().ends_with(".pdf"));

    let request = axum::http::Request::get(format!("{invoice_uri}.pdf"))
        .header("authorization", format!("Bearer {token}"))
        .body(axum::body::Body::empty())
        .unwrap();
    let response = tower::ServiceExt::oneshot(server.router(), request)
        .await
        .unwrap();
    assert_eq!(response.headers()["content-type"], "application/pdf");
    let bytes = http_body_util::BodyExt::collect(response.into_body())
        .await
        .unwrap()
        .to_bytes();
    assert!(bytes.starts_with(b"%PDF-1.4"));
}

#[tokio::test]
async fn units_are_added_and_switched_and_the_current_one_signs() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let (_, list) = server
        .authorized("GET", "/api/me/units", &token, None)
        .await;
    assert_eq!(list["units"].as_array().unwrap().len(), 1);
    assert_eq!(list["units"][0]["name"], "惠州市某公司");
    assert_eq!(list["units"][0]["role_name"], "投标人");
    assert_eq!(list["units"][0]["current"], true);

    let (status, body) = server
        .authorized(
            "POST",
            "/api/me/units",
            &token,
            Some(json!({"name": "", "role": "agency"})),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, list) = server
        .authorized(
            "POST",
            "/api/me/units",
            &token,
            Some(json!({"name": "惠州市某招标代理有限公司", "role": "agency"})),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let second = list["units"][1]["id"].as_i64().unwrap();
    assert_eq!(list["units"][1]["current"], false);
    let (_, again) = server
        .authorized(
            "POST",
            "/api/me/units",
            &token,
            Some(json!({"name": "惠州市某招标代理有限公司", "role": "agency"})),
        )
        .await;
    assert_eq!(error(again).message, "该单位已添加");

    let (status, list) = server
        .authorized(
            "PUT",
            &format!("/api/me/units/{second}/current"),
            &token,
            None,
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["units"][1]["current"], true);
    let (_, me) = server.authorized("GET", "/api/me", &token, None).await;
    assert_eq!(me["unit_name"], "惠州市某招标代理有限公司");
    let (status, _) = server
        .authorized("PUT", "/api/me/units/9999/current", &token, None)
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    // Signing now names the new unit.
    let (_, qr) = seal_session(&server, "unit").await;
    let (_, request) = server
        .authorized("GET", &format!("/api/signing/{qr}"), &token, None)
        .await;
    assert_eq!(request["unit_name"], "惠州市某招标代理有限公司");
    assert_eq!(request["seal_text"], "惠州市某招标代理有限公司");
}

#[tokio::test]
async fn a_reset_needs_the_code_and_a_live_face_and_replaces_the_certificate() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let (_, old_certificate) = server
        .authorized("GET", "/api/me/certificate", &token, None)
        .await;
    let old_serial = old_certificate["serial"].as_str().unwrap().to_owned();

    let code = fresh_code(&server, "reset").await;
    let (status, body) = server
        .post_json(
            "/api/password-reset",
            json!({"org_id": "huizhou", "phone": PHONE, "sms_code": "000000"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let (status, started) = server
        .post_json(
            "/api/password-reset",
            json!({"org_id": "huizhou", "phone": PHONE, "sms_code": code}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{started}");
    let reset_id = started["reset_id"].as_str().unwrap().to_owned();
    let challenge: cloudsign_contract::real_name::LivenessChallenge =
        serde_json::from_value(started["challenge"].clone()).unwrap();

    // No password before the face; a photo held to the camera fails.
    let new_password = json!({"password": "Reset2026ok", "confirm": "Reset2026ok"});
    let (status, _) = server
        .put_json(
            &format!("/api/password-reset/{reset_id}/password"),
            new_password.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    let liveness = format!("/api/password-reset/{reset_id}/liveness");
    let (status, _) = server
        .authorized(
            "POST",
            &liveness,
            "-",
            Some(common::frames(&challenge, false)),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let (_, challenge) = server
        .post_json(
            &format!("/api/password-reset/{reset_id}/challenge"),
            json!({}),
        )
        .await;
    let challenge: cloudsign_contract::real_name::LivenessChallenge =
        serde_json::from_value(challenge).unwrap();
    let (status, _) = server
        .authorized(
            "POST",
            &liveness,
            "-",
            Some(common::frames(&challenge, true)),
        )
        .await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let (status, session) = server
        .put_json(
            &format!("/api/password-reset/{reset_id}/password"),
            new_password.clone(),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{session}");
    let new_token = session["token"].as_str().unwrap();
    let (_, certificate) = server
        .authorized("GET", "/api/me/certificate", new_token, None)
        .await;
    assert_ne!(certificate["serial"], old_serial, "a new certificate");
    assert_eq!(
        server
            .state
            .store
            .certificate_status(&old_serial)
            .await
            .unwrap()
            .as_deref(),
        Some("revoked")
    );
    assert_eq!(log_in(&server, PASSWORD).await.0, StatusCode::FORBIDDEN);
    assert_eq!(log_in(&server, "Reset2026ok").await.0, StatusCode::OK);
    // Used up.
    let (status, _) = server
        .put_json(
            &format!("/api/password-reset/{reset_id}/password"),
            new_password,
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn a_renewal_is_ordered_in_the_last_90_days_paid_and_extends_the_same_key() {
    let server = TestServer::start().await;
    let token = enrolled(&server).await;
    let (_, before) = server
        .authorized("GET", "/api/me/certificate", &token, None)
        .await;
    let (status, body) = server
        .authorized("POST", "/api/me/certificate/renewal", &token, None)
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error(body).message, "证书到期前90天内可续期");

    server.clock.advance(300 * 86_400);
    let (_, session) = server
        .post_json(
            "/api/auth/login",
            json!({"org_id": "huizhou", "phone": PHONE, "password": PASSWORD}),
        )
        .await;
    let token = session["token"].as_str().unwrap().to_owned();
    let (status, renewal) = server
        .authorized("POST", "/api/me/certificate/renewal", &token, None)
        .await;
    assert_eq!(status, StatusCode::OK, "{renewal}");
    assert_eq!(renewal["order"]["renewal"], true);
    assert_eq!(renewal["order"]["product_name"], "个人移动证书（续期）");
    assert_eq!(renewal["order"]["amount"], 13_000);
    let (_, again) = server
        .authorized("POST", "/api/me/certificate/renewal", &token, None)
        .await;
    assert_eq!(
        again["order"]["order_no"], renewal["order"]["order_no"],
        "one open renewal"
    );

    // Paid as the registration's order was: through its registration, with a signed notification.
    let transaction = cloudsign_server::providers::PaidTransaction {
        order_no: renewal["order"]["order_no"].as_str().unwrap().to_owned(),
        transaction_id: "4200000900".into(),
        amount_fen: 13_000,
    };
    let (headers, body) = cloudsign_server::sandbox::wxpay::signed_notification(&transaction, {
        use cloudsign_server::clock::Clock;
        server.clock.now()
    });
    let mut request =
        axum::http::Request::post("/api/pay/notify").header("content-type", "application/json");
    for (name, value) in &headers {
        request = request.header(*name, value);
    }
    let response = tower::ServiceExt::oneshot(
        server.router(),
        request.body(axum::body::Body::from(body)).unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), StatusCode::OK);

    let (_, after) = server
        .authorized("GET", "/api/me/certificate", &token, None)
        .await;
    assert_ne!(after["serial"], before["serial"]);
    assert_eq!(
        after["not_after"].as_i64().unwrap(),
        before["not_after"].as_i64().unwrap() + 365 * 86_400,
        "a year after the old end"
    );
    assert_eq!(after["renewal_due"], false);
    // The same key: signing still works with the same password and verifies.
    let (session_id, qr) = seal_session(&server, "personal").await;
    let (status, signed) = sign_with(&server, &token, &qr, PASSWORD).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(signed["certificate_serial"], after["serial"]);
    assert!(first_document_verified(&server, &session_id).await);
    // 我的订单 lists both orders.
    let (_, orders) = server
        .authorized("GET", "/api/me/orders", &token, None)
        .await;
    assert_eq!(orders["orders"].as_array().unwrap().len(), 2);
}
