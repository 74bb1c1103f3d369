//! Signatures on payment messages, as WeChat Pay v3 builds the string to sign:
//! `timestamp\nnonce\nbody\n`. The sandbox signs with HMAC-SHA256 under a shared key where
//! WeChat uses its platform certificate; the server verifies before it believes anything.

use base64::Engine;
use hmac::{Hmac, Mac};
use sha2::Sha256;

fn mac(key: &[u8], timestamp: &str, nonce: &str, body: &str) -> Hmac<Sha256> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).expect("HMAC takes any key length");
    mac.update(format!("{timestamp}\n{nonce}\n{body}\n").as_bytes());
    mac
}

pub fn sign(key: &[u8], timestamp: &str, nonce: &str, body: &str) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(mac(key, timestamp, nonce, body).finalize().into_bytes())
}

/// Constant-time comparison of `signature` with the one `key` makes.
pub fn verify(key: &[u8], timestamp: &str, nonce: &str, body: &str, signature: &str) -> bool {
    let Ok(signature) = base64::engine::general_purpose::STANDARD.decode(signature) else {
        return false;
    };
    mac(key, timestamp, nonce, body)
        .verify_slice(&signature)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_signature_holds_only_for_the_same_message_and_key() {
        let signature = sign(b"key", "1800000000", "n0nce", r#"{"a":1}"#);
        assert!(verify(
            b"key",
            "1800000000",
            "n0nce",
            r#"{"a":1}"#,
            &signature
        ));
        assert!(
            !verify(b"key", "1800000000", "n0nce", r#"{"a":2}"#, &signature),
            "tampered body"
        );
        assert!(
            !verify(b"key", "1800000001", "n0nce", r#"{"a":1}"#, &signature),
            "tampered time"
        );
        assert!(
            !verify(b"other", "1800000000", "n0nce", r#"{"a":1}"#, &signature),
            "another key"
        );
        assert!(!verify(
            b"key",
            "1800000000",
            "n0nce",
            r#"{"a":1}"#,
            "not base64!"
        ));
    }
}
