//! PDFs of the kinds found in the wild, and the independent validators (poppler's pdfsig,
//! pyHanko, qpdf) that the tests run over sealed files: shared by this crate's tests and the
//! end-to-end test at the workspace's root (feature `samples`).

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::content::{Content, Operation};
use lopdf::{Document, Object, Stream, dictionary};

/// A document of `pages` pages, each with a line of text.
fn document(pages: usize) -> Document {
    let mut doc = Document::with_version("1.4");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Helvetica",
    });
    let resources_id = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
    });
    let mut kids = Vec::new();
    for page in 1..=pages {
        let content = Content {
            operations: vec![
                Operation::new("BT", vec![]),
                Operation::new("Tf", vec!["F1".into(), 24.into()]),
                Operation::new("Td", vec![72.into(), 720.into()]),
                Operation::new(
                    "Tj",
                    vec![Object::string_literal(format!(
                        "Tender document, page {page}"
                    ))],
                ),
                Operation::new("ET", vec![]),
            ],
        };
        let content_id = doc.add_object(Stream::new(dictionary! {}, content.encode().unwrap()));
        let page_id = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(Object::Reference(page_id));
    }
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => kids, "Count" => pages as i64, "Resources" => resources_id,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    doc
}

/// A classic cross-reference table.
pub fn classic_pdf(pages: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let mut document = document(pages);
    document.reference_table.cross_reference_type = lopdf::xref::XrefType::CrossReferenceTable;
    document.save_to(&mut out).unwrap();
    out
}

/// PDF 1.5: a cross-reference stream, the objects packed in object streams.
pub fn object_stream_pdf(pages: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let options = lopdf::SaveOptions::builder()
        .use_object_streams(true)
        .use_xref_streams(true)
        .build();
    let mut document = document(pages);
    document.compress();
    document.save_with_options(&mut out, options).unwrap();
    out
}

/// Where the project's bootstrap put a tool, else the PATH.
fn tool(name: &str) -> PathBuf {
    let tools = std::env::var("CLOUDSIGN_TOOLS")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap()).join(".cache/cloudsign/tools")
        });
    let bundled = tools.join("pyhanko/bin").join(name);
    if bundled.exists() {
        bundled
    } else {
        PathBuf::from(name)
    }
}

/// Runs a validator; (succeeded, stdout and stderr). Panics, saying how to install it, when
/// the validator is missing: a check that silently does not run is no check.
pub fn run(program: &str, args: &[&str]) -> (bool, String) {
    let output = Command::new(tool(program))
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program} is missing ({e}): run scripts/bootstrap"));
    (
        output.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        ),
    )
}

/// An NSS database in `dir` that trusts `ca_pem`: where pdfsig looks for trust anchors.
pub fn nss_trusting(dir: &Path, ca_pem: &Path) {
    let database = format!("sql:{}", dir.display());
    let (ok, report) = run("certutil", &["-N", "-d", &database, "--empty-password"]);
    assert!(ok, "{report}");
    let (ok, report) = run(
        "certutil",
        &[
            "-A",
            "-d",
            &database,
            "-n",
            "cloudsign CA",
            "-t",
            "CT,CT,CT",
            "-i",
            ca_pem.to_str().unwrap(),
        ],
    );
    assert!(ok, "{report}");
}

/// poppler's verdict on every signature, with the trust of the NSS database in `nss_dir`:
/// (all valid and their certificates trusted, its report).
pub fn pdfsig(file: &Path, nss_dir: &Path) -> (bool, String) {
    let (_, report) = run(
        "pdfsig",
        &["-nssdir", nss_dir.to_str().unwrap(), file.to_str().unwrap()],
    );
    let signatures = report.matches("Signature Validation:").count();
    let valid = report
        .matches("Signature Validation: Signature is Valid.")
        .count();
    let trusted = report
        .matches("Certificate Validation: Certificate is Trusted.")
        .count();
    (
        signatures > 0 && signatures == valid && signatures == trusted,
        report,
    )
}

