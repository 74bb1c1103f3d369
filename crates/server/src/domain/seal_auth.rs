//! A sealing client's request signature: `Authorization: CLOUDSIGN-HMAC-SHA256 client_id="…",
//! timestamp="…",nonce="…",signature="…"`, an HMAC-SHA256 (keyed with SHA-256 of the client's
//! secret) over `seal_api::string_to_sign`. The replay check (each nonce once) is the store's.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloudsign_contract::seal_api::{AUTH_SCHEME, REQUEST_WINDOW_SECS, string_to_sign};
use hmac::{Hmac, Mac};
use sha2::Sha256;

pub use cloudsign_seal::auth::key_of_secret;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedRequest {
    pub client_id: String,
    pub timestamp: i64,
    pub nonce: String,
    signature: Vec<u8>,
}

/// Reads the `Authorization` header; the message says what is wrong with it.
pub fn parse(header: &str) -> Result<SignedRequest, &'static str> {
    let fields = header
        .strip_prefix(AUTH_SCHEME)
        .and_then(|rest| rest.strip_prefix(' '))
        .ok_or("authorization: expected the CLOUDSIGN-HMAC-SHA256 scheme")?;
    let (mut client_id, mut timestamp, mut nonce, mut signature) = (None, None, None, None);
    for field in fields.split(',') {
        let (key, value) = field
            .trim()
            .split_once('=')
            .ok_or("authorization: fields are key=\"value\"")?;
        let value = value
            .strip_prefix('"')
            .and_then(|v| v.strip_suffix('"'))
            .ok_or("authorization: values are quoted")?;
        match key {
            "client_id" => client_id = Some(value),
            "timestamp" => timestamp = Some(value),
            "nonce" => nonce = Some(value),
            "signature" => signature = Some(value),
            _ => return Err("authorization: unknown field"),
        }
    }
    let (Some(client_id), Some(timestamp), Some(nonce), Some(signature)) =
        (client_id, timestamp, nonce, signature)
    else {
        return Err("authorization: client_id, timestamp, nonce and signature are required");
    };
    let nonce_ok = (16..=64).contains(&nonce.len())
        && nonce
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if !nonce_ok {
        return Err("authorization: nonce must be 16-64 letters, digits, '-' or '_'");
    }
    Ok(SignedRequest {
        client_id: client_id.to_owned(),
        timestamp: timestamp
            .parse()
            .map_err(|_| "authorization: timestamp is Unix seconds")?,
        nonce: nonce.to_owned(),
        signature: STANDARD
            .decode(signature)
            .map_err(|_| "authorization: signature is base64")?,
    })
}

impl SignedRequest {
    /// Whether the request was signed with `key` (in constant time) and recently.
    pub fn check(
        &self,
        key: &[u8],
        method: &str,
        path_and_query: &str,
        body: &[u8],
        now: i64,
    ) -> Result<(), &'static str> {
        let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key");
        mac.update(&string_to_sign(
            method,
            path_and_query,
            self.timestamp,
            &self.nonce,
            body,
        ));
        mac.verify_slice(&self.signature)
            .map_err(|_| "authorization: signature does not match")?;
        if (now - self.timestamp).abs() > REQUEST_WINDOW_SECS {
            return Err("authorization: timestamp is more than 5 minutes from the server's clock");
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cloudsign_seal::auth::sign;

    const NOW: i64 = 1_800_000_000;
    const NONCE: &str = "0123456789abcdef";

    fn signed(body: &[u8]) -> SignedRequest {
        parse(&sign(
            "s3cret",
            "c1",
            "POST",
            "/api/seal/sessions",
            body,
            NOW,
            NONCE,
        ))
        .unwrap()
    }

    #[test]
    fn a_signed_request_checks_with_the_secrets_key() {
        let request = signed(b"{}");
        assert_eq!(request.client_id, "c1");
        let key = key_of_secret("s3cret");
        assert_eq!(
            request.check(&key, "POST", "/api/seal/sessions", b"{}", NOW + 60),
            Ok(())
        );
    }

    #[test]
    fn another_key_body_path_method_or_an_old_timestamp_fails() {
        let request = signed(b"{}");
        let key = key_of_secret("s3cret");
        let path = "/api/seal/sessions";
        assert!(
            request
                .check(&key_of_secret("other"), "POST", path, b"{}", NOW)
                .is_err()
        );
        assert!(request.check(&key, "POST", path, b"{ }", NOW).is_err());
        assert!(
            request
                .check(&key, "POST", "/api/seal/sessions/x", b"{}", NOW)
                .is_err()
        );
        assert!(request.check(&key, "GET", path, b"{}", NOW).is_err());
        let stale = request.check(&key, "POST", path, b"{}", NOW + REQUEST_WINDOW_SECS + 1);
        assert!(stale.unwrap_err().contains("timestamp"));
    }

    #[test]
    fn malformed_headers_say_what_is_wrong() {
        assert!(parse("Bearer x").unwrap_err().contains("scheme"));
        let short_nonce = sign("s", "c1", "GET", "/", b"", NOW, "abc");
        assert!(parse(&short_nonce).unwrap_err().contains("nonce"));
        let missing = format!(r#"{AUTH_SCHEME} client_id="c1",timestamp="1""#);
        assert!(parse(&missing).unwrap_err().contains("required"));
    }
}
