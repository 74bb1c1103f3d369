//! The CMS signed attributes a client asks to have signed (RFC 5652 §5.3): contentType,
//! messageDigest and signingTime. The server adds signingCertificateV2 (RFC 5035), which
//! PAdES requires, once it knows who signs.

use std::time::Duration;

use sha2::{Digest, Sha256};
use x509_cert::attr::{Attribute, Attributes};
use x509_cert::der::asn1::{ObjectIdentifier, OctetString, SetOfVec, UtcTime};
use x509_cert::der::{Any, Decode, Encode};
use x509_cert::time::Time;

pub const CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
pub const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
pub const SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
pub const SIGNING_CERTIFICATE_V2: ObjectIdentifier =
    ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47");
pub const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");

/// The DER (`SET OF Attribute`, sorted as DER wants) of the attributes for content whose
/// SHA-256 is `content_sha256`, signed at `signing_time` (Unix seconds).
pub fn build(content_sha256: &[u8; 32], signing_time: i64) -> Vec<u8> {
    let attribute = |oid: ObjectIdentifier, value: Any| Attribute {
        oid,
        values: SetOfVec::try_from(vec![value]).expect("one value"),
    };
    let time = UtcTime::from_unix_duration(Duration::from_secs(signing_time.max(0) as u64))
        .expect("a time UTCTime can hold");
    let attributes: Attributes = SetOfVec::try_from(vec![
        attribute(CONTENT_TYPE, Any::encode_from(&ID_DATA).expect("an OID")),
        attribute(
            MESSAGE_DIGEST,
            Any::encode_from(&OctetString::new(content_sha256.to_vec()).expect("32 bytes"))
                .expect("an OCTET STRING"),
        ),
        attribute(
            SIGNING_TIME,
            Any::encode_from(&Time::UtcTime(time)).expect("a Time"),
        ),
    ])
    .expect("distinct attributes");
    attributes.to_der().expect("DER")
}

/// The client's attributes (already checked) with signingCertificateV2 for `certificate_der`
/// added: the DER that the signer's key signs and the client embeds in its SignerInfo.
pub fn with_signing_certificate(der: &[u8], certificate_der: &[u8]) -> anyhow::Result<Vec<u8>> {
    let attributes = Attributes::from_der(der)?;
    // SigningCertificateV2 ::= SEQUENCE { certs SEQUENCE OF ESSCertIDv2 }, with one
    // ESSCertIDv2 ::= SEQUENCE { certHash OCTET STRING } (SHA-256, the default algorithm).
    let cert_hash = OctetString::new(Sha256::digest(certificate_der).to_vec())?.to_der()?;
    let sequence = |content: &[u8]| -> Vec<u8> {
        let mut der = vec![0x30, content.len() as u8];
        der.extend_from_slice(content);
        der
    };
    let value = Any::from_der(&sequence(&sequence(&sequence(&cert_hash))))?;
    let mut all: Vec<Attribute> = attributes
        .iter()
        .filter(|attribute| attribute.oid != SIGNING_CERTIFICATE_V2)
        .cloned()
        .collect();
    all.push(Attribute {
        oid: SIGNING_CERTIFICATE_V2,
        values: SetOfVec::try_from(vec![value])?,
    });
    Ok(SetOfVec::try_from(all)?.to_der()?)
}

/// The one value of the attribute `oid`, if the attributes hold it exactly once.
pub fn single_value(attributes: &Attributes, oid: ObjectIdentifier) -> Option<&Any> {
    let mut found = attributes.iter().filter(|attribute| attribute.oid == oid);
    let attribute = found.next()?;
    if found.next().is_some() || attribute.values.len() != 1 {
        return None;
    }
    attribute.values.get(0)
}

/// The messageDigest the attributes carry.
pub fn message_digest(attributes: &Attributes) -> Option<Vec<u8>> {
    let digest: OctetString = single_value(attributes, MESSAGE_DIGEST)?.decode_as().ok()?;
    Some(digest.as_bytes().to_vec())
}

/// The signingTime the attributes carry, as Unix seconds.
pub fn signing_time(attributes: &Attributes) -> Option<i64> {
    let der = single_value(attributes, SIGNING_TIME)?.to_der().ok()?;
    let time = Time::from_der(&der).ok()?;
    Some(time.to_unix_duration().as_secs() as i64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_attributes_round_trip() {
        let der = build(&[7; 32], 1_800_000_000);
        assert_eq!(der[0], 0x31, "a SET OF, as it is signed");
        let attributes = Attributes::from_der(&der).unwrap();
        assert_eq!(attributes.len(), 3);
        assert_eq!(message_digest(&attributes), Some(vec![7; 32]));
        assert_eq!(signing_time(&attributes), Some(1_800_000_000));
        assert_eq!(attributes.to_der().unwrap(), der, "already in DER order");
    }
}
