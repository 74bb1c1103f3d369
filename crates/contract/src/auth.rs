use serde::{Deserialize, Serialize};

/// `POST /api/auth/lookup`: the login page's first step. The phone travels as typed; the
/// server applies [`crate::rules::Phone`] and answers `bad_request` with the rule's message.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct LookupRequest {
    pub org_id: String,
    pub phone: String,
}

/// Who the number belongs to, masked, for the person to confirm before the password.
/// An unknown number is `not_registered`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
pub struct LookupResponse {
    /// 张*三
    pub masked_name: String,
    pub unit_name: String,
}
