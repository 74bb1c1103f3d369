//! A PDF prepared for a signature, as an incremental update: the original bytes stay as they
//! are, and a new revision adds a signature field whose value has a `/Contents` placeholder
//! and a `/ByteRange` covering everything else. The signature then fills the placeholder.

use std::fmt::Write as _;
use std::ops::Range;

use lopdf::xref::XrefType;
use lopdf::{Dictionary, Document, Object, ObjectId, StringFormat, Writer};
use sha2::{Digest, Sha256};

/// Room for the CMS SignedData, in bytes (hex doubles it): an ECDSA signature with two P-256
/// certificates takes about 1.6 KB; the rest leaves room for longer chains.
pub const CONTENTS_CAPACITY: usize = 8 * 1024;

/// Why a PDF cannot be signed; the message is for the person at the desktop.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PdfError {
    Encrypted,
    Damaged(String),
    /// Certified with "no changes allowed" (DocMDP P=1): a new signature would break it.
    Locked,
}

impl std::fmt::Display for PdfError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PdfError::Encrypted => write!(
                f,
                "the PDF is encrypted; remove its password before sealing (文件已加密，请先解除密码)"
            ),
            PdfError::Damaged(why) => write!(f, "the PDF is damaged: {why} (文件已损坏)"),
            PdfError::Locked => write!(
                f,
                "the PDF is certified with no changes allowed (文件已锁定，不允许再签章)"
            ),
        }
    }
}

impl std::error::Error for PdfError {}

/// A visible seal: where, and the appearance stream's content and resources.
pub struct Appearance {
    /// 1-based page number.
    pub page: u32,
    /// `[x1 y1 x2 y2]` in the page's default user space (points).
    pub rect: [f32; 4],
    /// Draws the seal in a box of the rect's size, origin at its lower left.
    pub content: Vec<u8>,
    /// Image XObjects the content names: (name, image stream object, optional soft mask).
    pub images: Vec<(String, lopdf::Stream, Option<lopdf::Stream>)>,
    /// Resources besides the images (fonts, graphics states), as a dictionary.
    pub resources: Dictionary,
}

/// What a signature is added with.
pub struct SignatureField {
    /// The signing time, as `/M` (Unix seconds).
    pub signing_time: i64,
    /// A visible seal, or none for an invisible signature.
    pub appearance: Option<Appearance>,
}

/// A PDF with a new revision whose signature is still to be filled in.
#[derive(Debug, Clone)]
pub struct Prepared {
    bytes: Vec<u8>,
    /// The `<…>` of `/Contents`, delimiters included: what the byte range leaves out.
    contents: Range<usize>,
    pub field_name: String,
}

impl Prepared {
    /// SHA-256 of the signed byte range: everything but the `/Contents` value.
    pub fn digest(&self) -> [u8; 32] {
        let mut hash = Sha256::new();
        hash.update(&self.bytes[..self.contents.start]);
        hash.update(&self.bytes[self.contents.end..]);
        hash.finalize().into()
    }

