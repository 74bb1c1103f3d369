//! Extractors whose rejections are the API's own `{code, message}` errors, not axum's plain text.

use axum::extract::rejection::{JsonRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts};

use crate::error::AppError;

/// A JSON body; a malformed one is `bad_request`.
#[derive(FromRequest)]
#[from_request(via(axum::Json), rejection(AppError))]
pub struct Json<T>(pub T);

/// Query parameters; missing or malformed ones are `bad_request`.
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(AppError))]
pub struct Query<T>(pub T);

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        tracing::debug!(%rejection, "bad JSON body");
        AppError::BadRequest("请求内容格式不正确".into())
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        tracing::debug!(%rejection, "bad query");
        AppError::BadRequest("请求参数不正确".into())
    }
}
