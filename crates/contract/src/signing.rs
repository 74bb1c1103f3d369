//! Scan to sign: the desktop sealing client shows a QR code (an opaque link into the app,
//! `…/s/<token>`); the app shows what is to be signed and signs it with the password.

use serde::{Deserialize, Serialize};

/// Which seal the sealing client asks for.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SealKind {
    /// The person's handwritten signature.
    Personal,
    /// The unit's seal.
    Unit,
}

impl SealKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            SealKind::Personal => "personal",
            SealKind::Unit => "unit",
        }
    }

    pub fn parse(text: &str) -> Option<SealKind> {
        [SealKind::Personal, SealKind::Unit]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }

    pub fn label(self) -> String {
        match self {
            SealKind::Personal => tr!("个人签名"),
            SealKind::Unit => tr!("单位印章"),
        }
    }
}

/// A document as the sealing client names it: its file name and SHA-256 (hex).
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentDigest {
    pub name: String,
    pub sha256: String,
}

/// `GET /api/signing/{token}`: 签章确认.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SigningRequest {
    /// The requesting client (e.g. 信鉴易印).
    pub client_name: String,
    /// Until `documents_ready`, each `sha256` is empty: the desktop prepares the documents
    /// (with the seal drawn in) once it knows who signs.
    pub documents: Vec<DocumentDigest>,
    #[serde(default = "verified_by_default")]
    pub documents_ready: bool,
    pub seal: SealKind,
    /// Who signs: the masked name, and the unit whose seal or on whose behalf.
    pub signer_masked_name: String,
    pub unit_name: String,
    /// Whether `unit_name` is the unit the person registered with, which their certificate
    /// names; a unit added later in 切换单位 is only their own statement, and the seal says so.
    #[serde(default = "verified_by_default")]
    pub unit_verified: bool,
    /// What the seal reads until a handwritten signature exists: the signer's own name for a
    /// personal seal (they are logged in), the unit's for a unit seal.
    pub seal_text: String,
    /// The saved handwritten signature (base64 PNG), the seal of a personal signing.
    pub seal_image: Option<String>,
    pub created_at: i64,
    pub expires_at: i64,
    pub server_now: i64,
}

fn verified_by_default() -> bool {
    true
}

/// `POST /api/signing/{token}/sign`
#[derive(Serialize, Deserialize, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignRequest {
    pub password: String,
}

impl std::fmt::Debug for SignRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignRequest(***)")
    }
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignedDocument {
    pub name: String,
    pub sha256: String,
    /// ECDSA signature over the document's SHA-256, DER, base64.
    pub signature: String,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SigningResult {
    pub client_name: String,
    pub signed_at: i64,
    pub certificate_serial: String,
    pub documents: Vec<SignedDocument>,
}

/// One line of 签署记录.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SigningRecord {
    pub client_name: String,
    pub signed_at: i64,
    pub seal: SealKind,
    pub documents: Vec<String>,
}

#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SigningRecords {
    pub records: Vec<SigningRecord>,
}

/// Where a signing link points inside the app: `/s/<token>`. The app's router, the scanner
/// and the server's sealing clients all take it from here.
pub const SIGN_LINK_PREFIX: &str = "/s/";

/// The path of the signing link for a token.
pub fn sign_link_path(token: &str) -> String {
    format!("{SIGN_LINK_PREFIX}{token}")
}

/// The signing token in a scanned text, if it is a 云签署 signing link (`…/s/<token>`) of
/// this app (`origin`, e.g. `https://qs.example`). Anything else is a foreign code.
pub fn signing_token<'a>(scanned: &'a str, origin: &str) -> Option<&'a str> {
    let rest = scanned
        .trim()
        .strip_prefix(origin)?
        .strip_prefix(SIGN_LINK_PREFIX)?;
    let token = rest.split(['?', '#']).next()?;
    (token.len() >= 16
        && token.len() <= 64
        && token
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
    .then_some(token)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_this_apps_signing_links_carry_a_token() {
        let origin = "https://qs.example";
        assert_eq!(
            signing_token("https://qs.example/s/AbCdEfGh12345678", origin),
            Some("AbCdEfGh12345678")
        );
        assert_eq!(
            signing_token(" https://qs.example/s/AbCdEfGh12345678?from=seal ", origin),
            Some("AbCdEfGh12345678")
        );
        assert_eq!(
            signing_token("https://evil.example/s/AbCdEfGh12345678", origin),
            None
        );
        assert_eq!(
            signing_token("https://qs.example.evil/s/AbCdEfGh12345678", origin),
            None
        );
        assert_eq!(
            signing_token("https://qs.example/pay/AbCdEfGh12345678", origin),
            None
        );
        assert_eq!(signing_token("https://qs.example/s/short", origin), None);
        assert_eq!(
            signing_token("https://qs.example/s/<script>alert(1)</script>", origin),
            None
        );
        assert_eq!(signing_token("WIFI:S:home;T:WPA;P:secret;;", origin), None);
    }
}
