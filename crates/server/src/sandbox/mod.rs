//! Local stand-ins for the outside parties, and their pages under `/sandbox/`.

use axum::Router;
use axum::routing::{get, post};

use crate::AppState;

pub mod ca;
pub mod invoice;
pub mod real_name;
pub mod seal_client;
pub mod sms;
pub mod wechat;
pub mod wxpay;

/// Text made safe to put in the sandbox pages' HTML.
pub(crate) fn escape_html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The Content-Security-Policy violations browsers reported: what the end-to-end tests assert
/// is empty.
async fn csp_reports(
    axum::extract::State(state): axum::extract::State<AppState>,
) -> axum::Json<Vec<String>> {
    let reports = state
        .csp_reports
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
        .clone();
    axum::Json(reports)
}

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/sms", get(sms::outbox))
        .route("/mail", get(invoice::outbox))
        .route("/csp-reports", get(csp_reports))
        .route("/wechat/jweixin.js", get(wechat::sdk))
        .route("/wechat/verify", post(wechat::verify))
        .route("/wechat/scan", get(wechat::scan))
        .route("/wxpay/cashier/{prepay_id}", get(wxpay::cashier))
        .route("/wxpay/cashier/{prepay_id}/pay", post(wxpay::pay))
        .route("/wxpay/cashier/{prepay_id}/cancel", post(wxpay::cancel))
        .route("/seal-client", get(seal_client::home))
        .route("/seal-client/start", post(seal_client::start))
        .route("/seal-client/sessions/{id}", get(seal_client::show))
        .route(
            "/seal-client/sessions/{id}/cancel",
            post(seal_client::cancel),
        )
}
