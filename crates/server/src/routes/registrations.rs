use crate::extract::Path;
use axum::body::Bytes;
use axum::extract::rejection::BytesRejection;
use axum::extract::{DefaultBodyLimit, State};
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
#[utoipa::path(
    get,
    path = "/api/roles",
    tag = "registration",
    summary = "用户角色",
    responses((status = 200, body = RoleList), crate::openapi::Failures)
)]
pub(crate) async fn roles(State(state): State<AppState>) -> ApiResult<RoleList> {
    Ok(Json(RoleList {
        roles: registration::roles(&state).await?,
    }))
}

#[utoipa::path(
    post,
    path = "/api/registrations",
    tag = "registration",
    summary = "注册: the form and its SMS code",
    request_body = CreateRegistration,
    responses((status = 200, body = RegistrationState), crate::openapi::Failures)
)]
pub(crate) async fn create(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    JsonBody(form): JsonBody<CreateRegistration>,
) -> ApiResult<RegistrationState> {
    rate_limit::check(&state, Limited::Register, client).await?;
    Ok(Json(registration::create(&state, &form).await?))
}

/// 继续办理 with the phone number and a code: rate-limited as 注册 is.
#[utoipa::path(
    post,
    path = "/api/registrations/continue",
    tag = "registration",
    summary = "继续办理: phone and code find the registration in progress",
    request_body = ContinueRegistration,
    responses((status = 200, body = Resumed), crate::openapi::Failures)
)]
pub(crate) async fn continue_by_phone(
    State(state): State<AppState>,
    ClientAddress(client): ClientAddress,
    JsonBody(request): JsonBody<ContinueRegistration>,
) -> ApiResult<Resumed> {
    rate_limit::check(&state, Limited::Register, client).await?;
    Ok(Json(resume::continue_by_phone(&state, &request).await?))
}

#[utoipa::path(
    post,
    path = "/api/registrations/{id}/resume-links",
    tag = "registration",
    summary = "A single-use link back to this registration (the WeChat Pay return)",
    request_body = CreateResumeLink,
    params(("id" = String, Path)),
    responses((status = 200, body = ResumeLink), crate::openapi::Failures)
)]
pub(crate) async fn create_resume_link(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<CreateResumeLink>,
) -> ApiResult<ResumeLink> {
    Ok(Json(
        resume::create_link(&state, &id, request.target).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/resume/{token}",
    tag = "registration",
    summary = "Redeems a resume link, once",
    params(("token" = String, Path)),
    responses((status = 200, body = Resumed), crate::openapi::Failures)
)]
pub(crate) async fn redeem_resume_link(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> ApiResult<Resumed> {
    Ok(Json(resume::redeem(&state, &token).await?))
}

#[utoipa::path(
    get,
    path = "/api/registrations/{id}",
    tag = "registration",
    summary = "Where a registration stands",
    params(("id" = String, Path)),
    responses((status = 200, body = RegistrationState), crate::openapi::Failures)
)]
pub(crate) async fn load(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<RegistrationState> {
    Ok(Json(registration::load(&state, &id).await?))
}

#[utoipa::path(
    put,
    path = "/api/registrations/{id}/identity",
    tag = "registration",
    summary = "确认信息: the ID number",
    request_body = ConfirmIdentity,
    params(("id" = String, Path)),
    responses((status = 200, body = RegistrationState), crate::openapi::Failures)
)]
pub(crate) async fn confirm_identity(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<ConfirmIdentity>,
) -> ApiResult<RegistrationState> {
    Ok(Json(
        registration::confirm_identity(&state, &id, &body.id_number).await?,
    ))
}

/// 实名认证: one side of the ID card, the image itself as the body.
#[utoipa::path(
    put,
    path = "/api/registrations/{id}/id-card/{side}",
    tag = "registration",
    summary = "实名认证: an ID card photo (JPEG or PNG, at most 5 MB)",
    request_body(content = Vec<u8>, content_type = "image/jpeg"),
    params(("id" = String, Path), ("side" = cloudsign_contract::real_name::IdCardSide, Path)),
    responses((status = 200, body = PhotoReceipt), crate::openapi::Failures)
)]
pub(crate) async fn upload_photo(
    State(state): State<AppState>,
    Path((id, side)): Path<(String, String)>,
    body: Result<Bytes, BytesRejection>,
) -> ApiResult<PhotoReceipt> {
    let side = IdCardSide::parse(&side).ok_or_else(|| AppError::NotFound(tr!("接口不存在")))?;
    let body = body.map_err(|_| AppError::BadRequest(tr!("图片太大，请重新拍摄或选择")))?;
    Ok(Json(
        real_name::upload_photo(&state, &id, side, &body).await?,
    ))
}

