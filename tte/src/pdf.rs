//! A PAdES signature as an incremental update: the original bytes stay as they are; after them
//! come a signature dictionary with a fixed-width `/ByteRange` and a reserved `/Contents`, an
//! invisible signature widget on the first page, the catalog with `/AcroForm /SigFlags 3`, a new
//! xref section and a trailer with `/Prev`. Reads PDFs with classic xref tables (what typst
//! writes); anything else is refused with [`PdfError::Unsupported`].

use sha2::{Digest, Sha256};
use std::collections::HashMap;
use std::ops::Range;

use crate::SignatureMeta;
use crate::pdf_syntax::{Item, Lexer, Obj};

/// Bytes reserved for the CMS signature (hex-encoded, so twice this in the file).
pub(crate) const RESERVED: usize = 8192;
const BYTE_RANGE_WIDTH: usize = 10;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PdfError {
    #[error("berkas bukan PDF yang dapat dibaca ({0})")]
    Malformed(&'static str),
    #[error("struktur PDF ini belum didukung ({0})")]
    Unsupported(&'static str),
    #[error("tanda tangan lebih besar dari ruang yang disediakan")]
    TooLarge,
    #[error("PDF ini tidak memuat tanda tangan elektronik")]
    NotSigned,
}

/// A PDF with its signature placeholders in place, waiting for the CMS.
pub(crate) struct Prepared {
    bytes: Vec<u8>,
    /// From the `<` to just after the `>` of `/Contents`.
    contents: Range<usize>,
}

impl Prepared {
    /// SHA-256 over everything but the `/Contents` value: what the signature covers.
    pub(crate) fn digest(&self) -> [u8; 32] {
        let mut hasher = Sha256::new();
        hasher.update(&self.bytes[..self.contents.start]);
        hasher.update(&self.bytes[self.contents.end..]);
        hasher.finalize().into()
    }

    pub(crate) fn embed(mut self, cms: &[u8]) -> Result<Vec<u8>, PdfError> {
        if cms.len() > RESERVED {
            return Err(PdfError::TooLarge);
        }
        let hex = hex::encode_upper(cms);
        let at = self.contents.start + 1;
        self.bytes[at..at + hex.len()].copy_from_slice(hex.as_bytes());
        Ok(self.bytes)
    }
}

/// The original `pdf` with the signature's incremental update appended, `/Contents` zeroed.
pub(crate) fn prepare(pdf: &[u8], signer: &str, meta: &SignatureMeta) -> Result<Prepared, PdfError> {
    let document = Document::read(pdf)?;
    let catalog = document.object(document.root)?;
    let catalog_entries = catalog.obj.dict().ok_or(PdfError::Malformed("katalog bukan dictionary"))?;
    if lookup(catalog_entries, "AcroForm").is_some() {
        return Err(PdfError::Unsupported("PDF sudah memiliki formulir atau tanda tangan"));
    }
    let page = document.first_page(catalog_entries)?;
    let page_item = document.object(page)?;
    let page_entries = page_item.obj.dict().ok_or(PdfError::Malformed("halaman bukan dictionary"))?;

    let sig = (document.size, 0);
    let widget = (document.size + 1, 0);
    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets = Vec::new();

    // The signature dictionary.
    offsets.push((sig, out.len()));
    out.extend_from_slice(
        format!("{} 0 obj\n<</Type/Sig/Filter/Adobe.PPKLite/SubFilter/adbe.pkcs7.detached/ByteRange ", sig.0)
            .as_bytes(),
    );
    let byte_range_at = out.len();
    out.extend_from_slice(byte_range(0, 0, 0).as_bytes());
    out.extend_from_slice(b"/Contents ");
    let contents_start = out.len();
    out.push(b'<');
    out.resize(out.len() + RESERVED * 2, b'0');
    out.push(b'>');
    let contents_end = out.len();
    let when = meta.time.format("D:%Y%m%d%H%M%S%:z").to_string().replace(':', "'") + "'";
    out.extend_from_slice(
        format!(
            "/M ({when})/Name {}/Reason {}/Location {}>>\nendobj\n",
            text_string(signer),
            text_string(&meta.reason),
            text_string(&meta.location)
        )
        .as_bytes(),
    );

    // The invisible widget that makes the signature a form field on the first page.
    offsets.push((widget, out.len()));
    out.extend_from_slice(
        format!(
            "{} 0 obj\n<</Type/Annot/Subtype/Widget/FT/Sig/T {}/V {} 0 R/P {} {} R/Rect [0 0 0 0]/F 132>>\nendobj\n",
            widget.0,
            text_string("Tanda Tangan Elektronik"),
            sig.0,
            page.0,
            page.1
        )
        .as_bytes(),
    );

    // The first page with the widget among its annotations.
    let mut annots = b"[".to_vec();
    if let Some(existing) = lookup(page_entries, "Annots") {
        let array = match &existing.obj {
            Obj::Ref(n, g) => document.object((*n, *g))?,
            _ => existing.clone(),
        };
        let Obj::Array(items) = &array.obj else {
            return Err(PdfError::Malformed("/Annots bukan array"));
        };
        for item in items {
            annots.extend_from_slice(&pdf[item.span.clone()]);
            annots.push(b' ');
        }
    }
    annots.extend_from_slice(format!("{} 0 R]", widget.0).as_bytes());
    offsets.push((page, out.len()));
    write_object(&mut out, page, &document.rewrite(&page_item, &[("Annots", annots)]));

    // The catalog with the signature form.
    let acro_form = format!("<</Fields [{} 0 R]/SigFlags 3>>", widget.0).into_bytes();
    offsets.push((document.root, out.len()));
    write_object(&mut out, document.root, &document.rewrite(&catalog, &[("AcroForm", acro_form)]));

    // The new xref section and trailer.
    let xref_at = out.len();
    offsets.sort();
    out.extend_from_slice(b"xref\n");
    for ((number, generation), offset) in &offsets {
        out.extend_from_slice(format!("{number} 1\n{offset:010} {generation:05} n \n").as_bytes());
    }
    out.extend_from_slice(
        format!("trailer\n<</Size {}/Root {} {} R", document.size + 2, document.root.0, document.root.1).as_bytes(),
    );
    for key in ["Info", "ID"] {
        if let Some(value) = lookup(&document.trailer, key) {
            out.extend_from_slice(format!("/{key} ").as_bytes());
            out.extend_from_slice(&pdf[value.span.clone()]);
        }
    }
    out.extend_from_slice(format!("/Prev {}>>\nstartxref\n{xref_at}\n%%EOF\n", document.startxref).as_bytes());

    let total = out.len();
    let range = byte_range(contents_start, contents_end, total - contents_end);
    out[byte_range_at..byte_range_at + range.len()].copy_from_slice(range.as_bytes());
    Ok(Prepared { bytes: out, contents: contents_start..contents_end })
}

/// `[0 a b c]` padded to a fixed width, so filling it in moves nothing.
fn byte_range(a: usize, b: usize, c: usize) -> String {
    let w = BYTE_RANGE_WIDTH;
    format!("[0 {a:<w$} {b:<w$} {c:<w$}]")
}

/// A PDF text string in UTF-16BE with a byte-order mark, hex-encoded: any name survives intact.
fn text_string(text: &str) -> String {
    let mut hex = String::from("<FEFF");
    for unit in text.encode_utf16() {
        hex.push_str(&format!("{unit:04X}"));
    }
    hex.push('>');
    hex
}

fn write_object(out: &mut Vec<u8>, (number, generation): (u32, u16), body: &[u8]) {
    out.extend_from_slice(format!("{number} {generation} obj\n").as_bytes());
    out.extend_from_slice(body);
    out.extend_from_slice(b"\nendobj\n");
}

pub(crate) fn lookup<'a>(entries: &'a [(String, Item)], key: &str) -> Option<&'a Item> {
    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// What we need of an existing PDF: where its objects are and what its trailer says.
struct Document<'a> {
    bytes: &'a [u8],
    offsets: HashMap<u32, (u16, usize)>,
    trailer: Vec<(String, Item)>,
    startxref: usize,
    size: u32,
    root: (u32, u16),
}

