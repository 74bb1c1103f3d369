//! The sandbox certificate authority: a P-256 root made on first start and kept in the
//! database, which signs each person's certificate (subject: name and unit; one year).

use std::time::Duration;

use async_trait::async_trait;
use p256::ecdsa::{DerSignature, SigningKey};
use p256::pkcs8::{DecodePrivateKey, EncodePrivateKey, EncodePublicKey};
use rand_core::{OsRng, RngCore};
use x509_cert::Certificate;
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::der::asn1::{Any, SetOfVec, UtcTime, Utf8StringRef};
use x509_cert::der::oid::ObjectIdentifier;
use x509_cert::der::{Decode, Encode};
use x509_cert::name::{Name, RdnSequence, RelativeDistinguishedName};
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::{Time, Validity};

use crate::clock::Clock;
use crate::providers::{CertificateAuthority, CertificateRequest, IssuedCertificate};
use crate::store::Store;

const COUNTRY: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.6");
const ORGANIZATION: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.10");
const ORGANIZATIONAL_UNIT: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.11");
const COMMON_NAME: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.3");

/// ASCII, as real CAs name themselves (GDCA, CFCA): poppler's NSS fails to validate the
/// second signature of one file when the issuer's name is not ASCII.
const CA_NAME: &str = "CloudSign Sandbox CA";
const CA_ORGANIZATION: &str = "CloudSign Sandbox";
const DAY: u64 = 24 * 60 * 60;
/// A person's certificate is valid for one year.
pub const PERSONAL_VALIDITY: Duration = Duration::from_secs(365 * DAY);

pub struct SandboxCa {
    key: SigningKey,
    name: Name,
    certificate_der: Vec<u8>,
}

/// A distinguished name from (type, value) pairs, every value a UTF8String so that Chinese
/// names and units come out as written.
fn name(parts: &[(ObjectIdentifier, &str)]) -> anyhow::Result<Name> {
    let mut rdns = Vec::with_capacity(parts.len());
    for &(oid, value) in parts {
        let value = if oid == COUNTRY {
            Any::encode_from(&x509_cert::der::asn1::PrintableStringRef::new(value)?)?
        } else {
            Any::encode_from(&Utf8StringRef::new(value)?)?
        };
        let attribute = x509_cert::attr::AttributeTypeAndValue { oid, value };
        rdns.push(RelativeDistinguishedName(SetOfVec::try_from(vec![
            attribute,
        ])?));
    }
    Ok(RdnSequence(rdns))
}

fn validity(from_unix: i64, length: Duration) -> anyhow::Result<Validity> {
    let from = Duration::from_secs(u64::try_from(from_unix)?);
    Ok(Validity {
        not_before: Time::UtcTime(UtcTime::from_unix_duration(from)?),
        not_after: Time::UtcTime(UtcTime::from_unix_duration(from + length)?),
    })
}

/// 128 random bits, positive, as certificate serials should be (RFC 5280 §4.1.2.2).
fn random_serial() -> anyhow::Result<(SerialNumber, String)> {
    let mut bytes = [0u8; 16];
    OsRng.fill_bytes(&mut bytes);
    bytes[0] = (bytes[0] & 0x7f) | 0x01;
    Ok((SerialNumber::new(&bytes)?, hex::encode_upper(bytes)))
}

impl SandboxCa {
    /// The CA kept in the database, or a new one saved there on first start.
    pub async fn load_or_create(store: &Store, clock: &dyn Clock) -> anyhow::Result<SandboxCa> {
        if let Some((key, certificate_der)) = store.sandbox_ca().await? {
            let key = SigningKey::from_pkcs8_der(&key)?;
            // The name the root was made with (an older sandbox named it otherwise).
            let name = Certificate::from_der(&certificate_der)?
                .tbs_certificate
                .subject;
            return Ok(SandboxCa {
                key,
                name,
                certificate_der,
            });
        }
        let key = SigningKey::random(&mut OsRng);
        let name = ca_name()?;
        let (serial, _) = random_serial()?;
        let public_key = SubjectPublicKeyInfoOwned::from_der(
            key.verifying_key().to_public_key_der()?.as_bytes(),
        )?;
        let certificate = CertificateBuilder::new(
            Profile::Root,
            serial,
            validity(clock.now(), Duration::from_secs(20 * 365 * DAY))?,
            name.clone(),
            public_key,
            &key,
        )?
        .build::<DerSignature>()?;
        let certificate_der = certificate.to_der()?;
        let saved = store
            .save_sandbox_ca(key.to_pkcs8_der()?.as_bytes(), &certificate_der)
            .await?;
        if !saved {
            // Another process made one first: use that.
            return Box::pin(SandboxCa::load_or_create(store, clock)).await;
        }
        Ok(SandboxCa {
            key,
            name,
            certificate_der,
        })
    }
}

