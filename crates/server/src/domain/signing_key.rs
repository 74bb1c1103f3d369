//! The person's signing key and the signing password that guards it.
//!
//! The server keeps no password: an argon2id hash answers "is it right?", and the private key is
//! stored only sealed (AES-256-GCM) under a key that argon2id derives from the password with its
//! own salt. Without the password the sealed key is useless, which is why a forgotten password
//! means a new key and certificate.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey, signature::Signer, signature::Verifier};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

/// The algorithm as 我的证书 names it.
pub const KEY_ALGORITHM: &str = "ECDSA P-256 (SHA-256)";

/// argon2id with the parameters OWASP recommends (19 MiB, 2 passes, 1 lane).
fn argon2() -> Argon2<'static> {
    Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default())
}

/// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) stored instead of the password.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| anyhow::anyhow!("argon2: {err}"))
}

pub fn password_matches(stored_hash: &str, password: &str) -> bool {
    PasswordHash::new(stored_hash)
        .is_ok_and(|hash| argon2().verify_password(password.as_bytes(), &hash).is_ok())
}

/// A private key sealed under the signing password.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SealedKey {
    pub salt: Vec<u8>,
    pub nonce: Vec<u8>,
    pub ciphertext: Vec<u8>,
}

fn wrapping_key(password: &str, salt: &[u8]) -> anyhow::Result<Zeroizing<[u8; 32]>> {
    let mut key = Zeroizing::new([0u8; 32]);
    argon2()
        .hash_password_into(password.as_bytes(), salt, key.as_mut())
        .map_err(|err| anyhow::anyhow!("argon2: {err}"))?;
    Ok(key)
}

/// A fresh key pair for a person.
pub struct NewKeyPair {
    pub signing_key: SigningKey,
}

impl NewKeyPair {
    pub fn generate() -> NewKeyPair {
        NewKeyPair {
            signing_key: SigningKey::random(&mut OsRng),
        }
    }

    /// SubjectPublicKeyInfo, DER: what the certificate binds to the person.
    pub fn public_key_der(&self) -> anyhow::Result<Vec<u8>> {
        Ok(VerifyingKey::from(&self.signing_key)
            .to_public_key_der()?
            .into_vec())
    }

    /// Seals the private key (PKCS #8) under the signing password.
    pub fn seal(&self, password: &str) -> anyhow::Result<SealedKey> {
        seal_key(password, &self.signing_key)
    }
}

pub fn seal_key(password: &str, signing_key: &SigningKey) -> anyhow::Result<SealedKey> {
    let pkcs8 = signing_key.to_pkcs8_der()?;
    let mut salt = vec![0u8; 16];
    let mut nonce = vec![0u8; 12];
    OsRng.fill_bytes(&mut salt);
    OsRng.fill_bytes(&mut nonce);
    let key = wrapping_key(password, &salt)?;
    let cipher = Aes256Gcm::new_from_slice(key.as_ref())?;
    let ciphertext = cipher
        .encrypt(Nonce::from_slice(&nonce), pkcs8.as_bytes())
        .map_err(|_| anyhow::anyhow!("sealing the key failed"))?;
    Ok(SealedKey {
        salt,
        nonce,
        ciphertext,
    })
}

/// The private key, or None when the password is not the one it was sealed with.
pub fn open_key(password: &str, sealed: &SealedKey) -> Option<SigningKey> {
    if sealed.nonce.len() != 12 {
        return None;
    }
    let key = wrapping_key(password, &sealed.salt).ok()?;
    let cipher = Aes256Gcm::new_from_slice(key.as_ref()).ok()?;
    let pkcs8 = Zeroizing::new(
        cipher
            .decrypt(Nonce::from_slice(&sealed.nonce), sealed.ciphertext.as_ref())
            .ok()?,
    );
    SigningKey::from_pkcs8_der(&pkcs8).ok()
}

/// ECDSA P-256 over SHA-256 of `message`, DER-encoded.
pub fn sign(signing_key: &SigningKey, message: &[u8]) -> Vec<u8> {
    let signature: Signature = signing_key.sign(message);
    signature.to_der().as_bytes().to_vec()
}

pub fn verify(public_key_der: &[u8], message: &[u8], signature_der: &[u8]) -> bool {
    use p256::pkcs8::DecodePublicKey;
    let (Ok(key), Ok(signature)) = (
        VerifyingKey::from_public_key_der(public_key_der),
        Signature::from_der(signature_der),
    ) else {
        return false;
    };
    key.verify(message, &signature).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_accepts_the_password_and_nothing_else() {
        let hash = hash_password("Abcdefg1").unwrap();
        assert!(hash.starts_with("$argon2id$"));
        assert!(!hash.contains("Abcdefg1"));
        assert!(password_matches(&hash, "Abcdefg1"));
        assert!(!password_matches(&hash, "abcdefg1"));
        assert!(!password_matches("not a hash", "Abcdefg1"));
    }

    #[test]
    fn a_sealed_key_opens_only_with_its_password_and_still_signs() {
        let pair = NewKeyPair::generate();
        let sealed = pair.seal("Abcdefg1").unwrap();
        assert!(open_key("Abcdefg2", &sealed).is_none());
        let opened = open_key("Abcdefg1", &sealed).expect("opens");
        let signature = sign(&opened, b"tender.pdf's hash");
        let public_key = pair.public_key_der().unwrap();
        assert!(verify(&public_key, b"tender.pdf's hash", &signature));
        assert!(!verify(&public_key, b"another document", &signature));

        let mut tampered = sealed.clone();
        tampered.ciphertext[0] ^= 1;
        assert!(open_key("Abcdefg1", &tampered).is_none());
    }

    #[test]
    fn each_seal_has_its_own_salt_and_nonce() {
        let pair = NewKeyPair::generate();
        let (a, b) = (
            pair.seal("Abcdefg1").unwrap(),
            pair.seal("Abcdefg1").unwrap(),
        );
        assert_ne!(a.salt, b.salt);
        assert_ne!(a.nonce, b.nonce);
        assert_ne!(a.ciphertext, b.ciphertext);
    }
}