impl<'a> Document<'a> {
    fn read(bytes: &'a [u8]) -> Result<Self, PdfError> {
        if !bytes.starts_with(b"%PDF-") {
            return Err(PdfError::Malformed("tidak diawali %PDF-"));
        }
        let startxref = last_startxref(bytes)?;
        let mut offsets = HashMap::new();
        let mut trailer = None;
        let mut next = Some(startxref);
        let mut sections = 0;
        while let Some(at) = next {
            sections += 1;
            if sections > 64 || at >= bytes.len() {
                return Err(PdfError::Malformed("rantai xref rusak"));
            }
            let (entries, dict) = read_xref(bytes, at)?;
            for (number, entry) in entries {
                offsets.entry(number).or_insert(entry);
            }
            next = match lookup(&dict, "Prev").map(|item| &item.obj) {
                Some(Obj::Int(prev)) => Some(usize::try_from(*prev).map_err(|_| PdfError::Malformed("/Prev"))?),
                _ => None,
            };
            trailer.get_or_insert(dict);
        }
        let trailer = trailer.ok_or(PdfError::Malformed("tanpa trailer"))?;
        let size = match lookup(&trailer, "Size").map(|i| &i.obj) {
            Some(Obj::Int(n)) => u32::try_from(*n).map_err(|_| PdfError::Malformed("/Size"))?,
            _ => return Err(PdfError::Malformed("trailer tanpa /Size")),
        };
        let root = match lookup(&trailer, "Root").map(|i| &i.obj) {
            Some(Obj::Ref(n, g)) => (*n, *g),
            _ => return Err(PdfError::Malformed("trailer tanpa /Root")),
        };
        Ok(Document { bytes, offsets, trailer, startxref, size, root })
    }

