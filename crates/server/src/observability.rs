//! What operators watch: Prometheus metrics at `/metrics` (requests and latency per route,
//! payment and signing outcomes, the argon2 queue, the database pool), a readiness check at
//! `/api/ready`, and a request id on every answer and log line.

use std::sync::OnceLock;
use std::time::Instant;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tower_http::request_id::{MakeRequestId, RequestId};

use crate::AppState;

/// The process's Prometheus recorder, installed on first use (tests start many servers in one
/// process; they share it, as instances of one process would).
fn handle() -> &'static PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE.get_or_init(|| {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(
                Matcher::Full("http_request_duration_seconds".into()),
                &[
                    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
                ],
            )
            .expect("valid buckets")
            .build_recorder();
        let handle = recorder.handle();
        // Another recorder may be installed already (a test harness): ours still renders.
        let _ = metrics::set_global_recorder(recorder);
        handle
    })
}

/// Counts each request and its latency under the route it matched (never the raw path, whose
/// tokens and ids would make every request a series of its own).
pub async fn track(request: Request, next: Next) -> Response {
    handle();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "unmatched".to_owned(), |path| path.as_str().to_owned());
    let method = request.method().to_string();
    let started = Instant::now();
    let response = next.run(request).await;
    let status = response.status().as_u16().to_string();
    let labels = [("method", method), ("route", route), ("status", status)];
    metrics::counter!("http_requests_total", &labels).increment(1);
    metrics::histogram!("http_request_duration_seconds", &labels[..2])
        .record(started.elapsed().as_secs_f64());
    response
}

/// A payment or signing outcome, e.g. `outcome("payments_total", "paid")`.
pub fn outcome(name: &'static str, outcome: &'static str) {
    handle();
    metrics::counter!(name, "outcome" => outcome).increment(1);
}

/// `GET /metrics`: for the loopback (a sidecar or the host's agent) or with the configured
/// bearer token; anyone else gets 404, as if there were nothing.
pub async fn render(State(state): State<AppState>, request: Request) -> Response {
    // No peer address: a request from inside the process (tests), as local as it gets.
    let local = request
        .extensions()
        .get::<ConnectInfo<std::net::SocketAddr>>()
        .is_none_or(|ConnectInfo(address)| address.ip().is_loopback());
    let headers = request.headers();
    let token_given = state.config.metrics_token.as_deref().is_some_and(|token| {
        headers
            .get(header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(crate::domain::sessions::bearer_token)
            .is_some_and(|given| given == token)
    });
    if !local && !token_given {
        return StatusCode::NOT_FOUND.into_response();
    }
    let handle = handle();
    metrics::gauge!("argon2_queue_depth").set(state.hashing.depth() as f64);
    let (open, idle) = state.store.pool_use();
    metrics::gauge!("db_pool_connections", "state" => "open").set(f64::from(open));
    metrics::gauge!("db_pool_connections", "state" => "idle").set(idle as f64);
    handle.run_upkeep();
    (
        [(header::CONTENT_TYPE, "text/plain; version=0.0.4")],
        handle.render(),
    )
        .into_response()
}

/// `GET /api/ready`: 200 while the database answers, 503 otherwise (a load balancer takes the
/// instance out of rotation).
#[utoipa::path(
    get,
    path = "/api/ready",
    tag = "operations",
    summary = "Readiness: the database answers",
    responses(
        (status = 200, description = "Ready", body = Object, example = json!({"status": "ready"})),
        (status = 503, description = "The database does not answer", body = Object, example = json!({"status": "database unavailable"}))
    )
)]
pub async fn ready(State(state): State<AppState>) -> Response {
    match state.store.ping().await {
        Ok(()) => (
            StatusCode::OK,
            axum::Json(serde_json::json!({"status": "ready"})),
        )
            .into_response(),
        Err(err) => {
            tracing::warn!(error = %err, "not ready: the database does not answer");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(serde_json::json!({"status": "database unavailable"})),
            )
                .into_response()
        }
    }
}

/// The path as logs may keep it: without the query (phone numbers, URLs) and with every long
/// segment (20 characters or more: signing and resume tokens, registration ids) cut to its
/// first four characters.
pub fn loggable_path(path: &str) -> String {
    path.split('/')
        .map(|segment| match segment.char_indices().nth(19) {
            Some(_) => format!("{}…", segment.chars().take(4).collect::<String>()),
            None => segment.to_owned(),
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// A request id for requests that come without one: 16 random hex digits.
#[derive(Clone, Copy, Default)]
pub struct RandomRequestId;

impl MakeRequestId for RandomRequestId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let id = hex::encode(rand::random::<[u8; 8]>());
        HeaderValue::from_str(&id).ok().map(RequestId::new)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logged_paths_keep_their_shape_but_not_their_tokens() {
        assert_eq!(loggable_path("/api/orgs"), "/api/orgs");
        assert_eq!(
            loggable_path("/api/signing/Zq3xT9kLmN0pQrStUvWxYz/sign"),
            "/api/signing/Zq3x…/sign"
        );
        assert_eq!(
            loggable_path("/api/me/certificate/renewal"),
            "/api/me/certificate/renewal"
        );
    }
}
