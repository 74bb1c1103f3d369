//! Payment truth is WeChat's: closing asks WeChat first, late notifications are confirmed.

#[allow(unused_imports)]
use super::*;

#[tokio::test]
async fn cancelling_an_order_wechat_already_took_the_money_for_pays_it() {
    let server = TestServer::start().await;
    let (id, order_no) = with_order(&server).await;
    let prepay_id = prepay(&server, &id).await;
    assert!(pay_at_wechat(&server, &prepay_id).await);

    let (status, body) = server
        .post_json(&format!("/api/registrations/{id}/order/cancel"), json!({}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["message"], "订单已支付，无法取消");
    let order = server.stored_order(&order_no).await;
    assert_eq!(order.status, "paid");
    let (_, state) = server.get_json(&format!("/api/registrations/{id}")).await;
    assert_eq!(state["step"], "password");
}

#[tokio::test]
async fn the_sweeper_closes_at_wechat_first_and_keeps_a_payment_it_finds() {
    let server = TestServer::start().await;
    let (paid_id, paid_order) = with_order(&server).await;
    let prepay_id = prepay(&server, &paid_id).await;
    assert!(pay_at_wechat(&server, &prepay_id).await);
    server.clock.advance(601);

    let looked_at = cloudsign_server::services::orders::close_expired(&server.state)
        .await
        .unwrap();
    assert_eq!(looked_at, 1);
    let order = server.stored_order(&paid_order).await;
    assert_eq!(order.status, "paid", "the money WeChat took is not lost");
}

#[tokio::test]
async fn an_expired_order_closes_at_wechat_so_its_cashier_can_no_longer_pay() {
    let server = TestServer::start().await;
    let (id, order_no) = with_order(&server).await;
    let prepay_id = prepay(&server, &id).await;
    server.clock.advance(601);
    let (_, order) = server
        .get_json(&format!("/api/registrations/{id}/order"))
        .await;
    assert_eq!(order["status"], "closed");
    let now = server.state.clock.now();
    assert!(
        !server
            .state
            .store
            .pay_sandbox_prepay(&prepay_id, "4200000043", now)
            .await
            .unwrap(),
        "closed at WeChat"
    );
    let order = server.stored_order(&order_no).await;
    assert_eq!(order.status, "closed");
}

#[tokio::test]
async fn a_late_notification_is_honoured_when_wechat_confirms_it() {
    use cloudsign_server::domain::orders::CloseReason;
    use cloudsign_server::providers::PaidTransaction;
    use cloudsign_server::sandbox::wxpay::signed_notification;
    let server = TestServer::start().await;
    let (id, order_no) = with_order(&server).await;
    let prepay_id = prepay(&server, &id).await;
    // The person paid; before the notification came, the order was closed here alone.
    assert!(pay_at_wechat(&server, &prepay_id).await);
    let now = server.state.clock.now();
    server
        .state
        .store
        .close_order_if_unpaid(&order_no, CloseReason::Expired, now)
        .await
        .unwrap();
    let transaction = PaidTransaction {
        order_no: order_no.clone(),
        transaction_id: "4200000042".into(),
        amount_fen: 13_000,
    };
    let (headers, body) = signed_notification(&transaction, now);
    assert_eq!(notify(&server, &headers, body).await, StatusCode::OK);
    let order = server.stored_order(&order_no).await;
    assert_eq!(order.status, "paid");
    let (_, state) = server.get_json(&format!("/api/registrations/{id}")).await;
    assert_eq!(state["step"], "password");
}

#[tokio::test]
async fn a_replayed_notification_with_a_stale_timestamp_is_refused() {
    use cloudsign_server::providers::PaidTransaction;
    use cloudsign_server::sandbox::wxpay::signed_notification;
    let server = TestServer::start().await;
    let (_, order_no) = with_order(&server).await;
    let transaction = PaidTransaction {
        order_no: order_no.clone(),
        transaction_id: "4200000044".into(),
        amount_fen: 13_000,
    };
    let signed_long_ago = server.state.clock.now() - 6 * 60;
    let (headers, body) = signed_notification(&transaction, signed_long_ago);
    assert_eq!(
        notify(&server, &headers, body).await,
        StatusCode::UNAUTHORIZED
    );
    let order = server.stored_order(&order_no).await;
    assert_eq!(order.status, "unpaid");
}

async fn notify(server: &TestServer, headers: &[(&str, String)], body: String) -> StatusCode {
    let mut request =
        axum::http::Request::post("/api/pay/notify").header("content-type", "application/json");
    for (name, value) in headers {
        request = request.header(*name, value);
    }
    tower::ServiceExt::oneshot(
        server.router(),
        request.body(axum::body::Body::from(body)).unwrap(),
    )
    .await
    .unwrap()
    .status()
}

/// WeChat takes one payment per order: two of its prepays confirmed at the same moment pay once
/// (the sandbox holds that rule in the database, as WeChat does on its side).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_prepays_of_one_order_paid_at_once_pay_once() {
    let server = TestServer::start().await;
    let (id, _) = with_order(&server).await;
    let (first, second) = (prepay(&server, &id).await, prepay(&server, &id).await);
    assert_ne!(first, second);
    let now = cloudsign_server::clock::Clock::now(server.state.clock.as_ref());
    server.open_connections(2).await;
    let prepays = [(first, "4200000101"), (second, "4200000102")];
    let payments = common::at_once(2, |n| {
        let (store, (prepay_id, transaction_id)) = (server.state.store.clone(), prepays[n].clone());
        async move {
            store
                .pay_sandbox_prepay(&prepay_id, transaction_id, now)
                .await
                .unwrap()
        }
    })
    .await;
    let paid = payments.into_iter().filter(|&was| was).count();
    assert_eq!(paid, 1, "one order, one payment");
}
