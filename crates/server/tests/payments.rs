//! WeChat Pay through the sandbox: channels, the cashier, signed notifications.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use cloudsign_server::providers::PaidTransaction;
use cloudsign_server::sandbox::wxpay::signed_notification;
use common::{TestServer, with_order};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

async fn start(server: &TestServer, id: &str, channel: &str) -> (StatusCode, Value) {
    server
        .post_json(
            &format!("/api/registrations/{id}/order/pay"),
            json!({"channel": channel, "redirect_url": "/pay/result"}),
        )
        .await
}

/// A form posted to the sandbox cashier, as a browser on `app.example` would.
async fn post_form(server: &TestServer, uri: &str) -> (StatusCode, String) {
    let request = Request::post(uri)
        .header("host", "app.example")
        .body(Body::empty())
        .unwrap();
    let response = server.router().oneshot(request).await.unwrap();
    let status = response.status();
    (
        status,
        String::from_utf8(
            response
                .into_body()
                .collect()
                .await
                .unwrap()
                .to_bytes()
                .to_vec(),
        )
        .unwrap(),
    )
}

async fn notify(server: &TestServer, headers: &[(&str, String)], body: String) -> StatusCode {
    let mut request = Request::post("/api/pay/notify").header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    server
        .router()
        .oneshot(request.body(Body::from(body)).unwrap())
        .await
        .unwrap()
        .status()
}

async fn stored_status(server: &TestServer, order_no: &str) -> String {
    server.stored_order(order_no).await.status
}

#[tokio::test]
async fn each_channel_gets_its_own_parameters() {
    let server = TestServer::start().await;
    let (id, _) = with_order(&server).await;
    let (status, h5) = start(&server, &id, "h5").await;
    assert_eq!(status, StatusCode::OK, "{h5}");
    assert!(
        h5["h5_url"]
            .as_str()
            .unwrap()
            .starts_with("/sandbox/wxpay/cashier/wx")
    );
    let (_, native) = start(&server, &id, "native").await;
    assert!(native["code_url"].is_string());
    let (_, jsapi) = start(&server, &id, "jsapi").await;
    assert!(
        jsapi["jsapi"]["package"]
            .as_str()
            .unwrap()
            .starts_with("prepay_id=wx")
    );
    assert_eq!(jsapi["jsapi"]["signType"], "HMAC-SHA256");
}

