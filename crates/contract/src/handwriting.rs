//! 我的签名: the handwritten signature, the seal image of a personal signing.

use serde::{Deserialize, Serialize};

/// `PUT /api/me/signature`: the pad's trimmed PNG (transparent background, base64) and the same
/// strokes as SVG.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SaveSignature {
    pub png: String,
    pub svg: String,
}

/// `GET /api/me/signature`
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SavedSignature {
    /// base64 PNG
    pub png: String,
    pub svg: String,
    pub width: u32,
    pub height: u32,
    pub updated_at: i64,
}
