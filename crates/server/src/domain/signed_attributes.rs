//! The CMS signed attributes a sealing client asks to have signed (RFC 5652 §5.3): the phone
//! signs their DER (the `SET OF Attribute`), so the server reads them first and accepts them
//! only when they say what the phone shows: the content type is data, the message digest is the
//! document's announced SHA-256, and the signing time is now. Building them, and adding
//! signingCertificateV2, is shared with the sealing client (`cloudsign_seal::attributes`).

use cloudsign_seal::attributes::{
    CONTENT_TYPE, ID_DATA, MESSAGE_DIGEST, SIGNING_TIME, message_digest, signing_time, single_value,
};
pub use cloudsign_seal::attributes::{build, with_signing_certificate};
use x509_cert::attr::Attributes;
use x509_cert::der::asn1::ObjectIdentifier;
use x509_cert::der::{Decode, Encode};

/// How far a signing time may be from the server's clock.
pub const MAX_CLOCK_SKEW_SECS: i64 = 10 * 60;

/// Why signed attributes are refused, for the client's developer (English, like the API's
/// other machine errors).
pub fn check(der: &[u8], content_sha256: &[u8; 32], now: i64) -> Result<(), &'static str> {
    let attributes =
        Attributes::from_der(der).map_err(|_| "signed_attributes: not a DER SET OF Attribute")?;
    // What the phone shows is all that is signed: no attribute beyond the three.
    if attributes
        .iter()
        .any(|attribute| ![CONTENT_TYPE, MESSAGE_DIGEST, SIGNING_TIME].contains(&attribute.oid))
    {
        return Err(
            "signed_attributes: only contentType, messageDigest and signingTime (the server adds signingCertificateV2)",
        );
    }
    // The bytes signed must be the bytes the client embeds: DER's sorted SET OF, nothing else.
    if attributes.to_der().ok().as_deref() != Some(der) {
        return Err("signed_attributes: not in DER (a SET OF sorted by encoding)");
    }
    let missing =
        "signed_attributes: contentType, messageDigest and signingTime, each once with one value";
    let content_type: ObjectIdentifier = single_value(&attributes, CONTENT_TYPE)
        .ok_or(missing)?
        .decode_as()
        .map_err(|_| "signed_attributes: contentType is not an OID")?;
    if content_type != ID_DATA {
        return Err("signed_attributes: contentType must be id-data");
    }
    if message_digest(&attributes).ok_or(missing)? != content_sha256 {
        return Err("signed_attributes: messageDigest differs from the document's sha256");
    }
    let signed_at = signing_time(&attributes).ok_or(missing)?;
    if (signed_at - now).abs() > MAX_CLOCK_SKEW_SECS {
        return Err("signed_attributes: signingTime is not now");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use x509_cert::attr::Attribute;
    use x509_cert::der::asn1::SetOfVec;

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
        assert!(check(&der, &DIGEST, NOW).unwrap_err().contains("each once"));
    }

    #[test]
    fn an_attribute_beyond_the_three_is_refused() {
        let certificate = [1u8; 40];
        let with = with_signing_certificate(&build(&DIGEST, NOW), &certificate).unwrap();
        assert!(check(&with, &DIGEST, NOW).unwrap_err().contains("only"));
    }

    #[test]
    fn signing_certificate_v2_names_the_certificate_by_its_sha256() {
        use sha2::{Digest, Sha256};
        let certificate = b"a certificate's DER";
        let with = with_signing_certificate(&build(&DIGEST, NOW), certificate).unwrap();
        let attributes = Attributes::from_der(&with).unwrap();
        assert_eq!(attributes.len(), 4);
        let value = attributes
            .iter()
            .find(|a| a.oid == cloudsign_seal::attributes::SIGNING_CERTIFICATE_V2)
            .unwrap()
            .values
            .get(0)
            .unwrap()
            .to_der()
            .unwrap();
        let hash = Sha256::digest(certificate);
        assert_eq!(&value[..8], &[0x30, 38, 0x30, 36, 0x30, 34, 0x04, 32]);
        assert_eq!(&value[8..], hash.as_slice());
        // Sorted DER: encoding it again gives the same bytes, so the client embeds what was signed.
        assert_eq!(attributes.to_der().unwrap(), with);
    }
}
