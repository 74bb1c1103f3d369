use crate::extract::Path;
use crate::services::{certificates, credentials, handwriting, invoices, units};
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use cloudsign_contract::account::{
    AddUnit, CertificateView, ChangePassword, InvoiceView, IssueInvoice, PaidOrder, PaidOrders,
    RenewalOrder, UnitList,
};
use cloudsign_contract::auth::Me;
use cloudsign_contract::handwriting::{SaveSignature, SavedSignature};

use crate::AppState;
use crate::error::{ApiResult, AppError};
use crate::extract::{CurrentUser, Json as JsonBody};
use crate::services::sessions;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/me", get(me))
        .route(
            "/me/signature",
            get(signature)
                .put(save_signature)
                .layer(DefaultBodyLimit::max(2 * 1024 * 1024)),
        )
        .route("/session", delete(log_out))
        .route("/me/certificate", get(certificate))
        .route("/me/certificate/renewal", post(renew))
        .route("/me/password", put(change_password))
        .route("/me/orders", get(orders))
        .route("/me/orders/{order_no}", get(order))
        .route("/me/units", get(units).post(add_unit))
        .route("/me/units/{unit_id}/current", put(switch_unit))
        .route(
            "/me/orders/{order_no}/invoice",
            get(invoice).post(issue_invoice),
        )
        .route("/me/orders/{order_no}/invoice.pdf", get(invoice_pdf))
}

/// The person logged in (首页, 我的).
#[utoipa::path(
    get,
    path = "/api/me",
    tag = "me",
    summary = "The person logged in (首页, 我的)",
    security(("bearer" = [])),
    responses((status = 200, body = Me), crate::openapi::Failures)
)]
pub(crate) async fn me(State(state): State<AppState>, current: CurrentUser) -> ApiResult<Me> {
    Ok(Json(sessions::me(&state, &current.user).await?))
}

/// 退出登录
#[utoipa::path(
    delete,
    path = "/api/session",
    tag = "me",
    summary = "退出登录",
    security(("bearer" = [])),
    responses((status = 204, description = "Done"), crate::openapi::Failures)
)]
pub(crate) async fn log_out(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<StatusCode, AppError> {
    sessions::close(&state, &current.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 我的签名: the saved handwritten signature.
#[utoipa::path(
    get,
    path = "/api/me/signature",
    tag = "me",
    summary = "我的签名: the saved handwritten signature",
    security(("bearer" = [])),
    responses((status = 200, body = SavedSignature), crate::openapi::Failures)
)]
pub(crate) async fn signature(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<SavedSignature> {
    Ok(Json(handwriting::saved(&state, &current.user).await?))
}

/// The pad's 「√」.
#[utoipa::path(
    put,
    path = "/api/me/signature",
    tag = "me",
    summary = "Saves the handwritten signature (PNG and SVG, checked and sanitized)",
    request_body = SaveSignature,
    security(("bearer" = [])),
    responses((status = 200, body = SavedSignature), crate::openapi::Failures)
)]
pub(crate) async fn save_signature(
    State(state): State<AppState>,
    current: CurrentUser,
    JsonBody(body): JsonBody<SaveSignature>,
) -> ApiResult<SavedSignature> {
    Ok(Json(handwriting::save(&state, &current.user, &body).await?))
}

/// 我的证书
#[utoipa::path(
    get,
    path = "/api/me/certificate",
    tag = "me",
    summary = "我的证书",
    security(("bearer" = [])),
    responses((status = 200, body = CertificateView), crate::openapi::Failures)
)]
pub(crate) async fn certificate(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<CertificateView> {
    Ok(Json(certificates::view(&state, &current.user).await?))
}

/// 修改签署密码
#[utoipa::path(
    put,
    path = "/api/me/password",
    tag = "me",
    summary = "修改签署密码",
    request_body = ChangePassword,
    security(("bearer" = [])),
    responses((status = 204, description = "Done"), crate::openapi::Failures)
)]
pub(crate) async fn change_password(
    State(state): State<AppState>,
    current: CurrentUser,
    JsonBody(request): JsonBody<ChangePassword>,
) -> Result<StatusCode, AppError> {
    credentials::change_password(&state, &current.user, &current.token, &request).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 个人证书订单信息: one paid order of the person's.
#[utoipa::path(
    get,
    path = "/api/me/orders/{order_no}",
    tag = "me",
    summary = "个人证书订单信息",
    params(("order_no" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = PaidOrder), crate::openapi::Failures)
)]
pub(crate) async fn order(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(order_no): Path<String>,
) -> ApiResult<PaidOrder> {
    Ok(Json(
        invoices::paid_order(&state, &current.user, &order_no).await?,
    ))
}

