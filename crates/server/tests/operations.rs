//! What operators rely on: readiness, metrics, request ids.

mod common;

use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use common::{PASSWORD, TestServer, enrolled, seal_session, sign_with};
use http_body_util::BodyExt;
use tower::ServiceExt;

async fn text(
    server: &TestServer,
    request: Request<Body>,
) -> (StatusCode, axum::http::HeaderMap, String) {
    let response = server.router().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = body.collect().await.unwrap().to_bytes();
    (
        parts.status,
        parts.headers,
        String::from_utf8_lossy(&bytes).into_owned(),
    )
}

/// The value of a Prometheus series (0 when it is not there yet).
fn series(metrics: &str, name_and_labels: &str) -> f64 {
    metrics
        .lines()
        .find(|line| line.starts_with(name_and_labels))
        .and_then(|line| line.rsplit(' ').next())
        .and_then(|value| value.parse().ok())
        .unwrap_or(0.0)
}

async fn metrics(server: &TestServer) -> String {
    let (status, headers, body) = text(
        server,
        Request::get("/metrics").body(Body::empty()).unwrap(),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        headers[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    body
}

#[tokio::test]
async fn ready_while_the_database_answers() {
    let server = TestServer::start().await;
    let (status, body) = server.get_json("/api/ready").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["status"], "ready");
    server.state.store.close().await;
    let (status, _) = server.get_json("/api/ready").await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
}

#[tokio::test]
async fn every_answer_carries_a_request_id_and_keeps_the_callers() {
    let server = TestServer::start().await;
    let (_, headers, _) = text(
        &server,
        Request::get("/api/health").body(Body::empty()).unwrap(),
    )
    .await;
    let id = headers["x-request-id"].to_str().unwrap();
    assert_eq!(id.len(), 16);
    let (_, again, _) = text(
        &server,
        Request::get("/api/health").body(Body::empty()).unwrap(),
    )
    .await;
    assert_ne!(again["x-request-id"], id, "a new id for each request");
    let (_, headers, _) = text(
        &server,
        Request::get("/api/orgs")
            .header("x-request-id", "lb-7f3a")
            .body(Body::empty())
            .unwrap(),
    )
    .await;
    assert_eq!(headers["x-request-id"], "lb-7f3a");
}

#[tokio::test]
async fn requests_and_signings_are_counted_per_route_and_outcome() {
    let server = TestServer::start().await;
    let route = r#"http_requests_total{method="GET",route="/api/orgs",status="200"}"#;
    let before = series(&metrics(&server).await, route);
    let signed = r#"signings_total{outcome="signed"}"#;
    let wrong = r#"signings_total{outcome="wrong_password"}"#;
    let (signed_before, wrong_before) = {
        let m = metrics(&server).await;
        (series(&m, signed), series(&m, wrong))
    };
    server.get_json("/api/orgs").await;
    server.get_json("/api/orgs").await;
    let token = enrolled(&server).await;
    let (_, qr) = seal_session(&server, "personal").await;
    sign_with(&server, &token, &qr, "Wrong12345").await;
    let (status, _) = sign_with(&server, &token, &qr, PASSWORD).await;
    assert_eq!(status, StatusCode::OK);

    let after = metrics(&server).await;
    // Other tests of this binary run at the same time and share the process's recorder.
    assert!(series(&after, route) >= before + 2.0, "{after}");
    assert!(series(&after, signed) > signed_before);
    assert!(series(&after, wrong) > wrong_before);
    assert!(
        after.contains("http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/orgs\"")
    );
    assert!(after.contains("argon2_queue_depth"));
    assert!(after.contains("db_pool_connections{state=\"open\"}"));
    // Tokens in paths never become series of their own: the route's pattern does.
    assert!(
        after.contains("route=\"/api/signing/{token}/sign\""),
        "{after}"
    );
    assert!(!after.contains(&qr));
}

#[tokio::test]
async fn metrics_are_not_for_everyone() {
    let server =
        TestServer::with_config(|config| config.metrics_token = Some("m3tr1cs".into())).await;
    let from =
        |address: [u8; 4], token: Option<&str>| {
            let mut request = Request::get("/metrics");
            if let Some(token) = token {
                request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
            }
            let mut request = request.body(Body::empty()).unwrap();
            request.extensions_mut().insert(axum::extract::ConnectInfo(
                std::net::SocketAddr::from((address, 40_000)),
            ));
            request
        };
    let (status, _, _) = text(&server, from([203, 0, 113, 9], None)).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = text(&server, from([203, 0, 113, 9], Some("guess"))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _, _) = text(&server, from([203, 0, 113, 9], Some("m3tr1cs"))).await;
    assert_eq!(status, StatusCode::OK);
    let (status, _, _) = text(&server, from([127, 0, 0, 1], None)).await;
    assert_eq!(status, StatusCode::OK);
}
