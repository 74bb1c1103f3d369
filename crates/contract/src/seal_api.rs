//! The sealing client's API (`/api/seal/…`): what a desktop client such as 信鉴易印's
//! 「扫码印章」 sends and gets back, and how it signs its requests.
//!
//! Binary values (DER, PNG) travel as standard base64; digests as lower-case hex.

use serde::{Deserialize, Serialize};

use crate::signing::SealKind;

/// The `Authorization` scheme of a client request (WeChat Pay v3's `WECHATPAY2-SHA256-RSA2048`
/// is the model): `CLOUDSIGN-HMAC-SHA256 client_id="…",timestamp="…",nonce="…",signature="…"`.
pub const AUTH_SCHEME: &str = "CLOUDSIGN-HMAC-SHA256";

/// How far a request's timestamp may be from the server's clock, in seconds; a nonce is
/// remembered at least this long, so a captured request cannot be replayed.
pub const REQUEST_WINDOW_SECS: i64 = 5 * 60;

/// The longest `?wait=` of a status read, in seconds.
pub const MAX_WAIT_SECS: u64 = 30;

/// What the HMAC covers, one line each, every line ending in `\n`: the method, the path with
/// its query, the timestamp (Unix seconds), the nonce and the body (empty for a GET).
pub fn string_to_sign(
    method: &str,
    path_and_query: &str,
    timestamp: i64,
    nonce: &str,
    body: &[u8],
) -> Vec<u8> {
    let mut message = format!("{method}\n{path_and_query}\n{timestamp}\n{nonce}\n").into_bytes();
    message.extend_from_slice(body);
    message.push(b'\n');
    message
}

/// The `Authorization` header's value, once the signature (base64 of the HMAC) is computed.
pub fn authorization(client_id: &str, timestamp: i64, nonce: &str, signature: &str) -> String {
    format!(
        r#"{AUTH_SCHEME} client_id="{client_id}",timestamp="{timestamp}",nonce="{nonce}",signature="{signature}""#
    )
}

/// A document to be signed: its name, the SHA-256 of its content (what the phone shows), and the
/// DER of the CMS signed attributes (RFC 5652 §5.3, the `SET OF Attribute`) whose messageDigest
/// is that SHA-256. The server adds signingCertificateV2 once the signer is known.
///
/// In a session that prepares its documents after the scan, `POST /api/seal/sessions` gives
/// the names only (the other two empty) and `PUT …/documents` gives all three.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SealDocument {
    pub name: String,
    #[serde(default)]
    pub sha256: String,
    #[serde(default)]
    pub signed_attributes: String,
}

/// `POST /api/seal/sessions`
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct NewSealSession {
    pub documents: Vec<SealDocument>,
    pub seal: SealKind,
    /// The documents' digests come after the scan, once `SealSession::signer` tells who signs
    /// (a visible seal draws the signer's signature or unit into the signed bytes).
    #[serde(default)]
    pub prepare_after_scan: bool,
}

/// `PUT /api/seal/sessions/{id}/documents`: the prepared documents, in the order first named.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PreparedDocuments {
    pub documents: Vec<SealDocument>,
}

/// The answer to `POST /api/seal/sessions`: show `qr_text` as a QR code until `expires_at`.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OpenedSealSession {
    pub session_id: String,
    pub qr_text: String,
    pub expires_at: i64,
}

/// Where a session stands.
#[derive(Serialize, Deserialize, Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum SealStatus {
    /// Shown, not scanned yet.
    Waiting,
    /// A person scanned it and sees 签章确认.
    Scanned,
    Signed,
    /// Cancelled by the client.
    Cancelled,
    /// Not signed in time.
    Expired,
}

impl SealStatus {
    pub const fn as_str(self) -> &'static str {
        match self {
            SealStatus::Waiting => "waiting",
            SealStatus::Scanned => "scanned",
            SealStatus::Signed => "signed",
            SealStatus::Cancelled => "cancelled",
            SealStatus::Expired => "expired",
        }
    }

    pub fn parse(text: &str) -> Option<SealStatus> {
        [
            SealStatus::Waiting,
            SealStatus::Scanned,
            SealStatus::Signed,
            SealStatus::Cancelled,
            SealStatus::Expired,
        ]
        .into_iter()
        .find(|status| status.as_str() == text)
    }

    /// Signed, cancelled and expired never change again.
    pub const fn is_final(self) -> bool {
        matches!(
            self,
            SealStatus::Signed | SealStatus::Cancelled | SealStatus::Expired
        )
    }
}

/// `GET /api/seal/sessions/{id}`
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SealSession {
    pub session_id: String,
    pub status: SealStatus,
    pub expires_at: i64,
    /// What the phone refused last, in the person's words (e.g. 「签署密码错误，还可尝试4次」):
    /// the desktop shows it while it waits.
    pub phone_notice: Option<String>,
    /// Who signs: once signed, and from the scan on in a session that prepares its documents
    /// after the scan.
    pub signer: Option<SealSigner>,
    /// Once signed.
    pub result: Option<SealResult>,
}

/// The person who signs, and the seal to show.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SealSigner {
    /// The signer's name (on the certificate) and the unit they sign for.
    pub name: String,
    pub unit_name: String,
    /// The signer's certificate (DER), then the CA chain up to the root.
    pub certificate: String,
    pub chain: Vec<String>,
    /// The seal to show: the person's 我的签名 (PNG, transparent) for a personal seal when they
    /// have one; none for a unit seal, which the client draws from `unit_name` (a round red
    /// seal, as Chinese electronic seals look).
    pub seal_image_png: Option<String>,
}

/// What was signed.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SealResult {
    pub signed_at: i64,
    pub seal: SealKind,
    pub documents: Vec<SealedDocument>,
}

/// One document's signature: ECDSA P-256 (DER) over SHA-256 of `signed_attributes`, which are
/// the client's attributes plus signingCertificateV2 — embed these, not the ones sent.
#[derive(Serialize, Deserialize, Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SealedDocument {
    pub name: String,
    pub sha256: String,
    pub signed_attributes: String,
    pub signature: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_string_to_sign_is_five_lines() {
        let message = string_to_sign("POST", "/api/seal/sessions", 1700000000, "n0nce", b"{}");
        assert_eq!(
            message,
            b"POST\n/api/seal/sessions\n1700000000\nn0nce\n{}\n".to_vec()
        );
        assert_eq!(
            string_to_sign("GET", "/api/seal/sessions/x?wait=30", 1, "n", b""),
            b"GET\n/api/seal/sessions/x?wait=30\n1\nn\n\n".to_vec()
        );
    }

    #[test]
    fn statuses_round_trip_and_three_are_final() {
        for status in [
            SealStatus::Waiting,
            SealStatus::Scanned,
            SealStatus::Signed,
            SealStatus::Cancelled,
            SealStatus::Expired,
        ] {
            assert_eq!(SealStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(SealStatus::parse("gone"), None);
        assert!(!SealStatus::Scanned.is_final() && SealStatus::Expired.is_final());
    }
}
