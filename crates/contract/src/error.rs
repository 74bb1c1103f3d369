use serde::{Deserialize, Serialize};

/// Machine-readable reason of a failed request. The app branches on it; people read `message`.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request was malformed or a field broke an input rule.
    BadRequest,
    /// The path or the named thing does not exist.
    NotFound,
    /// The phone number has no account with this organization: offer 注册.
    NotRegistered,
    /// The phone already has an account with this organization: offer 登录.
    AlreadyRegistered,
    /// The request does not fit where the process stands (e.g. a step done out of order).
    WrongStep,
    /// The real-name check found that the name and ID number do not belong together.
    RealNameMismatch,
    /// The liveness check did not pass; the message says why and the app offers a retry.
    LivenessFailed,
    /// The live face is not the face of the person the name and ID number belong to.
    FaceMismatch,
    /// Too soon or too often (SMS codes, request rate limits): the message says how long to wait.
    TooManyRequests,
    /// A verification code is wrong, expired or used up: the message says which.
    InvalidCode,
    /// No session, or it has expired: log in again.
    Unauthorized,
    /// A sealing client's request is not signed by a registered client, or is stale or
    /// replayed: the message says which.
    ClientUnauthorized,
    /// The signing password is wrong; the message says how many tries remain.
    WrongPassword,
    /// Too many wrong passwords: locked for a while, the message says until when.
    Locked,
    /// A time-limited thing (a signing QR code) has run out; the message says what to do.
    Expired,
    /// The server failed; details are in its log, never in the response.
    Internal,
    /// The server is too busy for this now (its password checks are queued full); retry in a
    /// moment (`Retry-After` says when).
    Busy,
    /// A code this build does not know yet (a newer server); treated like `Internal`.
    #[serde(other)]
    Unknown,
}

/// Every error response has this body: `{"code": "...", "message": "..."}`.
/// `message` is Chinese and safe to show as it is.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub code: ErrorCode,
    pub message: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_snake_case_and_unknown_codes_still_parse() {
        let body = ErrorBody {
            code: ErrorCode::BadRequest,
            message: "手机号格式不正确".into(),
        };
        let json = serde_json::to_string(&body).unwrap();
        assert_eq!(
            json,
            r#"{"code":"bad_request","message":"手机号格式不正确"}"#
        );

        let newer: ErrorBody =
            serde_json::from_str(r#"{"code":"something_new","message":"x"}"#).unwrap();
        assert_eq!(newer.code, ErrorCode::Unknown);
    }
}
