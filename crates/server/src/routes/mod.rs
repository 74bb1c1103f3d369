//! The JSON API under `/api`: one router per resource.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::AppState;
use crate::error::AppError;

// Visible to the crate so that `openapi` can name the handlers.
pub(crate) mod auth;
pub(crate) mod health;
pub(crate) mod me;
pub(crate) mod orgs;
pub(crate) mod password_reset;
pub(crate) mod payments;
pub(crate) mod registrations;
pub(crate) mod seal;
pub(crate) mod signing;
pub(crate) mod sms;
pub(crate) mod wechat;

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/ready", get(crate::observability::ready))
        .route("/openapi.json", get(crate::openapi::document))
        .route(
            "/csp-report",
            post(crate::security::report).layer(DefaultBodyLimit::max(16 * 1024)),
        )
        .merge(orgs::router())
        .merge(auth::router())
        .merge(me::router())
        .merge(password_reset::router())
        .merge(sms::router())
        .merge(payments::router())
        .merge(registrations::router())
        .merge(signing::router())
        .merge(seal::router())
        .merge(wechat::router())
        // Counted per matched route (a route layer sees which route matched).
        .route_layer(axum::middleware::from_fn(crate::observability::track))
        // An unknown API path or method is a JSON error, never the SPA's index.html.
        .fallback(|| async { AppError::NotFound(tr!("接口不存在")) })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
}
