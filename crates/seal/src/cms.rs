//! The detached CMS SignedData (RFC 5652) that a PDF signature carries (PAdES baseline B-B,
//! `/SubFilter /ETSI.CAdES.detached`): put together from what the phone signed, and checked
//! again by `cloudsign-seal verify`.

use ::cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use ::cms::content_info::{CmsVersion, ContentInfo};
use ::cms::signed_data::{
    CertificateSet, EncapsulatedContentInfo, SignedData, SignerIdentifier, SignerInfo, SignerInfos,
};
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use x509_cert::Certificate;
use x509_cert::attr::Attributes;
use x509_cert::der::asn1::{ObjectIdentifier, OctetString, SetOfVec};
use x509_cert::der::{Any, Decode, Encode};
use x509_cert::spki::AlgorithmIdentifierOwned;

use crate::attributes::{self, ID_DATA};

const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const ECDSA_WITH_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.10045.4.3.2");

fn algorithm(oid: ObjectIdentifier) -> AlgorithmIdentifierOwned {
    AlgorithmIdentifierOwned {
        oid,
        parameters: None,
    }
}

/// The DER of a ContentInfo holding a SignedData without content: one signer, who signed
/// `signed_attributes` (the DER `SET OF` as the phone signed it) with ECDSA P-256 / SHA-256,
/// and the signer's certificate followed by its CA chain.
pub fn assemble(
    signed_attributes: &[u8],
    signature: &[u8],
    certificate: &[u8],
    chain: &[Vec<u8>],
) -> anyhow::Result<Vec<u8>> {
    let signer = Certificate::from_der(certificate)?;
    let attributes = Attributes::from_der(signed_attributes)?;
    // The SignerInfo re-encodes them under [0]; its content must be the bytes signed.
    anyhow::ensure!(
        attributes.to_der()? == signed_attributes,
        "the signed attributes are not in DER order"
    );
    let signer_info = SignerInfo {
        version: CmsVersion::V1,
        sid: SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
            issuer: signer.tbs_certificate.issuer.clone(),
            serial_number: signer.tbs_certificate.serial_number.clone(),
        }),
        digest_alg: algorithm(ID_SHA256),
        signed_attrs: Some(attributes),
        signature_algorithm: algorithm(ECDSA_WITH_SHA256),
        signature: OctetString::new(signature.to_vec())?,
        unsigned_attrs: None,
    };
    let mut certificates = vec![CertificateChoices::Certificate(signer)];
    for der in chain {
        certificates.push(CertificateChoices::Certificate(Certificate::from_der(der)?));
    }
    let signed_data = SignedData {
        version: CmsVersion::V1,
        digest_algorithms: SetOfVec::try_from(vec![algorithm(ID_SHA256)])?,
        encap_content_info: EncapsulatedContentInfo {
            econtent_type: ID_DATA,
            econtent: None,
        },
        certificates: Some(CertificateSet(SetOfVec::try_from(certificates)?)),
        crls: None,
        signer_infos: SignerInfos(SetOfVec::try_from(vec![signer_info])?),
    };
    Ok(ContentInfo {
        content_type: ID_SIGNED_DATA,
        content: Any::encode_from(&signed_data)?,
    }
    .to_der()?)
}

/// What a valid signature says.
#[derive(Debug, Clone)]
pub struct Verified {
    /// The signer's certificate subject, e.g. `CN=张三,OU=个人移动证书,O=…,C=CN`.
    pub signer: String,
    pub signing_time: Option<i64>,
    /// The chain from the signer's issuer up to its root verified, and the root is one of the
    /// trusted certificates (None: no trust anchors were given).
    pub trusted: Option<bool>,
}