    /// The finished PDF: `cms` (DER) hex-encoded into the placeholder.
    pub fn embed(mut self, cms: &[u8]) -> anyhow::Result<Vec<u8>> {
        anyhow::ensure!(
            cms.len() <= CONTENTS_CAPACITY,
            "the signature ({} bytes) does not fit the {CONTENTS_CAPACITY}-byte placeholder",
            cms.len()
        );
        let hex = hex::encode_upper(cms);
        let start = self.contents.start + 1;
        self.bytes[start..start + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(self.bytes)
    }
}

fn damaged(why: impl std::fmt::Display) -> PdfError {
    PdfError::Damaged(why.to_string())
}

/// The offset after the last `startxref`: where the newest cross-reference section starts.
fn last_startxref(bytes: &[u8]) -> Option<usize> {
    let tail_start = bytes.len().saturating_sub(2048);
    let tail = &bytes[tail_start..];
    let at = tail.windows(9).rposition(|w| w == b"startxref")?;
    let number: String = tail[at + 9..]
        .iter()
        .skip_while(|b| b.is_ascii_whitespace())
        .take_while(|b| b.is_ascii_digit())
        .map(|&b| b as char)
        .collect();
    number.parse().ok()
}

/// Loads a PDF for signing or verifying, refusing an encrypted or damaged one.
pub fn load(bytes: &[u8]) -> Result<Document, PdfError> {
    if !bytes.starts_with(b"%PDF-") {
        return Err(damaged("it does not start with %PDF-"));
    }
    let startxref = last_startxref(bytes).ok_or_else(|| damaged("no startxref at its end"))?;
    if startxref >= bytes.len() {
        return Err(damaged("startxref points past its end"));
    }
    let document = Document::load_mem(bytes).map_err(|err| {
        if bytes.windows(8).any(|w| w == b"/Encrypt") {
            PdfError::Encrypted
        } else {
            damaged(err)
        }
    })?;
    if document.trailer.has(b"Encrypt") || document.encryption_state.is_some() {
        return Err(PdfError::Encrypted);
    }
    if document.xref_recovery.is_some() {
        return Err(damaged("its cross-reference table is broken"));
    }
    if document.catalog().is_err() || document.get_pages().is_empty() {
        return Err(damaged("it has no catalog or no pages"));
    }
    Ok(document)
}

/// A PDF date (`D:YYYYMMDDHHmmSSZ`) for Unix seconds.
pub fn pdf_date(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let seconds = unix.rem_euclid(86_400);
    // Howard Hinnant's civil-from-days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "D:{year:04}{month:02}{day:02}{:02}{:02}{:02}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// An object of the new revision: its id and the bytes between `obj` and `endobj`.
struct NewObject {
    id: ObjectId,
    body: Vec<u8>,
}

fn serialize(object: &Object) -> Vec<u8> {
    let mut out = Vec::new();
    Writer::write_object(&mut out, object).expect("writing to memory");
    out
}

fn stream_body(stream: &lopdf::Stream) -> Vec<u8> {
    serialize(&Object::Stream(stream.clone()))
}

/// The field names the form has, to give the new one its own.
fn field_names(document: &Document, fields: &[Object]) -> Vec<Vec<u8>> {
    fields
        .iter()
        .filter_map(|field| document.dereference(field).ok())
        .filter_map(|(_, field)| field.as_dict().ok())
        .filter_map(|field| field.get(b"T").ok())
        .filter_map(|name| name.as_str().ok())
        .map(<[u8]>::to_vec)
        .collect()
}

/// Adds a signature field to `original` in a new revision; see the module's comment.
pub fn prepare(original: &[u8], field: SignatureField) -> Result<Prepared, PdfError> {
    let document = load(original)?;
    let catalog_id = document
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(|_| damaged("its trailer names no catalog"))?;
    let mut catalog = document
        .get_dictionary(catalog_id)
        .map_err(|_| damaged("its catalog is not a dictionary"))?
        .clone();
    if let Ok(perms) = catalog.get(b"Perms").and_then(|p| document.dereference(p)) {
        let doc_mdp = perms.1.as_dict().ok().and_then(|p| p.get(b"DocMDP").ok());
        if let Some(doc_mdp) = doc_mdp
            && document_is_locked(&document, doc_mdp)
        {
            return Err(PdfError::Locked);
        }
    }
    let pages = document.get_pages();
    let page_number = field.appearance.as_ref().map_or(1, |a| a.page);
    let &page_id = pages.get(&page_number).ok_or_else(|| {
        damaged(format!(
            "it has {} pages, not a page {page_number}",
            pages.len()
        ))
    })?;

    let size = document
        .trailer
        .get(b"Size")
        .and_then(Object::as_i64)
        .unwrap_or(0)
        .max(i64::from(document.max_id) + 1) as u32;
    let mut next_id = size;
    let mut allocate = || {
        next_id += 1;
        (next_id - 1, 0u16)
    };
    let signature_id = allocate();
    let widget_id = allocate();
    let mut objects: Vec<NewObject> = Vec::new();

    // The form: /Fields gains the widget (which is the field too), /SigFlags 3.
    let (acro_form_id, mut acro_form) = match catalog.get(b"AcroForm") {
        Ok(Object::Reference(id)) => (
            Some(*id),
            document
                .get_dictionary(*id)
                .map_err(|_| damaged("its form is not a dictionary"))?
                .clone(),
        ),
        Ok(Object::Dictionary(form)) => (None, form.clone()),
        _ => (None, Dictionary::new()),
    };
    let (fields_id, mut fields) = match acro_form.get(b"Fields") {
        Ok(Object::Reference(id)) => (
            Some(*id),
            document
                .get_object(*id)
                .and_then(Object::as_array)
                .map_err(|_| damaged("its form fields are not an array"))?
                .clone(),
        ),
        Ok(Object::Array(fields)) => (None, fields.clone()),
        _ => (None, Vec::new()),
    };
    let taken = field_names(&document, &fields);
    let field_name = (1..)
        .map(|n| format!("Signature{n}"))
        .find(|name| !taken.contains(&name.as_bytes().to_vec()))
        .expect("a free name");
    fields.push(Object::Reference(widget_id));
    match fields_id {
        Some(id) => objects.push(NewObject {
            id,
            body: serialize(&Object::Array(fields)),
        }),
        None => acro_form.set("Fields", Object::Array(fields)),
    }
    acro_form.set("SigFlags", 3);
    match acro_form_id {
        Some(id) => objects.push(NewObject {
            id,
            body: serialize(&Object::Dictionary(acro_form)),
        }),
        None => {
            let id = allocate();
            objects.push(NewObject {
                id,
                body: serialize(&Object::Dictionary(acro_form)),
            });
            catalog.set("AcroForm", Object::Reference(id));
            objects.push(NewObject {
                id: catalog_id,
                body: serialize(&Object::Dictionary(catalog)),
            });
        }
    }

    // The page: /Annots gains the widget.
    let mut page = document
        .get_dictionary(page_id)
        .map_err(|_| damaged("a page is not a dictionary"))?
        .clone();
    match page.get(b"Annots") {
        Ok(Object::Reference(id)) => {
            let mut annots = document
                .get_object(*id)
                .and_then(Object::as_array)
                .map_err(|_| damaged("a page's annotations are not an array"))?
                .clone();
            annots.push(Object::Reference(widget_id));
            objects.push(NewObject {
                id: *id,
                body: serialize(&Object::Array(annots)),
            });
        }
        other => {
            let mut annots = other
                .ok()
                .and_then(|annots| annots.as_array().ok().cloned())
                .unwrap_or_default();
            annots.push(Object::Reference(widget_id));
            page.set("Annots", Object::Array(annots));
            objects.push(NewObject {
                id: page_id,
                body: serialize(&Object::Dictionary(page)),
            });
        }
    }

    // The widget and field in one: print, locked (132), on its page, with its appearance.
    let mut widget = Dictionary::new();
    widget.set("Type", Object::Name(b"Annot".to_vec()));
    widget.set("Subtype", Object::Name(b"Widget".to_vec()));
    widget.set("FT", Object::Name(b"Sig".to_vec()));
    widget.set(
        "T",
        Object::String(field_name.clone().into_bytes(), StringFormat::Literal),
    );
    widget.set("V", Object::Reference(signature_id));
    widget.set("F", 132);
    widget.set("P", Object::Reference(page_id));
    let rect = field.appearance.as_ref().map_or([0.0; 4], |a| a.rect);
    widget.set(
        "Rect",
        Object::Array(rect.iter().map(|&v| Object::Real(v)).collect()),
    );
    if let Some(appearance) = field.appearance {
        let mut resources = appearance.resources.clone();
        let mut xobjects = Dictionary::new();
        for (name, mut image, mask) in appearance.images {
            if let Some(mask) = mask {
                let mask_id = allocate();
                objects.push(NewObject {
                    id: mask_id,
                    body: stream_body(&mask),
                });
                image.dict.set("SMask", Object::Reference(mask_id));
            }
            let image_id = allocate();
            objects.push(NewObject {
                id: image_id,
                body: stream_body(&image),
            });
            xobjects.set(name.into_bytes(), Object::Reference(image_id));
        }
        resources.set("XObject", Object::Dictionary(xobjects));
        let (width, height) = (rect[2] - rect[0], rect[3] - rect[1]);
        let mut form = Dictionary::new();
        form.set("Type", Object::Name(b"XObject".to_vec()));
        form.set("Subtype", Object::Name(b"Form".to_vec()));
        form.set(
            "BBox",
            Object::Array(vec![0.into(), 0.into(), width.into(), height.into()]),
        );
        form.set("Resources", Object::Dictionary(resources));
        let appearance_id = allocate();
        objects.push(NewObject {
            id: appearance_id,
            body: stream_body(&lopdf::Stream::new(form, appearance.content)),
        });
        let mut normal = Dictionary::new();
        normal.set("N", Object::Reference(appearance_id));
        widget.set("AP", Object::Dictionary(normal));
    }
    objects.push(NewObject {
        id: widget_id,
        body: serialize(&Object::Dictionary(widget)),
    });

    // The signature dictionary, written by hand: its two placeholders have fixed widths.
    let byte_range_placeholder = format!("[0 {0:10} {0:10} {0:10}]", "");
    let contents_placeholder = format!("<{}>", "0".repeat(CONTENTS_CAPACITY * 2));
    let signature_dictionary = format!(
        "<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/ETSI.CAdES.detached/ByteRange {byte_range_placeholder}/Contents {contents_placeholder}/M({})>>",
        pdf_date(field.signing_time)
    );
    objects.push(NewObject {
        id: signature_id,
        body: signature_dictionary.into_bytes(),
    });

    let size = next_id;
    let uses_stream = matches!(
        document.reference_table.cross_reference_type,
        XrefType::CrossReferenceStream
    );
    let previous = last_startxref(original).expect("checked when loading");
    let mut bytes = original.to_vec();
    if !bytes.ends_with(b"\n") && !bytes.ends_with(b"\r") {
        bytes.push(b'\n');
    }
    let mut offsets: Vec<(ObjectId, usize)> = Vec::with_capacity(objects.len() + 1);
    for object in &objects {
        offsets.push((object.id, bytes.len()));
        bytes.extend_from_slice(format!("{} {} obj\n", object.id.0, object.id.1).as_bytes());
        bytes.extend_from_slice(&object.body);
        bytes.extend_from_slice(b"\nendobj\n");
    }
    let mut trailer = Dictionary::new();
    for key in [&b"Root"[..], b"Info", b"ID"] {
        if let Ok(value) = document.trailer.get(key) {
            trailer.set(key.to_vec(), value.clone());
        }
    }
    trailer.set("Prev", previous as i64);
    if uses_stream {
        write_xref_stream(&mut bytes, &mut offsets, trailer, size);
    } else {
        write_xref_table(&mut bytes, &offsets, trailer, size);
    }

    // Now the offsets are known: the byte range leaves out exactly the `<…>` of /Contents.
    let contents_at = find(&bytes, contents_placeholder.as_bytes(), original.len())
        .expect("the placeholder was just written");
    let contents = contents_at..contents_at + contents_placeholder.len();
    let byte_range = format!(
        "[0 {:<10} {:<10} {:<10}]",
        contents.start,
        contents.end,
        bytes.len() - contents.end
    );
    let range_at = find(&bytes, byte_range_placeholder.as_bytes(), original.len())
        .expect("the placeholder was just written");
    bytes[range_at..range_at + byte_range.len()].copy_from_slice(byte_range.as_bytes());
    Ok(Prepared {
        bytes,
        contents,
        field_name,
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    haystack[from..]
        .windows(needle.len())
        .position(|window| window == needle)
        .map(|at| from + at)
}

/// Whether a DocMDP signature allows no changes at all (`/P 1`).
fn document_is_locked(document: &Document, doc_mdp: &Object) -> bool {
    let Ok((_, signature)) = document.dereference(doc_mdp) else {
        return false;
    };
    let references = signature
        .as_dict()
        .ok()
        .and_then(|s| s.get(b"Reference").ok())
        .and_then(|r| r.as_array().ok());
    references.into_iter().flatten().any(|reference| {
        document
            .dereference(reference)
            .ok()
            .and_then(|(_, r)| r.as_dict().ok())
            .and_then(|r| r.get(b"TransformParams").ok())
            .and_then(|p| document.dereference(p).ok())
            .and_then(|(_, p)| p.as_dict().ok())
            .and_then(|p| p.get(b"P").ok())
            .and_then(|p| p.as_i64().ok())
            .is_some_and(|p| p == 1)
    })
}

/// Consecutive ids in runs: the subsections of a cross-reference section.
fn runs(offsets: &[(ObjectId, usize)]) -> Vec<Vec<(ObjectId, usize)>> {
    let mut sorted = offsets.to_vec();
    sorted.sort_by_key(|(id, _)| id.0);
    let mut runs: Vec<Vec<(ObjectId, usize)>> = Vec::new();
    for entry in sorted {
        match runs.last_mut() {
            Some(run) if run.last().is_some_and(|(id, _)| id.0 + 1 == entry.0.0) => run.push(entry),
            _ => runs.push(vec![entry]),
        }
    }
    runs
}

fn write_xref_table(
    bytes: &mut Vec<u8>,
    offsets: &[(ObjectId, usize)],
    mut trailer: Dictionary,
    size: u32,
) {
    let start = bytes.len();
    let mut table = String::from("xref\n");
    for run in runs(offsets) {
        let _ = writeln!(table, "{} {}", run[0].0.0, run.len());
        for ((_, generation), offset) in run {
            // Each entry is exactly 20 bytes, ending in space + LF.
            let _ = writeln!(table, "{offset:010} {generation:05} n ");
        }
    }
    bytes.extend_from_slice(table.as_bytes());
    trailer.set("Size", i64::from(size));
    bytes.extend_from_slice(b"trailer\n");
    bytes.extend_from_slice(&serialize(&Object::Dictionary(trailer)));
    bytes.extend_from_slice(format!("\nstartxref\n{start}\n%%EOF\n").as_bytes());
}

fn write_xref_stream(
    bytes: &mut Vec<u8>,
    offsets: &mut Vec<(ObjectId, usize)>,
    mut dictionary: Dictionary,
    size: u32,
) {
    // The stream is an object too, and lists itself.
    let stream_id = (size, 0u16);
    let start = bytes.len();
    offsets.push((stream_id, start));
    let mut index = Vec::new();
    let mut data = Vec::new();
    for run in runs(offsets) {
        index.push(Object::Integer(i64::from(run[0].0.0)));
        index.push(Object::Integer(run.len() as i64));
        for ((_, generation), offset) in run {
            data.push(1u8);
            data.extend_from_slice(&(offset as u32).to_be_bytes());
            data.extend_from_slice(&generation.to_be_bytes());
        }
    }
    dictionary.set("Type", Object::Name(b"XRef".to_vec()));
    dictionary.set("Size", i64::from(size + 1));
    dictionary.set("Index", Object::Array(index));
    dictionary.set("W", Object::Array(vec![1.into(), 4.into(), 2.into()]));
    let stream = lopdf::Stream::new(dictionary, data);
    bytes.extend_from_slice(format!("{} 0 obj\n", stream_id.0).as_bytes());
    bytes.extend_from_slice(&stream_body(&stream));
    bytes.extend_from_slice(format!("\nendobj\nstartxref\n{start}\n%%EOF\n").as_bytes());
}

/// A signature found in a PDF: its field, the byte range it covers and its CMS.
#[derive(Debug, Clone)]
pub struct FoundSignature {
    pub field_name: String,
    pub byte_range: [usize; 4],
    pub cms: Vec<u8>,
}

impl FoundSignature {
    /// SHA-256 of the bytes the range covers; None when the range lies outside the file.
    pub fn digest(&self, bytes: &[u8]) -> Option<[u8; 32]> {
        let [a, b, c, d] = self.byte_range;
        if a != 0 || b > c || c.checked_add(d)? > bytes.len() {
            return None;
        }
        let mut hash = Sha256::new();
        hash.update(&bytes[a..b]);
        hash.update(&bytes[c..c + d]);
        Some(hash.finalize().into())
    }

    /// Whether it covers the whole file but its own `/Contents` (it is the last revision).
    pub fn covers_whole_file(&self, bytes: &[u8]) -> bool {
        let [_, b, c, d] = self.byte_range;
        c + d == bytes.len() && bytes.get(b) == Some(&b'<') && bytes.get(c - 1) == Some(&b'>')
    }
}

/// Every signed signature field of the PDF, in the form's order.
pub fn signatures(bytes: &[u8]) -> Result<Vec<FoundSignature>, PdfError> {
    let document = load(bytes)?;
    let fields = document
        .catalog()
        .ok()
        .and_then(|catalog| catalog.get(b"AcroForm").ok())
        .and_then(|form| document.dereference(form).ok())
        .and_then(|(_, form)| form.as_dict().ok())
        .and_then(|form| form.get(b"Fields").ok())
        .and_then(|fields| document.dereference(fields).ok())
        .and_then(|(_, fields)| fields.as_array().ok())
        .cloned()
        .unwrap_or_default();
    let mut found = Vec::new();
    let mut pending: Vec<Object> = fields;
    while let Some(field) = pending.pop() {
        let Ok((_, Object::Dictionary(field))) = document.dereference(&field) else {
            continue;
        };
        if let Ok(kids) = field.get(b"Kids").and_then(Object::as_array) {
            pending.extend(kids.iter().cloned());
        }
        let Ok((_, Object::Dictionary(value))) = field
            .get(b"V")
            .and_then(|value| document.dereference(value))
        else {
            continue;
        };
        let (Ok(range), Ok(contents)) = (
            value.get(b"ByteRange").and_then(Object::as_array),
            value.get(b"Contents").and_then(Object::as_str),
        ) else {
            continue;
        };
        let range: Vec<usize> = range
            .iter()
            .filter_map(|v| v.as_i64().ok())
            .filter_map(|v| usize::try_from(v).ok())
            .collect();
        let Ok(byte_range) = <[usize; 4]>::try_from(range) else {
            return Err(damaged("a signature's /ByteRange is not four numbers"));
        };
        let field_name = field
            .get(b"T")
            .and_then(Object::as_str)
            .map(|t| String::from_utf8_lossy(t).into_owned())
            .unwrap_or_default();
        found.push(FoundSignature {
            field_name,
            byte_range,
            cms: der_prefix(contents).to_vec(),
        });
    }
    found.sort_by_key(|signature| signature.byte_range[2] + signature.byte_range[3]);
    Ok(found)
}

/// The DER value at the start of the zero-padded `/Contents`.
fn der_prefix(contents: &[u8]) -> &[u8] {
    let length = match contents {
        [0x30, n, ..] if *n < 0x80 => Some(2 + *n as usize),
        [0x30, 0x81, n, ..] => Some(3 + *n as usize),
        [0x30, 0x82, hi, lo, ..] => Some(4 + (usize::from(*hi) << 8 | usize::from(*lo))),
        [0x30, 0x83, a, b, c, ..] => {
            Some(5 + (usize::from(*a) << 16 | usize::from(*b) << 8 | usize::from(*c)))
        }
        _ => None,
    };
    &contents[..length.unwrap_or(contents.len()).min(contents.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pdf_dates_are_utc() {
        assert_eq!(pdf_date(0), "D:19700101000000Z");
        assert_eq!(pdf_date(1_800_000_000), "D:20270115080000Z");
        assert_eq!(pdf_date(951_782_400), "D:20000229000000Z");
    }

    #[test]
    fn the_der_prefix_drops_the_padding() {
        assert_eq!(der_prefix(&[0x30, 2, 1, 1, 0, 0]), &[0x30, 2, 1, 1]);
        assert_eq!(der_prefix(&[0x30, 0x82, 0, 1, 9, 0, 0]).len(), 5);
    }
}
