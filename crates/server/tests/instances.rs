//! Two instances of the server on one database, every request to the other one in turn, as
//! behind a load balancer: the whole flow works, and background work runs on both without
//! acting twice.

mod common;

use axum::http::StatusCode;
use cloudsign_server::clock::Clock;
use common::{
    PASSWORD, TestServer, enrolled, first_document_verified, seal_session, sign_with, with_order,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registration_payment_and_signing_across_two_instances() {
    let server = TestServer::with_instances(2, |config| config.files = "database".into()).await;
    // Registration, 实名认证 (photos uploaded to one instance, judged by the other), the order,
    // WeChat Pay's notification, the password and the certificate; then login.
    let token = enrolled(&server).await;
    let (session_id, qr) = seal_session(&server, "personal").await;
    let (status, body) = sign_with(&server, &token, &qr, PASSWORD).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(first_document_verified(&server, &session_id).await);
    let sent = server.requests_sent();
    assert!(
        sent >= 10,
        "the flow went through both instances: {sent} requests"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_both_sweepers_running_an_expired_order_closes() {
    let server = TestServer::with_instances(2, |config| config.order_ttl_secs = 60).await;
    let (id, order_no) = with_order(&server).await;
    server.clock.advance(61);
    // Both instances' sweepers wake every 5 seconds; whichever comes first closes the order
    // (a conditional UPDATE: the other finds nothing left to close).
    let mut status = String::new();
    for _ in 0..80 {
        status = server.stored_order(&order_no).await.status;
        if status == "closed" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, "closed");
    let (status, order) = server
        .get_json(&format!("/api/registrations/{id}/order"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(order["status"], "closed");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn of_sweepers_running_at_once_only_one_claims_an_expired_order() {
    // One instance without background work: the claims below are the only ones.
    let server = TestServer::with_config(|config| config.order_ttl_secs = 60).await;
    let (_, order_no) = with_order(&server).await;
    server.clock.advance(61);
    let now = server.clock.now();
    let claims = (0..8).map(|_| {
        let store = server.state.store.clone();
        tokio::spawn(async move { store.claim_expired_unpaid_orders(now, 3, 100).await })
    });
    let mut claimed = Vec::new();
    for claim in claims {
        claimed.extend(claim.await.unwrap().unwrap());
    }
    assert_eq!(
        claimed,
        vec![order_no.clone()],
        "exactly one sweeper claims it"
    );
    // The claim lapses after the interval (a sweeper that failed to close it is retried).
    server.clock.advance(3);
    let again = server
        .state
        .store
        .claim_expired_unpaid_orders(server.clock.now(), 3, 100)
        .await
        .unwrap();
    assert_eq!(again, vec![order_no]);
}
