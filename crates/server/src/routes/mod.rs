//! The JSON API under `/api`: one router per resource.

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};

use crate::AppState;
use crate::error::AppError;

mod auth;
mod health;
mod me;
mod orgs;
mod password_reset;
mod payments;
mod registrations;
pub(crate) mod seal;
mod signing;
mod sms;
mod wechat;

pub fn api() -> Router<AppState> {
    Router::new()
        .route("/health", get(health::health))
        .route("/ready", get(crate::observability::ready))
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
        .fallback(|| async { AppError::NotFound(tr!("接口不存在").into()) })
        .method_not_allowed_fallback(|| async { AppError::MethodNotAllowed })
}
