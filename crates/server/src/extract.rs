//! Extractors whose rejections are the API's own `{code, message}` errors, not axum's plain text.

use axum::body::{Body, Bytes};
use axum::extract::rejection::{JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::AppError;

// No text this API takes may hold U+0000: no name, number or title has one, and PostgreSQL's
// TEXT cannot store it. The extractors refuse it before any handler or query sees it.

/// A JSON body; a malformed one, or one with a NUL character in a string, is `bad_request`.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body) = request.into_parts();
        let bytes = Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|_| bad_body())?;
        if json_has_escaped_nul(&bytes) {
            return Err(bad_body());
        }
        let request = Request::from_parts(parts, Body::from(bytes));
        let axum::Json(value) = axum::Json::<T>::from_request(request, state).await?;
        Ok(Json(value))
    }
}

/// Whether a JSON text has a `\u0000` escape in one of its strings (a raw NUL byte is not valid
/// JSON, so the parser refuses that by itself).
fn json_has_escaped_nul(json: &[u8]) -> bool {
    let mut bytes = json.iter();
    while let Some(&byte) = bytes.next() {
        if byte == b'\\' {
            // Outside strings a backslash is a syntax error; inside, it starts an escape.
            let escape: Vec<u8> = bytes.clone().take(5).copied().collect();
            if escape == b"u0000" {
                return true;
            }
            bytes.next();
        }
    }
    false
}

fn bad_body() -> AppError {
    AppError::BadRequest(tr!("请求内容格式不正确"))
}

fn bad_parameters() -> AppError {
    AppError::BadRequest(tr!("请求参数不正确"))
}

/// Whether a URI part percent-encodes a NUL character.
fn encodes_nul(uri_part: &str) -> bool {
    uri_part
        .as_bytes()
        .windows(3)
        .any(|window| window == b"%00")
}

/// Query parameters; missing or malformed ones are `bad_request`.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if parts.uri.query().is_some_and(encodes_nul) {
            return Err(bad_parameters());
        }
        let axum::extract::Query(value) =
            axum::extract::Query::<T>::from_request_parts(parts, state).await?;
        Ok(Query(value))
    }
}

/// Path parameters; one that does not parse (a number out of range) is `bad_request`.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        if encodes_nul(parts.uri.path()) {
            return Err(bad_parameters());
        }
        let axum::extract::Path(value) =
            axum::extract::Path::<T>::from_request_parts(parts, state).await?;
        Ok(Path(value))
    }
}

impl From<PathRejection> for AppError {
    fn from(rejection: PathRejection) -> Self {
        tracing::debug!(%rejection, "bad path parameter");
        bad_parameters()
    }
}

impl From<JsonRejection> for AppError {
    fn from(rejection: JsonRejection) -> Self {
        tracing::debug!(%rejection, "bad JSON body");
        bad_body()
    }
}

impl From<QueryRejection> for AppError {
    fn from(rejection: QueryRejection) -> Self {
        tracing::debug!(%rejection, "bad query");
        bad_parameters()
    }
}

/// The person whose bearer token came with the request; `unauthorized` without a live session.
pub struct CurrentUser {
    pub user: crate::store::UserRow,
    pub token: String,
}

impl FromRequestParts<crate::AppState> for CurrentUser {
    type Rejection = AppError;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        let token = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|value| value.to_str().ok())
            .and_then(crate::domain::sessions::bearer_token)
            .ok_or(AppError::Unauthorized)?
            .to_owned();
        let user = crate::services::sessions::authenticate(state, &token).await?;
        Ok(CurrentUser { user, token })
    }
}

/// The client's address, for the rate limits: the socket's peer, or the last
/// `X-Forwarded-For` entry when the server is told it runs behind a proxy that appends one.
/// None for a request that came from no socket (tests through `oneshot`).
pub struct ClientAddress(pub Option<std::net::IpAddr>);

impl FromRequestParts<crate::AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &crate::AppState,
    ) -> Result<Self, Self::Rejection> {
        if state.config.trust_forwarded_for {
            let forwarded = parts
                .headers
                .get_all("x-forwarded-for")
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(','))
                .filter_map(|entry| entry.trim().parse().ok())
                .next_back();
            if forwarded.is_some() {
                return Ok(ClientAddress(forwarded));
            }
        }
        Ok(ClientAddress(
            parts
                .extensions
                .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
                .map(|info| info.0.ip()),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::{encodes_nul, json_has_escaped_nul};

    #[test]
    fn a_nul_escape_in_a_json_string_is_found_and_an_escaped_backslash_is_not_one() {
        assert!(json_has_escaped_nul(br#"{"name":"a\u0000b"}"#));
        assert!(json_has_escaped_nul(br#"["\\\u0000"]"#));
        assert!(!json_has_escaped_nul(br#"{"name":"a\\u0000b"}"#));
        assert!(!json_has_escaped_nul(br#"{"name":"\u4e2d\u0001"}"#));
        assert!(!json_has_escaped_nul(br#"{"name":"\\"}"#));
    }

    #[test]
    fn a_percent_encoded_nul_is_found() {
        assert!(encodes_nul("q=%00"));
        assert!(encodes_nul("/api/registrations/ab%00cd"));
        assert!(!encodes_nul("q=%200"));
    }
}
