use serde::{Deserialize, Serialize};

/// `POST /api/auth/lookup`: the login page's first step. The phone travels as typed; the
/// server applies [`crate::rules::Phone`] and answers `bad_request` with the rule's message.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupRequest {
    pub org_id: String,
    pub phone: String,
}

/// Who the number belongs to, masked, for the person to confirm before the password.
/// An unknown number is `not_registered`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LookupResponse {
    /// 张*三
    pub masked_name: String,
    pub unit_name: String,
}

/// The person logged in, as 首页 and 我的 show them.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// 张*三
    pub masked_name: String,
    /// 138****8000
    pub masked_phone: String,
    /// The current unit (单位).
    pub unit_name: String,
    pub org_id: String,
    pub org_name: String,
}

/// A login session. The app sends `token` as `Authorization: Bearer …`: a bearer token, not a
/// cookie, because the installed iOS app does not share cookies with Safari and WeChat's
/// web-views keep and drop cookies by their own rules; the app keeps it in local storage.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    pub token: String,
    /// Unix seconds; after it the server answers `unauthorized`.
    pub expires_at: i64,
    pub me: Me,
}

/// `POST /api/auth/login`: the number confirmed on the login page and the 签署密码.
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    pub org_id: String,
    pub phone: String,
    pub password: String,
}

impl std::fmt::Debug for LoginRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "LoginRequest({}, {}, ***)", self.org_id, self.phone)
    }
}
