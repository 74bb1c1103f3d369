//! Local stand-ins for the outside parties, and their pages under `/sandbox/`.

use axum::Router;
use axum::routing::get;

use crate::AppState;

pub mod real_name;
pub mod sms;

pub fn router() -> Router<AppState> {
    Router::new().route("/sms", get(sms::outbox))
}