#[utoipa::path(
    post,
    path = "/api/registrations/{id}/liveness/challenge",
    tag = "registration",
    summary = "刷脸认证: the prompts",
    params(("id" = String, Path)),
    responses((status = 200, body = LivenessChallenge), crate::openapi::Failures)
)]
pub(crate) async fn liveness_challenge(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<LivenessChallenge> {
    Ok(Json(real_name::new_challenge(&state, &id).await?))
}

#[utoipa::path(
    post,
    path = "/api/registrations/{id}/liveness",
    tag = "registration",
    summary = "刷脸认证: the frames, judged by the real-name service",
    request_body = LivenessSubmission,
    params(("id" = String, Path)),
    responses((status = 200, body = RegistrationState), crate::openapi::Failures)
)]
pub(crate) async fn submit_liveness(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(submission): JsonBody<LivenessSubmission>,
) -> ApiResult<RegistrationState> {
    Ok(Json(
        real_name::submit_liveness(&state, &id, &submission).await?,
    ))
}

/// 确认信息's 「确定」: the payment order.
#[utoipa::path(
    post,
    path = "/api/registrations/{id}/order",
    tag = "payment",
    summary = "The certificate fee order (the open one if it exists)",
    request_body = CreateOrder,
    params(("id" = String, Path)),
    responses((status = 200, body = OrderView), crate::openapi::Failures)
)]
pub(crate) async fn create_order(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(body): JsonBody<CreateOrder>,
) -> ApiResult<OrderView> {
    Ok(Json(orders::create(&state, &id, &body.sms_code).await?))
}

#[utoipa::path(
    get,
    path = "/api/registrations/{id}/order",
    tag = "payment",
    summary = "The order's state (asks WeChat Pay when no notification came)",
    params(("id" = String, Path)),
    responses((status = 200, body = OrderView), crate::openapi::Failures)
)]
pub(crate) async fn current_order(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<OrderView> {
    Ok(Json(orders::current(&state, &id).await?))
}

/// 「取消」
#[utoipa::path(
    post,
    path = "/api/registrations/{id}/order/cancel",
    tag = "payment",
    summary = "取消订单",
    params(("id" = String, Path)),
    responses((status = 200, body = OrderView), crate::openapi::Failures)
)]
pub(crate) async fn cancel_order(
    State(state): State<AppState>,
    Path(id): Path<String>,
) -> ApiResult<OrderView> {
    Ok(Json(orders::cancel(&state, &id).await?))
}

/// 「支付」: what the app needs to pay through its channel.
#[utoipa::path(
    post,
    path = "/api/registrations/{id}/order/pay",
    tag = "payment",
    summary = "支付: what the channel needs (H5 URL, JSAPI parameters or a code URL)",
    request_body = StartPayment,
    params(("id" = String, Path)),
    responses((status = 200, body = PaymentStart), crate::openapi::Failures)
)]
pub(crate) async fn start_payment(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<StartPayment>,
) -> ApiResult<PaymentStart> {
    Ok(Json(payments::start(&state, &id, &request).await?))
}

/// 设置签署密码: completes the registration, issues the certificate, logs the person in.
#[utoipa::path(
    put,
    path = "/api/registrations/{id}/password",
    tag = "registration",
    summary = "设置签署密码: the certificate is issued",
    request_body = SetSigningPassword,
    params(("id" = String, Path)),
    responses((status = 200, body = Session), crate::openapi::Failures)
)]
pub(crate) async fn set_password(
    State(state): State<AppState>,
    Path(id): Path<String>,
    JsonBody(request): JsonBody<SetSigningPassword>,
) -> ApiResult<Session> {
    Ok(Json(enrolment::set_password(&state, &id, &request).await?))
}
