use std::fmt;

use cloudsign_contract::{ErrorBody, ErrorCode};

/// Why a request failed, with the Chinese message the app shows for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ApiError {
    /// No answer at all: the phone is offline or the server cannot be reached.
    Offline,
    /// The server refused or failed, and said why.
    Server { code: ErrorCode, message: String },
    /// An answer this build cannot read (e.g. a proxy's error page).
    Unexpected { status: u16 },
}

impl ApiError {
    pub fn from_body(body: ErrorBody) -> ApiError {
        ApiError::Server {
            code: body.code,
            message: body.message,
        }
    }

    pub fn code(&self) -> Option<ErrorCode> {
        match self {
            ApiError::Server { code, .. } => Some(*code),
            _ => None,
        }
    }

    /// What to show: the server's own message, or a plain explanation.
    pub fn message(&self) -> String {
        match self {
            ApiError::Offline => tr!("网络连接不可用，请检查网络后重试").to_owned(),
            ApiError::Server { message, .. } => message.clone(),
            ApiError::Unexpected { status } => {
                tr!("服务暂时不可用（%{status}），请稍后再试", status = status)
            }
        }
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ApiError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_error_has_a_chinese_message_and_never_raw_details() {
        assert_eq!(
            ApiError::Offline.message(),
            "网络连接不可用，请检查网络后重试"
        );
        let server = ApiError::from_body(ErrorBody {
            code: ErrorCode::NotRegistered,
            message: "该手机号尚未注册".into(),
        });
        assert_eq!(server.message(), "该手机号尚未注册");
        assert_eq!(server.code(), Some(ErrorCode::NotRegistered));
        assert_eq!(
            ApiError::Unexpected { status: 502 }.message(),
            "服务暂时不可用（502），请稍后再试"
        );
    }
}