/// 我的订单
#[utoipa::path(
    get,
    path = "/api/me/orders",
    tag = "me",
    summary = "我的订单: paid orders, newest first",
    security(("bearer" = [])),
    responses((status = 200, body = PaidOrders), crate::openapi::Failures)
)]
pub(crate) async fn orders(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<PaidOrders> {
    Ok(Json(invoices::paid_orders(&state, &current.user).await?))
}

#[utoipa::path(
    get,
    path = "/api/me/orders/{order_no}/invoice",
    tag = "me",
    summary = "查看发票",
    params(("order_no" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = InvoiceView), crate::openapi::Failures)
)]
pub(crate) async fn invoice(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(order_no): Path<String>,
) -> ApiResult<InvoiceView> {
    Ok(Json(
        invoices::invoice(&state, &current.user, &order_no).await?,
    ))
}

/// 开票's 「确定」
#[utoipa::path(
    post,
    path = "/api/me/orders/{order_no}/invoice",
    tag = "me",
    summary = "开票: issues the e-invoice once (a repeat answers the same invoice)",
    request_body = IssueInvoice,
    params(("order_no" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = InvoiceView), crate::openapi::Failures)
)]
pub(crate) async fn issue_invoice(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(order_no): Path<String>,
    JsonBody(request): JsonBody<IssueInvoice>,
) -> ApiResult<InvoiceView> {
    Ok(Json(
        invoices::issue_invoice(&state, &current.user, &order_no, &request).await?,
    ))
}

#[utoipa::path(
    get,
    path = "/api/me/orders/{order_no}/invoice.pdf",
    tag = "me",
    summary = "The e-invoice as PDF",
    params(("order_no" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, description = "The file", content_type = "application/pdf", body = String), crate::openapi::Failures)
)]
pub(crate) async fn invoice_pdf(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(order_no): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let pdf = invoices::invoice_pdf(&state, &current.user, &order_no).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf".to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("inline; filename=\"invoice-{order_no}.pdf\""),
            ),
        ],
        pdf,
    ))
}

/// 切换单位
#[utoipa::path(
    get,
    path = "/api/me/units",
    tag = "me",
    summary = "我的单位",
    security(("bearer" = [])),
    responses((status = 200, body = UnitList), crate::openapi::Failures)
)]
pub(crate) async fn units(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<UnitList> {
    Ok(Json(units::units(&state, &current.user).await?))
}

/// 添加单位
#[utoipa::path(
    post,
    path = "/api/me/units",
    tag = "me",
    summary = "添加单位",
    request_body = AddUnit,
    security(("bearer" = [])),
    responses((status = 200, body = UnitList), crate::openapi::Failures)
)]
pub(crate) async fn add_unit(
    State(state): State<AppState>,
    current: CurrentUser,
    JsonBody(request): JsonBody<AddUnit>,
) -> ApiResult<UnitList> {
    Ok(Json(
        units::add_unit(&state, &current.user, &request).await?,
    ))
}

#[utoipa::path(
    put,
    path = "/api/me/units/{unit_id}/current",
    tag = "me",
    summary = "切换单位",
    params(("unit_id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = UnitList), crate::openapi::Failures)
)]
pub(crate) async fn switch_unit(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(unit_id): Path<i64>,
) -> ApiResult<UnitList> {
    Ok(Json(
        units::switch_unit(&state, &current.user, unit_id).await?,
    ))
}

/// 我的证书's 「续期」: the renewal order, paid through its registration.
#[utoipa::path(
    post,
    path = "/api/me/certificate/renewal",
    tag = "me",
    summary = "续期: an order for the renewal, within the window before expiry",
    security(("bearer" = [])),
    responses((status = 200, body = RenewalOrder), crate::openapi::Failures)
)]
pub(crate) async fn renew(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<RenewalOrder> {
    Ok(Json(
        crate::services::renewal::create(&state, &current.user).await?,
    ))
}