/// Checks a detached CMS signature over content whose SHA-256 is `content_sha256`: the
/// message digest, the signature with the signer's key, the certificate chain inside, and
/// (with `trust_anchors`) that the chain ends at one of them. The error says what failed.
pub fn verify(
    cms_der: &[u8],
    content_sha256: &[u8; 32],
    trust_anchors: &[Certificate],
) -> Result<Verified, String> {
    let content_info =
        ContentInfo::from_der(cms_der).map_err(|e| format!("not a CMS ContentInfo: {e}"))?;
    if content_info.content_type != ID_SIGNED_DATA {
        return Err("not a CMS SignedData".into());
    }
    let signed_data: SignedData = content_info
        .content
        .decode_as()
        .map_err(|e| format!("not a CMS SignedData: {e}"))?;
    let [signer_info] = signed_data.signer_infos.0.as_slice() else {
        return Err("expected exactly one signer".into());
    };
    let attributes = signer_info
        .signed_attrs
        .as_ref()
        .ok_or("no signed attributes")?;
    if attributes::message_digest(attributes).as_deref() != Some(content_sha256.as_slice()) {
        return Err("the signed bytes changed after signing (messageDigest differs)".into());
    }
    let certificates: Vec<&Certificate> = signed_data
        .certificates
        .as_ref()
        .map(|set| {
            set.0
                .iter()
                .filter_map(|choice| match choice {
                    CertificateChoices::Certificate(certificate) => Some(certificate),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let SignerIdentifier::IssuerAndSerialNumber(sid) = &signer_info.sid else {
        return Err("the signer is not named by issuer and serial number".into());
    };
    let signer = certificates
        .iter()
        .find(|c| {
            c.tbs_certificate.issuer == sid.issuer
                && c.tbs_certificate.serial_number == sid.serial_number
        })
        .ok_or("the signer's certificate is not included")?;
    if signer_info.signature_algorithm.oid != ECDSA_WITH_SHA256 {
        return Err("only ECDSA with SHA-256 is supported".into());
    }
    let signed = attributes.to_der().map_err(|e| e.to_string())?;
    if !verifies(signer, &signed, signer_info.signature.as_bytes()) {
        return Err("the signature does not verify with the signer's key".into());
    }
    let signing_time = attributes::signing_time(attributes);
    if let Some(time) = signing_time {
        let validity = &signer.tbs_certificate.validity;
        let (from, to) = (
            validity.not_before.to_unix_duration().as_secs() as i64,
            validity.not_after.to_unix_duration().as_secs() as i64,
        );
        if time < from || time > to {
            return Err("the certificate was not valid at the signing time".into());
        }
    }
    let root = chain_root(signer, &certificates)?;
    let trusted = (!trust_anchors.is_empty()).then(|| {
        trust_anchors.iter().any(|anchor| {
            anchor == root
                || (anchor.tbs_certificate.subject == root.tbs_certificate.issuer
                    && verifies(anchor, &tbs(root), root.signature.raw_bytes()))
        })
    });
    Ok(Verified {
        signer: signer.tbs_certificate.subject.to_string(),
        signing_time,
        trusted,
    })
}

fn tbs(certificate: &Certificate) -> Vec<u8> {
    certificate.tbs_certificate.to_der().unwrap_or_default()
}

/// Whether `signature` (DER ECDSA) over `message` verifies with the key in `certificate`.
fn verifies(certificate: &Certificate, message: &[u8], signature: &[u8]) -> bool {
    let key = certificate
        .tbs_certificate
        .subject_public_key_info
        .subject_public_key
        .raw_bytes();
    match (
        VerifyingKey::from_sec1_bytes(key),
        Signature::from_der(signature),
    ) {
        (Ok(key), Ok(signature)) => key.verify(message, &signature).is_ok(),
        _ => false,
    }
}

/// Walks from the signer to a self-signed root through the included certificates, checking
/// each certificate's signature with its issuer's key; the last certificate reached.
fn chain_root<'a>(
    signer: &'a Certificate,
    certificates: &[&'a Certificate],
) -> Result<&'a Certificate, String> {
    let mut current = signer;
    for _ in 0..8 {
        let subject = &current.tbs_certificate.subject;
        let issuer_name = &current.tbs_certificate.issuer;
        if subject == issuer_name {
            return if verifies(current, &tbs(current), current.signature.raw_bytes()) {
                Ok(current)
            } else {
                Err("the root certificate's own signature does not verify".into())
            };
        }
        let Some(issuer) = certificates
            .iter()
            .find(|c| &c.tbs_certificate.subject == issuer_name)
        else {
            // The chain stops inside: a trust anchor may still be its issuer.
            return Ok(current);
        };
        if current.signature_algorithm.oid != ECDSA_WITH_SHA256
            || !verifies(issuer, &tbs(current), current.signature.raw_bytes())
        {
            return Err(format!(
                "the certificate of {subject} is not signed by its issuer"
            ));
        }
        current = issuer;
    }
    Err("the certificate chain is too long".into())
}
