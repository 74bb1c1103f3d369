//! Sealing real PDFs, checked by this crate's own verifier and by independent ones: poppler's
//! pdfsig, pyHanko (trusting the tests' CA) and qpdf. The phone is left out here (a key of the
//! tests' own signs); the end-to-end test at the workspace's root puts it back.

mod fixtures;

use cloudsign_seal::cms;
use cloudsign_seal::pdf::{self, PdfError};
use fixtures::{Signer, classic_pdf, object_stream_pdf, pdfsig, pyhanko, qpdf_check};
use x509_cert::der::DecodePem;

struct Checked {
    dir: tempfile::TempDir,
    ca_pem: std::path::PathBuf,
}

impl Checked {
    fn new(signer: &Signer) -> Checked {
        let dir = tempfile::tempdir().unwrap();
        let ca_pem = dir.path().join("ca.pem");
        std::fs::write(&ca_pem, signer.ca_pem()).unwrap();
        fixtures::nss_trusting(dir.path(), &ca_pem);
        Checked { dir, ca_pem }
    }

    /// Every validator's verdict on `bytes`: (pdfsig, pyHanko, qpdf), each with its report.
    fn validate(&self, name: &str, bytes: &[u8]) -> [(bool, String); 3] {
        let file = self.dir.path().join(name);
        std::fs::write(&file, bytes).unwrap();
        [
            pdfsig(&file, self.dir.path()),
            pyhanko(&file, &self.ca_pem),
            qpdf_check(&file),
        ]
    }
}

fn own_verdict(bytes: &[u8], signer: &Signer) -> Vec<Result<bool, String>> {
    let anchors = vec![x509_cert::Certificate::from_pem(signer.ca_pem().as_bytes()).unwrap()];
    pdf::signatures(bytes)
        .unwrap()
        .into_iter()
        .map(|found| {
            let digest = found.digest(bytes).ok_or("outside")?;
            cms::verify(&found.cms, &digest, &anchors).map(|v| v.trusted == Some(true))
        })
        .collect()
}

#[test]
fn every_kind_of_pdf_is_sealed_as_an_incremental_update_that_every_validator_accepts() {
    let signer = Signer::new();
    let checked = Checked::new(&signer);
    let contains = |bytes: &[u8], what: &[u8]| bytes.windows(what.len()).any(|w| w == what);
    let classic = classic_pdf(1);
    assert!(contains(&classic, b"\nxref") && !contains(&classic, b"/ObjStm"));
    let streams = object_stream_pdf(3);
    assert!(contains(&streams, b"/XRef") && contains(&streams, b"/ObjStm"));
    assert!(!contains(&streams, b"\nxref"));
    for (name, original) in [
        ("classic.pdf", classic),
        ("object-streams.pdf", streams),
        ("many-pages.pdf", classic_pdf(12)),
    ] {
        let signed = signer.sign(&original);
        assert!(
            signed.starts_with(&original),
            "{name}: the original bytes stay untouched"
        );
        assert_eq!(own_verdict(&signed, &signer), vec![Ok(true)], "{name}");
        for (ok, report) in checked.validate(name, &signed) {
            assert!(ok, "{name}:\n{report}");
        }
    }
}

#[test]
fn a_second_seal_is_appended_and_both_stay_valid() {
    let signer = Signer::new();
    let checked = Checked::new(&signer);
    for (name, original) in [
        ("twice-classic.pdf", classic_pdf(2)),
        ("twice-streams.pdf", object_stream_pdf(2)),
    ] {
        let once = signer.sign(&original);
        let twice = signer.sign(&once);
        assert!(twice.starts_with(&once));
        let found = pdf::signatures(&twice).unwrap();
        assert_eq!(
            found
                .iter()
                .map(|f| f.field_name.as_str())
                .collect::<Vec<_>>(),
            ["Signature1", "Signature2"]
        );
        assert!(!found[0].covers_whole_file(&twice) && found[1].covers_whole_file(&twice));
        assert_eq!(
            own_verdict(&twice, &signer),
            vec![Ok(true), Ok(true)],
            "{name}"
        );
        let [pdfsig, pyhanko, qpdf] = checked.validate(name, &twice);
        for (ok, report) in [&pdfsig, &pyhanko, &qpdf] {
            assert!(ok, "{name}:\n{report}");
        }
        assert_eq!(
            pdfsig.1.matches("Signature is Valid.").count(),
            2,
            "{}",
            pdfsig.1
        );
        assert_eq!(
            pyhanko.1.matches("INTACT:TRUSTED").count(),
            2,
            "{}",
            pyhanko.1
        );
        if std::env::var_os("SHOW_VALIDATORS").is_some() {
            println!("{}\n{}\n{}", pdfsig.1, pyhanko.1, qpdf.1);
        }
    }
}