/// pyHanko's verdict on every signature, trusting only `ca_pem`: (all INTACT and TRUSTED and
/// none suspicious, its report).
pub fn pyhanko(file: &Path, ca_pem: &Path) -> (bool, String) {
    let (ok, report) = run(
        "pyhanko",
        &[
            "sign",
            "validate",
            "--trust",
            ca_pem.to_str().unwrap(),
            "--trust-replace",
            "--no-revocation-check",
            file.to_str().unwrap(),
        ],
    );
    let statuses: Vec<&str> = report
        .lines()
        .filter(|line| line.contains("INTACT") || line.contains("INVALID"))
        .collect();
    let all = ok
        && !statuses.is_empty()
        && statuses
            .iter()
            .all(|status| status.contains("INTACT:TRUSTED") && !status.contains("SUSPICIOUS"));
    (all, report)
}

/// qpdf's structural check of the whole file.
pub fn qpdf_check(file: &Path) -> (bool, String) {
    run("qpdf", &["--check", file.to_str().unwrap()])
}

/// A handwritten-looking signature: dark strokes on transparent, as the app saves 我的签名.
pub fn signature_png(width: u32, height: u32) -> Vec<u8> {
    let mut pixels = vec![0u8; (width * height * 4) as usize];
    for x in 0..width {
        // A wave and a slanted stroke, three pixels thick.
        let wave = (height as f32 / 2.0
            + (x as f32 / width as f32 * 12.0).sin() * height as f32 / 4.0)
            as i64;
        let slant = (x as i64 * height as i64 / width as i64).min(height as i64 - 1);
        for y in [wave, slant] {
            for dy in -1..=1 {
                let row = y + dy;
                if (0..height as i64).contains(&row) {
                    let at = ((row as u32 * width + x) * 4) as usize;
                    pixels[at..at + 4].copy_from_slice(&[20, 20, 30, 255]);
                }
            }
        }
    }
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&pixels).unwrap();
    drop(writer);
    out
}

/// The page rendered by poppler (`pdftoppm`) at 72 dpi: (width, height, RGB pixels, top row
/// first), so that a test can look at what a reader shows.
pub fn render_page(file: &Path, page: u32) -> (usize, usize, Vec<u8>) {
    let prefix = file.with_extension(format!("page{page}"));
    let page = page.to_string();
    let (ok, report) = run(
        "pdftoppm",
        &[
            "-f",
            &page,
            "-l",
            &page,
            "-r",
            "72",
            "-singlefile",
            file.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    assert!(ok, "{report}");
    let ppm = std::fs::read(format!("{}.ppm", prefix.display())).unwrap();
    // P6\n<w> <h>\n255\n<pixels>
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        while ppm[at].is_ascii_whitespace() {
            at += 1;
        }
        let start = at;
        while !ppm[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&ppm[start..at]).into_owned());
    }
    let (width, height) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (width, height, ppm[at + 1..].to_vec())
}

/// How many pixels of the rendered page inside `[x1, y1, x2, y2]` (points from the lower left)
/// match `is`.
pub fn count_pixels(
    (width, height, pixels): &(usize, usize, Vec<u8>),
    rect: [f32; 4],
    is: impl Fn(u8, u8, u8) -> bool,
) -> usize {
    let mut count = 0;
    for y in rect[1] as usize..rect[3] as usize {
        for x in rect[0] as usize..rect[2] as usize {
            let row = height - 1 - y.min(height - 1);
            let at = (row * width + x.min(width - 1)) * 3;
            if is(pixels[at], pixels[at + 1], pixels[at + 2]) {
                count += 1;
            }
        }
    }
    count
}

pub fn is_red(r: u8, g: u8, b: u8) -> bool {
    r > 150 && g < 90 && b < 90
}

pub fn is_dark(r: u8, g: u8, b: u8) -> bool {
    r < 90 && g < 90 && b < 90
}