/// The CN of a name, as people read it.
fn common_name(name: &Name) -> Option<String> {
    name.0
        .iter()
        .flat_map(|rdn| rdn.0.iter())
        .find(|attribute| attribute.oid == COMMON_NAME)
        .and_then(|attribute| {
            Utf8StringRef::try_from(&attribute.value)
                .map(|s| s.as_str().to_owned())
                .ok()
        })
}

fn ca_name() -> anyhow::Result<Name> {
    name(&[
        (COUNTRY, "CN"),
        (ORGANIZATION, CA_ORGANIZATION),
        (COMMON_NAME, CA_NAME),
    ])
}

#[async_trait]
impl CertificateAuthority for SandboxCa {
    fn chain(&self) -> Vec<Vec<u8>> {
        vec![self.certificate_der.clone()]
    }

    async fn issue(&self, request: CertificateRequest<'_>) -> anyhow::Result<IssuedCertificate> {
        let subject = name(&[
            (COUNTRY, "CN"),
            (ORGANIZATION, request.unit_name),
            (ORGANIZATIONAL_UNIT, "个人移动证书"),
            (COMMON_NAME, request.name),
        ])?;
        let (serial, serial_hex) = random_serial()?;
        let public_key = SubjectPublicKeyInfoOwned::from_der(request.public_key_der)?;
        let length = request
            .not_after
            .map(|end| Duration::from_secs(u64::try_from(end - request.now).unwrap_or(0)))
            .unwrap_or(PERSONAL_VALIDITY);
        let validity = validity(request.now, length)?;
        let certificate: Certificate = CertificateBuilder::new(
            Profile::Leaf {
                issuer: self.name.clone(),
                enable_key_agreement: false,
                enable_key_encipherment: false,
            },
            serial,
            validity,
            subject,
            public_key,
            &self.key,
        )?
        .build::<DerSignature>()?;
        Ok(IssuedCertificate {
            serial: serial_hex,
            der: certificate.to_der()?,
            issuer: common_name(&self.name).unwrap_or_else(|| CA_NAME.to_owned()),
            not_before: request.now,
            not_after: request.now + length.as_secs() as i64,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use crate::domain::signing_key::NewKeyPair;
    use p256::ecdsa::signature::Verifier;
    use p256::ecdsa::{Signature, VerifyingKey};

    #[tokio::test]
    async fn issues_a_one_year_certificate_signed_by_the_root_it_keeps() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("ca.db").display());
        let store = Store::open(&url).await.unwrap();
        let clock = ManualClock::starting_at(1_800_000_000);
        let ca = SandboxCa::load_or_create(&store, &clock).await.unwrap();
        let again = SandboxCa::load_or_create(&store, &clock).await.unwrap();
        assert_eq!(ca.key.to_bytes(), again.key.to_bytes(), "the root is kept");

        let pair = NewKeyPair::generate();
        let issued = ca
            .issue(CertificateRequest {
                name: "张三",
                unit_name: "惠州市某某建设有限公司",
                public_key_der: &pair.public_key_der().unwrap(),
                now: 1_800_000_000,
                not_after: None,
            })
            .await
            .unwrap();
        assert_eq!(issued.not_after - issued.not_before, 365 * 86_400);
        assert_eq!(issued.serial.len(), 32);

        let certificate = Certificate::from_der(&issued.der).unwrap();
        let subject = certificate.tbs_certificate.subject.to_string();
        assert!(subject.contains("CN=张三"), "{subject}");
        assert!(subject.contains("O=惠州市某某建设有限公司"), "{subject}");
        assert!(
            certificate
                .tbs_certificate
                .issuer
                .to_string()
                .contains("CN=CloudSign Sandbox CA")
        );
        // The CA's signature over the TBS part verifies with the root's public key.
        let tbs = certificate.tbs_certificate.to_der().unwrap();
        let signature = Signature::from_der(certificate.signature.raw_bytes()).unwrap();
        let root = VerifyingKey::from(&ca.key);
        assert!(root.verify(&tbs, &signature).is_ok());
        // And the certificate carries the person's own public key.
        assert_eq!(
            certificate
                .tbs_certificate
                .subject_public_key_info
                .to_der()
                .unwrap(),
            pair.public_key_der().unwrap()
        );
    }
}
