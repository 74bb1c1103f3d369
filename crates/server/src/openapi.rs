//! The API's contract, published: `GET /api/openapi.json` is an OpenAPI 3.1 document generated
//! from the handlers' `#[utoipa::path]` and the contract's types (`cloudsign-contract` with its
//! `openapi` feature), so it cannot drift from the code. A test checks that every route the
//! router serves is in it; schemathesis (in the test command) checks the server against it.
//!
//! Not in it: `/sandbox/…` (only on a sandbox server) and `/metrics` (Prometheus' format).

use std::sync::OnceLock;

use cloudsign_contract::ErrorBody;
use serde::Serialize;
use utoipa::openapi::security::{ApiKey, ApiKeyValue, HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

/// Every failure is `{code, message}`: `code` to branch on, `message` to show, in the
/// request's `Accept-Language` (zh-CN unless English is preferred).
#[derive(utoipa::IntoResponses)]
pub enum Failures {
    /// Refused: bad input (400), no or ended session (401), wrong password (403), not found
    /// (404), out of order (409), expired (410), locked (423), too often (429, with
    /// `Retry-After`), a real-name verdict (422).
    #[response(status = "4XX")]
    Refused(ErrorBody),
    /// The server failed (500; details only in its log) or is too busy (503, `Retry-After`).
    #[response(status = "5XX")]
    Failed(ErrorBody),
}

/// What WeChat Pay expects back from a notification.
#[derive(Serialize, ToSchema)]
pub struct WxPayAnswer {
    /// `SUCCESS` or `FAIL`.
    pub code: String,
    pub message: Option<String>,
}

struct SecuritySchemes;

impl Modify for SecuritySchemes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "The session token from 登录 or 设置签署密码 (`Session.token`).",
                    ))
                    .build(),
            ),
        );
        components.add_security_scheme(
            "sealing_client",
            SecurityScheme::ApiKey(ApiKey::Header(ApiKeyValue::with_description(
                "Authorization",
                "A registered sealing client's request signature: `CLOUDSIGN-HMAC-SHA256 \
                 client_id=\"…\",timestamp=\"…\",nonce=\"…\",signature=\"…\"` over method, \
                 path with query, timestamp, nonce and body (see the README).",
            ))),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "云签署 CloudSign API",
        description = "The JSON API of 云签署, the personal cloud signing certificate of the Huizhou \
public resource trading center: registration with real-name verification and WeChat Pay, login, \
signing what a desktop sealing client shows as a QR code, orders and e-invoices; and the sealing \
clients' own API. Failures are `{code, message}`; messages follow `Accept-Language` (zh-CN or en).",
    ),
    paths(
        crate::routes::health::health,
        crate::observability::ready,
        crate::security::report,
        crate::routes::orgs::search,
        crate::routes::registrations::roles,
        crate::routes::registrations::create,
        crate::routes::registrations::continue_by_phone,
        crate::routes::registrations::create_resume_link,
        crate::routes::registrations::redeem_resume_link,
        crate::routes::registrations::load,
        crate::routes::registrations::confirm_identity,
        crate::routes::registrations::upload_photo,
        crate::routes::registrations::liveness_challenge,
        crate::routes::registrations::submit_liveness,
        crate::routes::registrations::create_order,
        crate::routes::registrations::current_order,
        crate::routes::registrations::start_payment,
        crate::routes::registrations::cancel_order,
        crate::routes::registrations::set_password,
        crate::routes::payments::notify,
        crate::routes::sms::send,
        crate::routes::sms::cooldown,
        crate::routes::auth::lookup,
        crate::routes::auth::log_in,
        crate::routes::me::me,
        crate::routes::me::log_out,
        crate::routes::me::signature,
        crate::routes::me::save_signature,
        crate::routes::me::certificate,
        crate::routes::me::renew,
        crate::routes::me::change_password,
        crate::routes::me::orders,
        crate::routes::me::order,
        crate::routes::me::invoice,
        crate::routes::me::issue_invoice,
        crate::routes::me::invoice_pdf,
        crate::routes::me::units,
        crate::routes::me::add_unit,
        crate::routes::me::switch_unit,
        crate::routes::password_reset::start,
        crate::routes::password_reset::challenge,
        crate::routes::password_reset::liveness,
        crate::routes::password_reset::complete,
        crate::routes::signing::records,
        crate::routes::signing::request,
        crate::routes::signing::sign,
        crate::routes::seal::open,
        crate::routes::seal::read,
        crate::routes::seal::provide_documents,
        crate::routes::seal::cancel,
        crate::routes::seal::ca_pem,
        crate::routes::wechat::js_config,
        document,
    ),
    // The failures' body is named by `Failures`, which utoipa does not follow into schemas.
    components(schemas(ErrorBody, cloudsign_contract::ErrorCode)),
    modifiers(&SecuritySchemes),
    tags(
        (name = "registration", description = "选择机构, 注册, 确认信息, 实名认证, 设置签署密码"),
        (name = "payment", description = "The certificate fee: orders and WeChat Pay"),
        (name = "sms", description = "Verification codes"),
        (name = "auth", description = "登录"),
        (name = "me", description = "我的: the person, certificate, signature, orders, invoices, units"),
        (name = "password-reset", description = "重置签署密码 with a code and the face"),
        (name = "signing", description = "The phone's side of signing: 签章确认 and 签署记录"),
        (name = "sealing-client", description = "The desktop sealing clients' API (信鉴易印 and others)"),
        (name = "wechat", description = "Inside WeChat: the JS-SDK's configuration"),
        (name = "operations", description = "Health and readiness"),
    )
)]
pub struct ApiDoc;

/// This document (OpenAPI 3.1, JSON).
#[utoipa::path(
    get,
    path = "/api/openapi.json",
    tag = "operations",
    summary = "This document",
    responses((status = 200, description = "OpenAPI 3.1", content_type = "application/json", body = Object))
)]
pub async fn document() -> impl axum::response::IntoResponse {
    static DOCUMENT: OnceLock<String> = OnceLock::new();
    let json = DOCUMENT.get_or_init(|| ApiDoc::openapi().to_pretty_json().unwrap_or_default());
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        json.as_str(),
    )
}
