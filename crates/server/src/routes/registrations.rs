use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use cloudsign_contract::auth::Session;
use cloudsign_contract::orders::{CreateOrder, OrderView};
use cloudsign_contract::payment::{PaymentStart, StartPayment};
use cloudsign_contract::real_name::{
    IdCardSide, LivenessChallenge, LivenessSubmission, PhotoReceipt,
};
use cloudsign_contract::registration::{
    ConfirmIdentity, ContinueRegistration, CreateRegistration, CreateResumeLink, RegistrationState,
    ResumeLink, Resumed, RoleList, SetSigningPassword,
};

use crate::AppState;
use crate::domain::rate_limit::Limited;
use crate::error::{ApiResult, AppError};
use crate::extract::{ClientAddress, Json as JsonBody};
use crate::services::{enrolment, orders, payments, rate_limit, real_name, registration, resume};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/roles", get(roles))
        .route("/registrations", post(create))
        .route("/registrations/continue", post(continue_by_phone))
        .route("/registrations/{id}/resume-links", post(create_resume_link))
        .route("/resume/{token}", post(redeem_resume_link))
        .route("/registrations/{id}", get(load))
        .route("/registrations/{id}/identity", put(confirm_identity))
        .route(
            "/registrations/{id}/id-card/{side}",
            put(upload_photo).layer(DefaultBodyLimit::max(6 * 1024 * 1024)),
        )
        .route(
            "/registrations/{id}/order",
            post(create_order).get(current_order),
        )
        .route("/registrations/{id}/order/pay", post(start_payment))
        .route("/registrations/{id}/order/cancel", post(cancel_order))
        .route("/registrations/{id}/password", put(set_password))
        .route(
            "/registrations/{id}/liveness/challenge",
            post(liveness_challenge),
        )
        .route(
            "/registrations/{id}/liveness",
            post(submit_liveness).layer(DefaultBodyLimit::max(8 * 1024 * 1024)),
        )
}

/// 用户角色 for the 注册 form.
async fn roles(State(state): State<AppState>) -> ApiResult<RoleList> {
    Ok(Json(RoleList {
        roles: registration::roles(&state).await?,
    }))
}

async fn create(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    JsonBody(form): JsonBody<CreateRegistration>,
) -> ApiResult<RegistrationState> {
    rate_limit::check(&state, Limited::Register, client).await?;
    Ok(Json(registration::create(&state, &form).await?))
}

/// 继续办理 with the phone number and a code: rate-limited as 注册 is.
async fn continue_by_phone(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    JsonBody(request): JsonBody<ContinueRegistration>,
) -> ApiResult<Resumed> {
    rate_limit::check(&state, Limited::Register, client).await?;
    Ok(Json(resume::continue_by_phone(&state, &request).await?))
}

async fn create_resume_link(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<CreateResumeLink>,
) -> ApiResult<ResumeLink> {
    Ok(Json(
        resume::create_link(&state, &id, request.target).await?,
    ))
}

async fn redeem_resume_link(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> ApiResult<Resumed> {
    Ok(Json(resume::redeem(&state, &token).await?))
}

async fn load(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<RegistrationState> {
    Ok(Json(registration::load(&state, &id).await?))
}

async fn confirm_identity(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ConfirmIdentity>,
) -> ApiResult<RegistrationState> {
    Ok(Json(
        registration::confirm_identity(&state, &id, &body.id_number).await?,
    ))
}

/// 实名认证: one side of the ID card, the image itself as the body.
async fn upload_photo(
    State(state): State<AppState>,
    Path((id, side)): Path<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<PhotoReceipt> {
    let side =
        IdCardSide::parse(&side).ok_or_else(|| AppError::NotFound(tr!("接口不存在").into()))?;
    let body = body.map_err(|_| AppError::BadRequest(tr!("图片太大，请重新拍摄或选择").into()))?;
    Ok(Json(
        real_name::upload_photo(&state, &id, side, &body).await?,
    ))
}

async fn liveness_challenge(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<LivenessChallenge> {
    Ok(Json(real_name::new_challenge(&state, &id).await?))
}

async fn submit_liveness(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(submission): JsonBody<LivenessSubmission>,
) -> ApiResult<RegistrationState> {
    Ok(Json(
        real_name::submit_liveness(&state, &id, &submission).await?,
    ))
}

/// 确认信息's 「确定」: the payment order.
async fn create_order(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<CreateOrder>,
) -> ApiResult<OrderView> {
    Ok(Json(orders::create(&state, &id, &body.sms_code).await?))
}

async fn current_order(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<OrderView> {
    Ok(Json(orders::current(&state, &id).await?))
}

/// 「取消」
async fn cancel_order(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<OrderView> {
    Ok(Json(orders::cancel(&state, &id).await?))
}

/// 「支付」: what the app needs to pay through its channel.
async fn start_payment(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<StartPayment>,
) -> ApiResult<PaymentStart> {
    Ok(Json(payments::start(&state, &id, &request).await?))
}

/// 设置签署密码: completes the registration, issues the certificate, logs the person in.
async fn set_password(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<SetSigningPassword>,
) -> ApiResult<Session> {
    Ok(Json(enrolment::set_password(&state, &id, &request).await?))
}
