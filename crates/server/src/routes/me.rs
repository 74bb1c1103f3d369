use crate::services::account;
use axum::extract::Path;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::StatusCode;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloudsign_contract::account::{
    AddUnit, CertificateView, ChangePassword, InvoiceView, IssueInvoice, PaidOrders, RenewalOrder,
    UnitList,
};
use cloudsign_contract::auth::Me;
use cloudsign_contract::handwriting::{SaveSignature, SavedSignature};

use crate::AppState;
use crate::domain::handwriting::{check_png, sanitize_svg};
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
    let row = state
        .store
        .signature(current.user.id)
        .await?
        .ok_or_else(|| AppError::NotFound("尚未录入签名".into()))?;
    Ok(Json(SavedSignature {
        png: STANDARD.encode(&row.png),
        svg: row.svg,
        width: row.width.max(0) as u32,
        height: row.height.max(0) as u32,
        updated_at: row.updated_at,
    }))
}

/// The pad's 「√」: checked again here, whatever the app checked.
async fn save_signature(
    State(state): State<AppState>,
    current: CurrentUser,
    JsonBody(body): JsonBody<SaveSignature>,
) -> ApiResult<SavedSignature> {
    let png = STANDARD
        .decode(body.png.trim())
        .map_err(|_| AppError::BadRequest("签名图片格式不正确".into()))?;
    let size = check_png(&png).map_err(|message| AppError::BadRequest(message.into()))?;
    let svg = sanitize_svg(&body.svg).map_err(|message| AppError::BadRequest(message.into()))?;
    state
        .store
        .save_signature(current.user.id, &png, &svg, size, state.clock.now())
        .await?;
    signature(State(state), current).await
}

/// 我的证书
async fn certificate(
    State(state): State<AppState>,
    current: CurrentUser,
) -> ApiResult<CertificateView> {
    Ok(Json(account::certificate(&state, &current.user).await?))
}

/// 修改签署密码
async fn change_password(
    State(state): State<AppState>,
    current: CurrentUser,
    JsonBody(request): JsonBody<ChangePassword>,
) -> Result<StatusCode, AppError> {
    account::change_password(&state, &current.user, &current.token, &request).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// 我的订单
async fn orders(State(state): State<AppState>, current: CurrentUser) -> ApiResult<PaidOrders> {
    Ok(Json(account::paid_orders(&state, &current.user).await?))
}

async fn invoice(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(order_no): Path<String>,
) -> ApiResult<InvoiceView> {
    Ok(Json(
        account::invoice(&state, &current.user, &order_no).await?,
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
        account::issue_invoice(&state, &current.user, &order_no, &request).await?,
    ))
}

async fn invoice_pdf(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(order_no): Path<String>,
) -> Result<impl IntoResponse, AppError> {
    let pdf = account::invoice_pdf(&state, &current.user, &order_no).await?;
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
    Ok(Json(account::units(&state, &current.user).await?))
}

/// 添加单位
async fn add_unit(
    State(state): State<AppState>,
    current: CurrentUser,
    JsonBody(request): JsonBody<AddUnit>,
) -> ApiResult<UnitList> {
    Ok(Json(
        account::add_unit(&state, &current.user, &request).await?,
    ))
}

async fn switch_unit(
    State(state): State<AppState>,
    current: CurrentUser,
    Path(unit_id): Path<i64>,
) -> ApiResult<UnitList> {
    Ok(Json(
        account::switch_unit(&state, &current.user, unit_id).await?,
    ))
}

/// 我的证书's 「续期」: the renewal order, paid through its registration.
async fn renew(State(state): State<AppState>, current: CurrentUser) -> ApiResult<RenewalOrder> {
    Ok(Json(
        crate::services::renewal::create(&state, &current.user).await?,
    ))
}
