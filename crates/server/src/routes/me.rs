use crate::services::{certificates, credentials, handwriting, invoices, units};
use axum::extract::Path;
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
async fn me(State(state): State<AppState>, current: CurrentUser) -> ApiResult<Me> {
    Ok(Json(sessions::me(&state, &current.user).await?))
}

/// 退出登录
async fn log_out(
    State(state): State<AppState>,
    current: CurrentUser,
) -> Result<StatusCode, AppError> {
    sessions::close(&state, &current.token).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 我的签名: the saved handwritten signature.
async fn signature(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<SavedSignature> {
    Ok(Json(handwriting::saved(&state, &current.user).await?))
}

/// The pad's 「√」.
async fn save_signature(
    State(state): State<AppState>,
    current: CurrentUser,
    JsonBody(body): JsonBody<SaveSignature>,
) -> ApiResult<SavedSignature> {
    Ok(Json(handwriting::save(&state, &current.user, &body).await?))
}

/// 我的证书
async fn certificate(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<CertificateView> {
    Ok(Json(certificates::view(&state, &current.user).await?))
}

/// 修改签署密码
async fn change_password(
    State(state): State<AppState>,
    current: CurrentUser,
    JsonBody(request): JsonBody<ChangePassword>,
) -> Result<StatusCode, AppError> {
    credentials::change_password(&state, &current.user, &current.token, &request).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 个人证书订单信息: one paid order of the person's.
async fn order(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(order_no): Path<String>,
) -> ApiResult<PaidOrder> {
    Ok(Json(
        invoices::paid_order(&state, &current.user, &order_no).await?,
    ))
}

/// 我的订单
async fn orders(State(state): State<AppState>, current: CurrentUser) -> ApiResult<PaidOrders> {
    Ok(Json(invoices::paid_orders(&state, &current.user).await?))
}

async fn invoice(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(order_no): Path<String>,
) -> ApiResult<InvoiceView> {
    Ok(Json(
        invoices::invoice(&state, &current.user, &order_no).await?,
    ))
}

/// 开票's 「确定」
async fn issue_invoice(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(order_no): Path<String>,
    JsonBody(request): JsonBody<IssueInvoice>,
) -> ApiResult<InvoiceView> {
    Ok(Json(
        invoices::issue_invoice(&state, &current.user, &order_no, &request).await?,
    ))
}

async fn invoice_pdf(
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
async fn units(State(state): State<AppState>, current: CurrentUser) -> ApiResult<UnitList> {
    Ok(Json(units::units(&state, &current.user).await?))
}

/// 添加单位
async fn add_unit(
    State(state): State<AppState>,
    current: CurrentUser,
    JsonBody(request): JsonBody<AddUnit>,
) -> ApiResult<UnitList> {
    Ok(Json(
        units::add_unit(&state, &current.user, &request).await?,
    ))
}

async fn switch_unit(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(unit_id): Path<i64>,
) -> ApiResult<UnitList> {
    Ok(Json(
        units::switch_unit(&state, &current.user, unit_id).await?,
    ))
}

/// 我的证书's 「续期」: the renewal order, paid through its registration.
async fn renew(State(state): State<AppState>, current: CurrentUser) -> ApiResult<RenewalOrder> {
    Ok(Json(
        crate::services::renewal::create(&state, &current.user).await?,
    ))
}
