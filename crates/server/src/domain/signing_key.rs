//! The person's signing key and the signing password that guards it.
//!
//! The server keeps no password: an argon2id hash answers "is it right?", and the private key is
//! stored only sealed (AES-256-GCM) under a key that argon2id derives from the password with its
//! own salt. Without the password the sealed key is useless, which is why a forgotten password
//! means a new key and certificate.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use std::sync::{Mutex, PoisonError};

use argon2::password_hash::{
    Decimal, Ident, Output, ParamsString, PasswordHash, PasswordHasher, PasswordVerifier, Salt,
    SaltString,
};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use p256::ecdsa::{Signature, SigningKey, VerifyingKey, signature::Signer, signature::Verifier};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use rand_core::{OsRng, RngCore};
use zeroize::Zeroizing;

/// The algorithm as 我的证书 names it.
pub const KEY_ALGORITHM: &str = "ECDSA P-256 (SHA-256)";

/// argon2id's working memory (19 MiB at the default cost), kept for the next run instead of
/// freed. Runs are bounded by the hashing queue's workers, and so is this pool. Without it every
/// check allocated and freed 19 MiB, which glibc kept in per-thread arenas: resident memory grew
/// from 60 to 516 MiB under a login burst (`scripts/bench-load`); unmapping each block instead
/// cost a third of the logins a second in page faults.
static WORKING_MEMORY: Mutex<Vec<Vec<Block>>> = Mutex::new(Vec::new());

fn with_working_memory<T>(blocks: usize, run: impl FnOnce(&mut [Block]) -> T) -> T {
    let pooled = WORKING_MEMORY
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .pop();
    let mut memory = match pooled {
        Some(memory) if memory.len() == blocks => memory,
        _ => vec![Block::default(); blocks],
    };
    let result = run(&mut memory);
    // Only the default cost's size is kept: a stored hash of another cost is rare and passing.
    if blocks == Params::default().block_count() {
        WORKING_MEMORY
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push(memory);
    }
    result
}

/// argon2id with the parameters OWASP recommends (19 MiB, 2 passes, 1 lane), computed in the
/// pooled working memory. As `Argon2`'s own hasher in every other way: the same PHC strings, and
/// `verify_password` comes with the trait.
struct PooledArgon2;

impl PasswordHasher for PooledArgon2 {
    type Params = Params;

    fn hash_password_customized<'a>(
        &self,
        password: &[u8],
        algorithm: Option<Ident<'a>>,
        version: Option<Decimal>,
        params: Params,
        salt: impl Into<Salt<'a>>,
    ) -> argon2::password_hash::Result<PasswordHash<'a>> {
        let algorithm = algorithm
            .map(Algorithm::try_from)
            .transpose()?
            .unwrap_or_default();
        let version = version
            .map(Version::try_from)
            .transpose()?
            .unwrap_or_default();
        let salt = salt.into();
        let mut salt_bytes = [0u8; 64];
        let salt_bytes = salt.decode_b64(&mut salt_bytes)?;
        let argon2 = Argon2::new(algorithm, version, params.clone());
        let output_len = params.output_len().unwrap_or(Params::DEFAULT_OUTPUT_LEN);
        let output = Output::init_with(output_len, |out| {
            with_working_memory(params.block_count(), |memory| {
                argon2.hash_password_into_with_memory(password, salt_bytes, out, memory)
            })
            .map_err(Into::into)
        })?;
        Ok(PasswordHash {
            algorithm: algorithm.ident(),
            version: Some(version.into()),
            params: ParamsString::try_from(&params)?,
            salt: Some(salt),
            hash: Some(output),
        })
    }
}

/// The PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`) stored instead of the password.
pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    PooledArgon2
        .hash_password(password.as_bytes(), &salt)
        .map(|hash| hash.to_string())
        .map_err(|err| anyhow::anyhow!("argon2: {err}"))
}

pub fn password_matches(stored_hash: &str, password: &str) -> bool {
    PasswordHash::new(stored_hash).is_ok_and(|hash| {
        PooledArgon2
            .verify_password(password.as_bytes(), &hash)
            .is_ok()
    })
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
    let params = Params::default();
    let argon2 = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    with_working_memory(params.block_count(), |memory| {
        argon2.hash_password_into_with_memory(password.as_bytes(), salt, key.as_mut(), memory)
    })
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

    /// The pooled hasher is argon2's own in its results: hashes stored before verify, and
    /// its hashes verify with the stock one; the sealing key is the same bytes.
    #[test]
    fn pooled_working_memory_gives_argon2s_own_results() {
        let stock = Argon2::new(Algorithm::Argon2id, Version::V0x13, Params::default());
        let salt = SaltString::generate(&mut OsRng);
        let stored = stock.hash_password(b"Abcdefg1", &salt).unwrap().to_string();
        assert!(password_matches(&stored, "Abcdefg1"));
        assert!(!password_matches(&stored, "Abcdefg2"));
        let ours = hash_password("Abcdefg1").unwrap();
        let parsed = PasswordHash::new(&ours).unwrap();
        assert!(stock.verify_password(b"Abcdefg1", &parsed).is_ok());
        assert_eq!(
            parsed.to_string().split('$').nth(3),
            Some("m=19456,t=2,p=1")
        );

        let mut stock_key = [0u8; 32];
        stock
            .hash_password_into(b"Abcdefg1", b"0123456789abcdef", &mut stock_key)
            .unwrap();
        let key = wrapping_key("Abcdefg1", b"0123456789abcdef").unwrap();
        assert_eq!(*key, stock_key);
        // A stored hash of another cost verifies too (in memory of its own size).
        let cheap = Params::new(8 * 1024, 2, 1, None).unwrap();
        let cheap_hash = Argon2::new(Algorithm::Argon2id, Version::V0x13, cheap)
            .hash_password(b"Abcdefg1", &salt)
            .unwrap()
            .to_string();
        assert!(password_matches(&cheap_hash, "Abcdefg1"));
    }

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