    /// The value of indirect object `(number, generation)`.
    fn object(&self, (number, generation): (u32, u16)) -> Result<Item, PdfError> {
        let &(stored_generation, offset) =
            self.offsets.get(&number).ok_or(PdfError::Malformed("objek tidak ada di xref"))?;
        if stored_generation != generation {
            return Err(PdfError::Malformed("generasi objek tidak cocok"));
        }
        let mut lexer = Lexer::new(self.bytes, offset);
        let (n, g) = (lexer.integer()?, lexer.integer()?);
        if n != i64::from(number) || g != i64::from(generation) || !lexer.keyword(b"obj") {
            return Err(PdfError::Malformed("offset objek salah"));
        }
        lexer.value()
    }

    fn first_page(&self, catalog: &[(String, Item)]) -> Result<(u32, u16), PdfError> {
        let mut node = match lookup(catalog, "Pages").map(|i| &i.obj) {
            Some(Obj::Ref(n, g)) => (*n, *g),
            _ => return Err(PdfError::Malformed("katalog tanpa /Pages")),
        };
        for _ in 0..32 {
            let item = self.object(node)?;
            let entries = item.obj.dict().ok_or(PdfError::Malformed("pohon halaman"))?;
            match lookup(entries, "Kids").map(|i| &i.obj) {
                None => return Ok(node),
                Some(Obj::Array(kids)) => match kids.first().map(|k| &k.obj) {
                    Some(Obj::Ref(n, g)) => node = (*n, *g),
                    _ => return Err(PdfError::Malformed("dokumen tanpa halaman")),
                },
                Some(_) => return Err(PdfError::Unsupported("/Kids tidak langsung")),
            }
        }
        Err(PdfError::Malformed("pohon halaman terlalu dalam"))
    }

    /// The dictionary `item` with `changes` replacing (or adding) entries; everything else copied
    /// byte for byte.
    fn rewrite(&self, item: &Item, changes: &[(&str, Vec<u8>)]) -> Vec<u8> {
        let mut out = b"<<".to_vec();
        for (key, value) in item.obj.dict().unwrap_or(&[]) {
            if changes.iter().any(|(k, _)| k == key) {
                continue;
            }
            out.push(b'/');
            out.extend_from_slice(key.as_bytes());
            out.push(b' ');
            out.extend_from_slice(&self.bytes[value.span.clone()]);
        }
        for (key, value) in changes {
            out.push(b'/');
            out.extend_from_slice(key.as_bytes());
            out.push(b' ');
            out.extend_from_slice(value);
        }
        out.extend_from_slice(b">>");
        out
    }
}

fn last_startxref(bytes: &[u8]) -> Result<usize, PdfError> {
    let tail_from = bytes.len().saturating_sub(2048);
    let at = rfind(&bytes[tail_from..], b"startxref").ok_or(PdfError::Malformed("tanpa startxref"))? + tail_from;
    let mut lexer = Lexer::new(bytes, at + b"startxref".len());
    usize::try_from(lexer.integer()?).map_err(|_| PdfError::Malformed("startxref"))
}

type XrefEntries = Vec<(u32, (u16, usize))>;

fn read_xref(bytes: &[u8], at: usize) -> Result<(XrefEntries, Vec<(String, Item)>), PdfError> {
    let mut lexer = Lexer::new(bytes, at);
    if !lexer.keyword(b"xref") {
        return Err(PdfError::Unsupported("xref stream"));
    }
    let mut entries = Vec::new();
    loop {
        if lexer.keyword(b"trailer") {
            break;
        }
        let first = lexer.integer()?;
        let count = lexer.integer()?;
        if first < 0 || !(0..=10_000_000).contains(&count) {
            return Err(PdfError::Malformed("subbagian xref"));
        }
        for i in 0..count {
            let offset = lexer.integer()?;
            let generation = lexer.integer()?;
            let in_use = lexer.keyword(b"n");
            if !in_use && !lexer.keyword(b"f") {
                return Err(PdfError::Malformed("entri xref"));
            }
            if in_use {
                let number = u32::try_from(first + i).map_err(|_| PdfError::Malformed("nomor objek"))?;
                let generation = u16::try_from(generation).map_err(|_| PdfError::Malformed("generasi"))?;
                let offset = usize::try_from(offset).map_err(|_| PdfError::Malformed("offset"))?;
                entries.push((number, (generation, offset)));
            }
        }
    }
    let trailer = lexer.value()?;
    match trailer.obj {
        Obj::Dict(entries_) => Ok((entries, entries_)),
        _ => Err(PdfError::Malformed("trailer bukan dictionary")),
    }
}

pub(crate) fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}