#[tokio::test]
async fn the_cashier_pays_notifies_and_leads_back_to_the_merchant() {
    let server = TestServer::start().await;
    let (id, order_no) = with_order(&server).await;
    let (_, h5) = start(&server, &id, "h5").await;
    let cashier = h5["h5_url"].as_str().unwrap().to_owned();

    let (status, _, html) = server.get(&cashier).await;
    assert_eq!(status, StatusCode::OK);
    let html = String::from_utf8(html).unwrap();
    assert!(
        html.contains("确认支付") && html.contains("取消支付") && html.contains("¥130.00"),
        "{html}"
    );

    let (status, paid) = post_form(&server, &format!("{cashier}/pay")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        paid.contains("支付成功") && paid.contains("返回商户") && paid.contains("/pay/result"),
        "{paid}"
    );

    // The notification arrives asynchronously, through the notify endpoint.
    for _ in 0..50 {
        if stored_status(&server, &order_no).await == "paid" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(stored_status(&server, &order_no).await, "paid");
}

#[tokio::test]
async fn a_tampered_notification_is_refused_and_a_repeated_one_changes_nothing() {
    let server = TestServer::start().await;
    let (_, order_no) = with_order(&server).await;
    let transaction = PaidTransaction {
        order_no: order_no.clone(),
        transaction_id: "4200000001".into(),
        amount_fen: 13_000,
    };
    let (headers, body) = signed_notification(&transaction, server.state.clock.now());

    let tampered = body.replace("13000", "1");
    assert_eq!(
        notify(&server, &headers, tampered).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(stored_status(&server, &order_no).await, "unpaid");

    assert_eq!(
        notify(&server, &headers, body.clone()).await,
        StatusCode::OK
    );
    assert_eq!(stored_status(&server, &order_no).await, "paid");
    assert_eq!(
        notify(&server, &headers, body).await,
        StatusCode::OK,
        "WeChat repeats; we stay calm"
    );
    assert_eq!(stored_status(&server, &order_no).await, "paid");
}

#[tokio::test]
async fn a_signed_notification_for_another_amount_pays_nothing() {
    let server = TestServer::start().await;
    let (_, order_no) = with_order(&server).await;
    let transaction = PaidTransaction {
        order_no: order_no.clone(),
        transaction_id: "4200000002".into(),
        amount_fen: 1,
    };
    let (headers, body) = signed_notification(&transaction, server.state.clock.now());
    assert_eq!(notify(&server, &headers, body).await, StatusCode::OK);
    assert_eq!(stored_status(&server, &order_no).await, "unpaid");
}

#[tokio::test]
async fn a_closed_order_cannot_be_paid_at_the_cashier() {
    let server = TestServer::start().await;
    let (id, order_no) = with_order(&server).await;
    let (_, h5) = start(&server, &id, "h5").await;
    let cashier = h5["h5_url"].as_str().unwrap().to_owned();
    server
        .post_json(&format!("/api/registrations/{id}/order/cancel"), json!({}))
        .await;

    let (_, page) = post_form(&server, &format!("{cashier}/pay")).await;
    assert!(page.contains("订单已关闭，无法支付"), "{page}");
    assert_eq!(stored_status(&server, &order_no).await, "closed");
    let (status, body) = start(&server, &id, "h5").await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(body["message"], "订单已关闭，请重新下单");
}

#[tokio::test]
async fn without_a_notification_the_server_asks_the_provider() {
    let server = TestServer::start().await;
    let (id, order_no) = with_order(&server).await;
    let (_, h5) = start(&server, &id, "h5").await;
    let prepay_id = h5["h5_url"]
        .as_str()
        .unwrap()
        .rsplit('/')
        .next()
        .unwrap()
        .to_owned();
    // Paid at WeChat, but the notification is lost.
    let now = server.state.clock.now();
    assert!(
        server
            .state
            .store
            .pay_sandbox_prepay(&prepay_id, "4200000003", now)
            .await
            .unwrap()
    );
    assert_eq!(stored_status(&server, &order_no).await, "unpaid");

    // Polls ask the provider at most every few seconds per order: the next one that may does.
    server
        .clock
        .advance(cloudsign_server::services::orders::PROVIDER_CHECK_INTERVAL_SECS);
    let (_, order) = server
        .get_json(&format!("/api/registrations/{id}/order"))
        .await;
    assert_eq!(order["status"], "paid");
}

#[tokio::test]
async fn polling_asks_the_provider_at_most_every_few_seconds() {
    let server = TestServer::start().await;
    let (id, order_no) = with_order(&server).await;
    let path = format!("/api/registrations/{id}/order");
    server
        .clock
        .advance(cloudsign_server::services::orders::PROVIDER_CHECK_INTERVAL_SECS);
    server.get_json(&path).await;
    let asked = server.stored_order(&order_no).await;
    let first = asked.provider_checked_at.expect("asked");
    for _ in 0..5 {
        server.get_json(&path).await;
    }
    let again = server.stored_order(&order_no).await;
    assert_eq!(
        again.provider_checked_at,
        Some(first),
        "not asked again within the interval"
    );
    server
        .clock
        .advance(cloudsign_server::services::orders::PROVIDER_CHECK_INTERVAL_SECS);
    server.get_json(&path).await;
    let later = server.stored_order(&order_no).await;
    assert!(later.provider_checked_at > Some(first));
}

#[tokio::test]
async fn a_notification_after_the_order_closed_pays_nothing() {
    let server = TestServer::start().await;
    let (id, order_no) = with_order(&server).await;
    server
        .post_json(&format!("/api/registrations/{id}/order/cancel"), json!({}))
        .await;
    let transaction = PaidTransaction {
        order_no: order_no.clone(),
        transaction_id: "4200000004".into(),
        amount_fen: 13_000,
    };
    let (headers, body) = signed_notification(&transaction, server.state.clock.now());
    // Acknowledged (WeChat would otherwise repeat it for a day), but the order stays closed
    // and the registration does not move on to the password.
    assert_eq!(notify(&server, &headers, body).await, StatusCode::OK);
    assert_eq!(stored_status(&server, &order_no).await, "closed");
    let (_, state) = server.get_json(&format!("/api/registrations/{id}")).await;
    assert_eq!(state["step"], "payment");
}

#[tokio::test]
async fn the_cashier_returns_to_the_merchants_own_site_only() {
    let server = TestServer::start().await;
    let (id, _) = with_order(&server).await;
    let (_, h5) = server
        .post_json(
            &format!("/api/registrations/{id}/order/pay"),
            json!({"channel": "h5", "redirect_url": null}),
        )
        .await;
    let cashier = h5["h5_url"].as_str().unwrap().to_owned();
    let back = "https%3A%2F%2Fapp.example%2Fpay%2Fresult%3Ffrom%3Dwx";
    let (_, html) = post_form(&server, &format!("{cashier}/pay?redirect_url={back}")).await;
    assert!(
        html.contains(r#"href="https://app.example/pay/result?from=wx""#),
        "{html}"
    );
    let (_, html) = post_form(
        &server,
        &format!("{cashier}/cancel?redirect_url=javascript%3Aalert(1)"),
    )
    .await;
    assert!(!html.contains("javascript:"), "{html}");
    // Another site is an open redirect: WeChat takes only the merchant's registered domain.
    let (_, html) = post_form(
        &server,
        &format!("{cashier}/cancel?redirect_url=https%3A%2F%2Fevil.example%2Fphish"),
    )
    .await;
    assert!(!html.contains("evil.example"), "{html}");
    assert!(!html.contains("返回商户"), "{html}");
}
