//! A backend for tests: a temporary data directory and dist, a clock that only moves when told,
//! and requests through `app().oneshot`.

#![allow(dead_code)] // each test file uses its own part

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode, header};
use base64::Engine;
use cloudsign_contract::ErrorBody;
use cloudsign_contract::real_name::LivenessChallenge;
use cloudsign_server::clock::ManualClock;
use cloudsign_server::{AppState, Config, app};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tempfile::TempDir;
use tower::ServiceExt;

/// 2027-01-15 08:00 UTC: any fixed moment will do.
pub const START: i64 = 1_800_000_000;

pub struct TestServer {
    pub state: AppState,
    pub clock: ManualClock,
    /// More instances of the server on the same database (see `with_instances`).
    others: Vec<AppState>,
    turn: std::sync::atomic::AtomicUsize,
    _dirs: TempDir,
}

/// With `CLOUDSIGN_TEST_POSTGRES` (a database's URL whose user may create schemas, as
/// `scripts/test` sets for its second run of this suite), a new empty schema in it for one test
/// server, which finds it first on its search path; otherwise None, and the server makes its
/// SQLite file in the test's directory. A schema rather than a database: a database is a copy of
/// the template, and the suite makes hundreds.
async fn fresh_postgres_database() -> Option<String> {
    use sqlx::Connection;
    static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let server = std::env::var("CLOUDSIGN_TEST_POSTGRES").ok()?;
    let name = format!(
        "test_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::SeqCst)
    );
    let mut admin = sqlx::PgConnection::connect(&server)
        .await
        .expect("CLOUDSIGN_TEST_POSTGRES answers");
    sqlx::query(&format!("CREATE SCHEMA {name}"))
        .execute(&mut admin)
        .await
        .expect("a test schema can be created");
    admin.close().await.ok();
    let separator = if server.contains('?') { '&' } else { '?' };
    Some(format!("{server}{separator}options[search_path]={name}"))
}

impl TestServer {
    pub async fn start() -> TestServer {
        TestServer::with_config(|_| {}).await
    }

    pub async fn with_config(adjust: impl FnOnce(&mut Config)) -> TestServer {
        TestServer::with_instances(1, adjust).await
    }

    /// `count` instances of the server on one database (uploads in it too), each with its
    /// background work running (the order sweeper), as behind a load balancer: every request
    /// goes to the next instance in turn.
    pub async fn with_instances(count: usize, adjust: impl FnOnce(&mut Config)) -> TestServer {
        // The server's warnings and errors (a 500's cause) go to the failing test's output.
        let _ = tracing_subscriber::fmt()
            .with_env_filter("warn")
            .with_test_writer()
            .try_init();
        let dirs = TempDir::new().unwrap();
        let dist = dirs.path().join("dist");
        std::fs::create_dir_all(&dist).unwrap();
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><title>云签署</title>",
        )
        .unwrap();
        std::fs::write(
            dist.join("cloudsign-app-0123456789abcdef_bg.wasm"),
            b"\0asm",
        )
        .unwrap();
        let mut config = Config::with_dirs(dirs.path().join("data"), dist);
        config.sandbox = true;
        config.database_url = fresh_postgres_database().await;
        adjust(&mut config);
        let clock = ManualClock::starting_at(START);
        let state = AppState::open_with_clock(config.clone(), Arc::new(clock.clone()))
            .await
            .unwrap();
        let mut others = Vec::new();
        if count > 1 {
            cloudsign_server::spawn_background_work(state.clone());
            for _ in 1..count {
                let other = AppState::open_with_clock(config.clone(), Arc::new(clock.clone()))
                    .await
                    .unwrap();
                cloudsign_server::spawn_background_work(other.clone());
                others.push(other);
            }
        }
        TestServer {
            state,
            clock,
            others,
            turn: std::sync::atomic::AtomicUsize::new(0),
            _dirs: dirs,
        }
    }

    /// The router of the instance whose turn it is.
    pub fn router(&self) -> Router {
        let turn =
            self.turn.fetch_add(1, std::sync::atomic::Ordering::SeqCst) % (1 + self.others.len());
        match turn {
            0 => app(self.state.clone()),
            n => app(self.others[n - 1].clone()),
        }
    }

    /// The order as the database holds it.
    pub async fn stored_order(&self, order_no: &str) -> cloudsign_server::store::OrderRow {
        self.state
            .store
            .find_order(order_no)
            .await
            .unwrap()
            .expect("the order exists")
    }

    /// How many requests have gone out (each to the next instance).
    pub fn requests_sent(&self) -> usize {
        self.turn.load(std::sync::atomic::Ordering::SeqCst)
    }

    pub async fn get(&self, uri: &str) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
        let response = self
            .router()
            .oneshot(Request::get(uri).body(Body::empty()).unwrap())
            .await
            .unwrap();
        let (parts, body) = response.into_parts();
        (
            parts.status,
            parts.headers,
            body.collect().await.unwrap().to_bytes().to_vec(),
        )
    }

    pub async fn get_json(&self, uri: &str) -> (StatusCode, Value) {
        let (status, _, body) = self.get(uri).await;
        (status, serde_json::from_slice(&body).expect("a JSON body"))
    }

    pub async fn post_json(&self, uri: &str, body: Value) -> (StatusCode, Value) {
        self.send_json(Request::post(uri), body).await
    }

    pub async fn put_json(&self, uri: &str, body: Value) -> (StatusCode, Value) {
        self.send_json(Request::put(uri), body).await
    }

    /// PUT raw bytes, as the app uploads a photo.
    pub async fn put_bytes(
        &self,
        uri: &str,
        content_type: &str,
        body: Vec<u8>,
    ) -> (StatusCode, Value) {
        let request = Request::put(uri)
            .header(header::CONTENT_TYPE, content_type)
            .body(Body::from(body))
            .unwrap();
        let response = self.router().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&bytes).expect("a JSON body"))
    }

    async fn send_json(
        &self,
        request: axum::http::request::Builder,
        body: Value,
    ) -> (StatusCode, Value) {
        let request = request
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(body.to_string()))
            .unwrap();
        let response = self.router().oneshot(request).await.unwrap();
        let status = response.status();
        let bytes = response.into_body().collect().await.unwrap().to_bytes();
        (status, serde_json::from_slice(&bytes).expect("a JSON body"))
    }
}

pub fn error(value: Value) -> ErrorBody {
    serde_json::from_value(value).expect("an error body {code, message}")
}

/// A PNG header of the given size: the server reads sizes from headers and no pixels.
pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    png.extend_from_slice(&width.to_be_bytes());
    png.extend_from_slice(&height.to_be_bytes());
    png.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    png
}

/// Sends a register code to `phone` and reads it from the sandbox outbox.
pub async fn register_code(server: &TestServer, phone: &str) -> String {
    server.clock.advance(61);
    let (status, _) = server
        .post_json(
            "/api/sms/send",
            serde_json::json!({"phone": phone, "purpose": "register"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, outbox) = server
        .get_json(&format!("/sandbox/sms?phone={phone}"))
        .await;
    outbox[0]["code"].as_str().unwrap().to_owned()
}

mod flows;
mod parallel;
mod seal;
mod steps;

// Each test file uses its own part.
#[allow(unused_imports)]
pub use flows::*;
#[allow(unused_imports)]
pub use parallel::*;
#[allow(unused_imports)]
pub use seal::*;
#[allow(unused_imports)]
pub use steps::*;
