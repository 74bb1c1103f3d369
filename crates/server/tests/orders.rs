//! The payment order: created with a confirm code, one at a time, closed by cancel or expiry,
//! and never both paid and closed.

mod common;

use axum::http::StatusCode;
use cloudsign_contract::orders::{OrderStatus, OrderView};
use cloudsign_contract::{ErrorCode, Money};
use cloudsign_server::domain::orders::CloseReason;
use common::{PHONE, TestServer, at_payment, at_real_name, error, pay_at_wechat, prepay};
use serde_json::{Value, json};

async fn confirm_code(server: &TestServer) -> String {
    server.clock.advance(61);
    let (status, _) = server
        .post_json(
            "/api/sms/send",
            json!({"phone": PHONE, "purpose": "confirm"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, outbox) = server
        .get_json(&format!("/sandbox/sms?phone={PHONE}"))
        .await;
    outbox[0]["code"].as_str().unwrap().to_owned()
}

async fn create(server: &TestServer, id: &str, code: &str) -> (StatusCode, Value) {
    server
        .post_json(
            &format!("/api/registrations/{id}/order"),
            json!({"sms_code": code}),
        )
        .await
}

async fn order(server: &TestServer, id: &str) -> OrderView {
    let (status, body) = server
        .get_json(&format!("/api/registrations/{id}/order"))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    serde_json::from_value(body).unwrap()
}

#[tokio::test]
async fn an_order_needs_real_name_first_and_a_confirm_code() {
    let server = TestServer::start().await;
    let early = at_real_name(&server, "张三").await;
    let code = confirm_code(&server).await;
    let (status, body) = create(&server, &early, &code).await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert_eq!(error(body).message, "请先完成实名认证");

    let id = at_payment(&server).await;
    let (status, body) = create(&server, &id, "000000").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error(body).code, ErrorCode::InvalidCode);
}

#[tokio::test]
async fn the_order_is_for_the_organizations_fee_with_ten_minutes_to_pay() {
    let server = TestServer::start().await;
    let id = at_payment(&server).await;
    let code = confirm_code(&server).await;
    let (status, body) = create(&server, &id, &code).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let created: OrderView = serde_json::from_value(body).unwrap();
    assert!(created.order_no.starts_with("wechat"));
    assert_eq!(created.product_name, "个人移动证书");
    assert_eq!(created.amount, Money::from_yuan(130));
    assert_eq!(created.status, OrderStatus::Unpaid);
    assert_eq!(created.expires_at - created.created_at, 600);
    assert_eq!(created.seconds_left(), 600);

    // Pressing 确定 again, or a network retry with the same code, returns the same order.
    let (status, again) = create(&server, &id, &code).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(again["order_no"], created.order_no.as_str());

    server.clock.advance(100);
    assert_eq!(
        order(&server, &id).await.seconds_left(),
        500,
        "counted by the server's clock"
    );
}

#[tokio::test]
async fn cancel_closes_the_order_and_a_new_one_can_be_made() {
    let server = TestServer::start().await;
    let id = at_payment(&server).await;
    let code = confirm_code(&server).await;
    let (_, first) = create(&server, &id, &code).await;
    let first_prepay = prepay(&server, &id).await;
    let (status, cancelled) = server
        .post_json(&format!("/api/registrations/{id}/order/cancel"), json!({}))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(cancelled["status"], "closed");

    // Closed at WeChat Pay too: its cashier can no longer take the money.
    assert!(!pay_at_wechat(&server, &first_prepay).await);

    let code = confirm_code(&server).await;
    let (status, second) = create(&server, &id, &code).await;
    assert_eq!(status, StatusCode::OK);
    assert_ne!(second["order_no"], first["order_no"]);
}

#[tokio::test]
async fn an_order_left_alone_is_closed_at_expiry() {
    let server = TestServer::with_config(|config| config.order_ttl_secs = 30).await;
    let id = at_payment(&server).await;
    let code = confirm_code(&server).await;
    let (_, created) = create(&server, &id, &code).await;
    let order_no = created["order_no"].as_str().unwrap().to_owned();
    let prepay_id = prepay(&server, &id).await;

    server.clock.advance(29);
    assert_eq!(order(&server, &id).await.status, OrderStatus::Unpaid);
    server.clock.advance(1);
    // The sweeper closes it without anyone looking …
    let closed = cloudsign_server::services::orders::close_expired(&server.state)
        .await
        .unwrap();
    assert_eq!(closed, 1);
    // … at WeChat Pay first, so that paying it afterwards is refused there.
    assert!(!pay_at_wechat(&server, &prepay_id).await);
    assert_eq!(order(&server, &id).await.status, OrderStatus::Closed);
    assert_eq!(server.stored_order(&order_no).await.status, "closed");
}

#[tokio::test]
async fn a_read_closes_an_expired_order_even_before_the_sweeper() {
    let server = TestServer::with_config(|config| config.order_ttl_secs = 30).await;
    let id = at_payment(&server).await;
    let code = confirm_code(&server).await;
    create(&server, &id, &code).await;
    server.clock.advance(31);
    let view = order(&server, &id).await;
    assert_eq!(view.status, OrderStatus::Closed);
    assert_eq!(view.seconds_left(), 0);
}

#[tokio::test]
async fn a_paid_order_cannot_be_cancelled_and_pay_and_cancel_never_both_win() {
    let server = TestServer::start().await;
    let id = at_payment(&server).await;
    let code = confirm_code(&server).await;
    let (_, created) = create(&server, &id, &code).await;
    let order_no = created["order_no"].as_str().unwrap().to_owned();

    // The person pays at WeChat while 取消 arrives: WeChat's books decide, and the order ends
    // as WeChat has it (paid there: paid here; closed there: closed here).
    let prepay_id = prepay(&server, &id).await;
    let store = &server.state.store;
    let (paid_at_wechat, cancelled) = tokio::join!(
        pay_at_wechat(&server, &prepay_id),
        cloudsign_server::services::payments::close(
            &server.state,
            &order_no,
            CloseReason::Cancelled
        ),
    );
    cancelled.unwrap();
    let now = server.state.clock.now();
    let view = order(&server, &id).await;
    assert_eq!(view.status == OrderStatus::Paid, paid_at_wechat, "{view:?}");
    if view.status == OrderStatus::Paid {
        let (status, body) = server
            .post_json(&format!("/api/registrations/{id}/order/cancel"), json!({}))
            .await;
        assert_eq!(status, StatusCode::CONFLICT);
        assert_eq!(error(body).message, "订单已支付，无法取消");
        // A repeated notification changes nothing.
        assert!(!store.mark_order_paid(&order_no, now + 1).await.unwrap());
    } else {
        assert_eq!(view.status, OrderStatus::Closed);
    }
}
