//! The CMS signed attributes a sealing client asks to have signed (RFC 5652 §5.3): the phone
//! signs their DER (the `SET OF Attribute`), so the server reads them first and accepts them
//! only when they say what the phone shows: the content type is data, the message digest is the
//! document's announced SHA-256, and the signing time is now.

use std::time::Duration;

use x509_cert::attr::{Attribute, Attributes};
use x509_cert::der::asn1::{ObjectIdentifier, OctetString, SetOfVec, UtcTime};
use x509_cert::der::{Any, Decode, Encode};
use x509_cert::time::Time;

/// RFC 5652's attribute types, and id-data.
pub const CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
pub const MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
pub const SIGNING_TIME: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.5");
pub const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");

/// How far a signing time may be from the server's clock.
pub const MAX_CLOCK_SKEW_SECS: i64 = 10 * 60;

/// Why signed attributes are refused, for the client's developer (English, like the API's
/// other machine errors).
pub fn check(der: &[u8], content_sha256: &[u8; 32], now: i64) -> Result<(), &'static str> {
    let attributes =
        Attributes::from_der(der).map_err(|_| "signed_attributes: not a DER SET OF Attribute")?;
    let value_of = |oid: ObjectIdentifier| -> Result<&Any, &'static str> {
        let mut found = attributes.iter().filter(|attribute| attribute.oid == oid);
        let attribute = found
            .next()
            .ok_or("signed_attributes: contentType, messageDigest and signingTime are required")?;
        if found.next().is_some() || attribute.values.len() != 1 {
            return Err("signed_attributes: each attribute once, with one value");
        }
        Ok(attribute.values.get(0).expect("one value"))
    };
    let content_type: ObjectIdentifier = value_of(CONTENT_TYPE)?
        .decode_as()
        .map_err(|_| "signed_attributes: contentType is not an OID")?;
    if content_type != ID_DATA {
        return Err("signed_attributes: contentType must be id-data");
    }
    let digest: OctetString = value_of(MESSAGE_DIGEST)?
        .decode_as()
        .map_err(|_| "signed_attributes: messageDigest is not an OCTET STRING")?;
    if digest.as_bytes() != content_sha256 {
        return Err("signed_attributes: messageDigest differs from the document's sha256");
    }
    // Time is a CHOICE (UTCTime or GeneralizedTime): decoded from the value's own encoding.
    let time = value_of(SIGNING_TIME)?
        .to_der()
        .ok()
        .and_then(|der| Time::from_der(&der).ok())
        .ok_or("signed_attributes: signingTime is not a Time")?;
    let signed_at = time.to_unix_duration().as_secs() as i64;
    if (signed_at - now).abs() > MAX_CLOCK_SKEW_SECS {
        return Err("signed_attributes: signingTime is not now");
    }
    Ok(())
}

/// Signed attributes for a document: contentType, messageDigest and signingTime (what the
/// sandbox's sealing client sends; a real client adds signingCertificateV2 and more).
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

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000;
    const DIGEST: [u8; 32] = [7; 32];

    #[test]
    fn attributes_that_say_what_the_phone_shows_pass() {
        let der = build(&DIGEST, NOW);
        assert_eq!(der[0], 0x31, "a SET OF, as it is signed");
        assert_eq!(check(&der, &DIGEST, NOW + 30), Ok(()));
    }

    #[test]
    fn another_digest_a_stale_time_or_garbage_is_refused() {
        assert!(
            check(&build(&[8; 32], NOW), &DIGEST, NOW)
                .unwrap_err()
                .contains("messageDigest")
        );
        assert!(
            check(&build(&DIGEST, NOW - 3600), &DIGEST, NOW)
                .unwrap_err()
                .contains("signingTime")
        );
        assert!(check(b"\x30\x00", &DIGEST, NOW).is_err());
        assert!(check(b"not DER", &DIGEST, NOW).is_err());
        // Without signingTime.
        let attributes: Attributes = Attributes::from_der(&build(&DIGEST, NOW)).unwrap();
        let without: Vec<Attribute> = attributes
            .iter()
            .filter(|a| a.oid != SIGNING_TIME)
            .cloned()
            .collect();
        let der = SetOfVec::try_from(without).unwrap().to_der().unwrap();
        assert!(check(&der, &DIGEST, NOW).unwrap_err().contains("required"));
    }
}
