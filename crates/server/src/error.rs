use axum::Json;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use cloudsign_contract::{ErrorBody, ErrorCode};

/// What a handler can fail with. Its response is always `{code, message}` in Chinese; the
/// details of an internal error go to the log and never to the client.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("bad request: {0}")]
    BadRequest(String),
    #[error("not found: {0}")]
    NotFound(String),
    #[error("method not allowed")]
    MethodNotAllowed,
    /// The phone already has an account with the organization.
    #[error("already registered: {0}")]
    AlreadyRegistered(String),
    /// Out of the process's order.
    #[error("wrong step: {0}")]
    WrongStep(String),
    /// A verification code that is wrong, expired or used up.
    #[error("invalid code: {0}")]
    InvalidCode(String),
    /// 实名信息不一致
    #[error("real-name mismatch: {0}")]
    RealNameMismatch(String),
    /// The liveness check failed; the message says what to do.
    #[error("liveness failed: {0}")]
    LivenessFailed(String),
    /// The live face is not the registered person's.
    #[error("face mismatch: {0}")]
    FaceMismatch(String),
    /// Too soon or too often; the message says how long to wait.
    #[error("too many requests: {0}")]
    TooManyRequests(String),
    /// Too many password checks are queued: try again in a second (503 with `Retry-After`).
    #[error("busy")]
    Busy,
    /// The phone has no account with the named organization.
    #[error("not registered with {0}")]
    NotRegistered(String),
    /// No session, or it has expired.
    #[error("unauthorized")]
    Unauthorized,
    /// A sealing client's request that is not signed by a registered client, or is stale or
    /// replayed (the message is for the client's developer).
    #[error("client unauthorized: {0}")]
    ClientUnauthorized(&'static str),
    /// A wrong signing password; the message says how many tries remain.
    #[error("wrong password: {0}")]
    WrongPassword(String),
    /// Locked after too many wrong passwords; the message says for how long.
    #[error("locked: {0}")]
    Locked(String),
    /// Run out (a signing QR code).
    #[error("expired: {0}")]
    Expired(String),
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// What a busy server asks a client to wait, in seconds.
pub const BUSY_RETRY_AFTER_SECS: u32 = 1;

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        AppError::Internal(err.into())
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            AppError::BadRequest(message) => {
                (StatusCode::BAD_REQUEST, ErrorCode::BadRequest, message)
            }
            AppError::NotFound(message) => (StatusCode::NOT_FOUND, ErrorCode::NotFound, message),
            AppError::MethodNotAllowed => (
                StatusCode::METHOD_NOT_ALLOWED,
                ErrorCode::BadRequest,
                tr!("请求方式不正确").to_owned(),
            ),
            AppError::AlreadyRegistered(message) => {
                (StatusCode::CONFLICT, ErrorCode::AlreadyRegistered, message)
            }
            AppError::WrongStep(message) => (StatusCode::CONFLICT, ErrorCode::WrongStep, message),
            AppError::InvalidCode(message) => {
                (StatusCode::BAD_REQUEST, ErrorCode::InvalidCode, message)
            }
            AppError::RealNameMismatch(message) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::RealNameMismatch,
                message,
            ),
            AppError::LivenessFailed(message) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::LivenessFailed,
                message,
            ),
            AppError::FaceMismatch(message) => (
                StatusCode::UNPROCESSABLE_ENTITY,
                ErrorCode::FaceMismatch,
                message,
            ),
            AppError::Busy => {
                let body = ErrorBody {
                    code: ErrorCode::Busy,
                    message: tr!("当前使用人数较多，请稍后再试").to_owned(),
                };
                return (
                    StatusCode::SERVICE_UNAVAILABLE,
                    [(
                        axum::http::header::RETRY_AFTER,
                        BUSY_RETRY_AFTER_SECS.to_string(),
                    )],
                    Json(body),
                )
                    .into_response();
            }
            AppError::TooManyRequests(message) => (
                StatusCode::TOO_MANY_REQUESTS,
                ErrorCode::TooManyRequests,
                message,
            ),
            AppError::NotRegistered(org_name) => (
                StatusCode::NOT_FOUND,
                ErrorCode::NotRegistered,
                tr!("该手机号尚未在%{org}注册云签署", org = org_name),
            ),
            AppError::Unauthorized => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::Unauthorized,
                tr!("登录已失效，请重新登录").to_owned(),
            ),
            AppError::ClientUnauthorized(message) => (
                StatusCode::UNAUTHORIZED,
                ErrorCode::ClientUnauthorized,
                message.to_owned(),
            ),
            AppError::WrongPassword(message) => {
                (StatusCode::FORBIDDEN, ErrorCode::WrongPassword, message)
            }
            AppError::Locked(message) => (StatusCode::LOCKED, ErrorCode::Locked, message),
            AppError::Expired(message) => (StatusCode::GONE, ErrorCode::Expired, message),
            AppError::Internal(err) => {
                tracing::error!(error = ?err, "request failed");
                (
                    StatusCode::INTERNAL_SERVER_ERROR,
                    ErrorCode::Internal,
                    tr!("服务暂时不可用，请稍后再试").to_owned(),
                )
            }
        };
        (status, Json(ErrorBody { code, message })).into_response()
    }
}

pub type ApiResult<T> = Result<Json<T>, AppError>;