#[test]
fn one_flipped_byte_inside_the_signed_range_breaks_it_for_every_validator() {
    let signer = Signer::new();
    let checked = Checked::new(&signer);
    let signed = signer.sign(&classic_pdf(1));
    // A byte of the page's text, well inside the first range.
    let at = signed.windows(6).position(|w| w == b"Tender").unwrap();
    let mut flipped = signed.clone();
    flipped[at] ^= 0x20;
    assert!(
        matches!(own_verdict(&flipped, &signer)[..], [Err(ref why)] if why.contains("changed"))
    );
    let [(pdfsig_ok, pdfsig_report), (pyhanko_ok, pyhanko_report), _] =
        checked.validate("flipped.pdf", &flipped);
    assert!(
        !pdfsig_ok && pdfsig_report.contains("Signature Validation:"),
        "{pdfsig_report}"
    );
    assert!(
        !pyhanko_ok && pyhanko_report.contains("INVALID"),
        "{pyhanko_report}"
    );
}

#[test]
fn an_untrusted_signer_is_valid_but_not_trusted() {
    let (signer, stranger) = (Signer::new(), Signer::new());
    let signed = stranger.sign(&classic_pdf(1));
    assert_eq!(own_verdict(&signed, &signer), vec![Ok(false)]);
}

#[test]
fn encrypted_and_damaged_pdfs_are_refused_with_a_clear_message() {
    let signer = Signer::new();
    let dir = tempfile::tempdir().unwrap();
    let plain = dir.path().join("plain.pdf");
    let encrypted = dir.path().join("encrypted.pdf");
    std::fs::write(&plain, classic_pdf(1)).unwrap();
    let (ok, report) = fixtures::run(
        "qpdf",
        &[
            "--encrypt",
            "user",
            "owner",
            "256",
            "--",
            plain.to_str().unwrap(),
            encrypted.to_str().unwrap(),
        ],
    );
    assert!(ok, "{report}");
    let field = || pdf::SignatureField {
        signing_time: 0,
        appearance: None,
    };
    let refused = pdf::prepare(&std::fs::read(&encrypted).unwrap(), field()).unwrap_err();
    assert_eq!(refused, PdfError::Encrypted);
    assert!(refused.to_string().contains("encrypted"));

    let original = classic_pdf(1);
    let truncated = &original[..original.len() / 2];
    assert!(matches!(
        pdf::prepare(truncated, field()),
        Err(PdfError::Damaged(_))
    ));
    assert!(matches!(
        pdf::prepare(b"not a pdf at all", field()),
        Err(PdfError::Damaged(_))
    ));
    let _ = signer;
}

#[test]
fn visible_seals_are_drawn_where_asked_and_stay_valid() {
    use cloudsign_seal::appearance::{self, Placement};
    use cloudsign_seal::samples::{count_pixels, is_dark, is_red, render_page, signature_png};
    let signer = Signer::new();
    let checked = Checked::new(&signer);
    let unit_at: Placement = "2,380,80,160,160".parse().unwrap();
    let unit = signer.sign_with(
        &classic_pdf(3),
        Some(appearance::unit_seal(&unit_at, "惠州市某建设工程有限公司")),
    );
    let personal_at: Placement = "1,60,60,200,80".parse().unwrap();
    let personal = signer.sign_with(
        &object_stream_pdf(1),
        Some(appearance::handwritten(&personal_at, &signature_png(600, 240)).unwrap()),
    );
    for (name, signed, page, rect, colour) in [
        (
            "unit-seal.pdf",
            &unit,
            2,
            [380.0, 80.0, 540.0, 240.0],
            is_red as fn(u8, u8, u8) -> bool,
        ),
        (
            "handwritten.pdf",
            &personal,
            1,
            [60.0, 60.0, 260.0, 140.0],
            is_dark,
        ),
    ] {
        for (ok, report) in checked.validate(name, signed) {
            assert!(ok, "{name}:\n{report}");
        }
        let rendered = render_page(&checked.dir.path().join(name), page);
        let inside = count_pixels(&rendered, rect, colour);
        let elsewhere = count_pixels(&rendered, [0.0, 300.0, 595.0, 700.0], colour);
        assert!(inside > 100, "{name}: the seal is drawn ({inside} pixels)");
        if let Some(keep) = std::env::var_os("KEEP_SEALED") {
            std::fs::write(std::path::Path::new(&keep).join(name), signed).unwrap();
        }
        assert_eq!(elsewhere, 0, "{name}: and nowhere else");
    }
    // The unit seal is on page 2 only.
    let first_page = render_page(&checked.dir.path().join("unit-seal.pdf"), 1);
    assert_eq!(
        count_pixels(&first_page, [380.0, 80.0, 540.0, 240.0], is_red),
        0
    );
}
