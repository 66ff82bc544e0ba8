//! Letter templates (`letter-templates/<code>/letter.toml` + `letter.typ`, shared typst in
//! `_lib/`, optional fonts in `_fonts/`) and their rendering to PDF with typst.
//!
//! Templates read the letter's data as JSON from `/data.json`; user text is never pasted into
//! markup, so `#panic()` or `*x*` in a field prints literally.

mod data;
mod manifest;
mod world;

pub use data::{
    ApprovalData, Layout, LetterData, LetterInfo, Margins, OfficeData, PersonData, Persons, SignerData, sample_data,
    sample_person, sample_values, template_fields,
};
pub use manifest::Manifest;

use std::fmt;
use std::path::{Path, PathBuf};
use typst::WorldExt;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Bytes, Datetime, Smart};
use typst::syntax::FileId;
use typst_layout::PagedDocument;
use world::{Engine, RenderWorld};

/// A problem in a template, with the file (and line and column when known).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file.display())?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
            if let Some(col) = self.column {
                write!(f, ":{col}")?;
            }
        }
        write!(f, ": {}", self.message)
    }
}

impl std::error::Error for TemplateError {}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("gambar lambang harus berupa PNG atau JPEG")]
    BadEmblem,
    #[error("jenis surat tidak dikenal: {0}")]
    UnknownLetter(String),
    #[error("{0}")]
    Template(TemplateError),
    #[error("kode QR tidak dapat dibuat: {0}")]
    Qr(String),
}

/// An office's emblem image for the kop surat.
#[derive(Clone)]
pub struct Emblem {
    bytes: Bytes,
    png: bool,
}

impl Emblem {
    /// Accepts PNG and JPEG, decided from the bytes.
    pub fn new(bytes: Vec<u8>) -> Result<Emblem, RenderError> {
        match domain::FileType::sniff(&bytes) {
            Some(domain::FileType::Png) => Ok(Emblem { bytes: Bytes::new(bytes), png: true }),
            Some(domain::FileType::Jpeg) => Ok(Emblem { bytes: Bytes::new(bytes), png: false }),
            _ => Err(RenderError::BadEmblem),
        }
    }
    /// Where templates find it; `office.emblem` in the data must name this path.
    pub fn path(&self) -> &'static str {
        if self.png { "/emblem.png" } else { "/emblem.jpg" }
    }
}

struct Template {
    manifest: Manifest,
    main: FileId,
}

/// Every problem found while loading templates, one per line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadErrors(pub Vec<TemplateError>);

impl fmt::Display for LoadErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadErrors {}

/// Every letter type, checked, with a shared typst engine. `Send + Sync`: render from any thread.
pub struct TemplateSet {
    engine: Engine,
    templates: Vec<Template>,
}

/// typst memoizes its work (parsed and evaluated modules, laid-out parts, fonts' glyphs) in one
/// process-wide cache. After every render each entry grows one render older and those unused
/// for this many renders go: what every letter shares stays warm across all letter types,
/// what one letter alone needed (its data, QR code, pages) goes soon after, so memory stays
/// bounded. `SERAMBI_TYPST_CACHE_AGE` overrides it (for benchmarks).
pub const CACHE_AGE: usize = 10;

fn cache_age() -> usize {
    static AGE: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *AGE.get_or_init(|| std::env::var("SERAMBI_TYPST_CACHE_AGE").ok().and_then(|v| v.parse().ok()).unwrap_or(CACHE_AGE))
}

/// One render done: entries unused for [`cache_age`] renders go.
fn evict() {
    comemo::evict(cache_age());
}

fn plain(file: &Path, message: String) -> TemplateError {
    TemplateError { file: file.to_path_buf(), line: None, column: None, message }
}

impl TemplateSet {
    /// Loads every folder of `dir` (except those starting with `_` or `.`) and compiles each
    /// template with sample data. Every problem is reported, with its file and line.
    pub fn load(dir: &Path) -> Result<TemplateSet, LoadErrors> {
        let mut errors = Vec::new();
        let entries = std::fs::read_dir(dir)
            .map_err(|e| LoadErrors(vec![plain(dir, format!("folder templat tidak dapat dibaca: {e}"))]))?;
        let mut folders: Vec<PathBuf> =
            entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect();
        folders.sort();
        let mut engine = Engine::new(read_fonts(&dir.join("_fonts")));
        let lib = dir.join("_lib");
        if let Ok(files) = std::fs::read_dir(&lib) {
            let mut files: Vec<PathBuf> = files.filter_map(|e| e.ok()).map(|e| e.path()).collect();
            files.sort();
            for f in files {
                let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
                let vpath = format!("/_lib/{name}");
                if name.ends_with(".typ") {
                    match std::fs::read_to_string(&f) {
                        Ok(text) => {
                            engine.add_source(&vpath, text, f.clone());
                        }
                        Err(e) => errors.push(plain(&f, format!("tidak dapat dibaca: {e}"))),
                    }
                } else if let Ok(bytes) = std::fs::read(&f) {
                    engine.add_file(&vpath, bytes, f.clone());
                }
            }
        }
        let mut templates = Vec::new();
        for folder in folders {
            let name = folder.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
            if name.starts_with('_') || name.starts_with('.') {
                continue;
            }
            match load_one(&mut engine, &folder, &name) {
                Ok(t) => templates.push(t),
                Err(mut e) => errors.append(&mut e),
            }
        }
        if templates.is_empty() && errors.is_empty() {
            errors.push(plain(dir, "tidak ada satu pun jenis surat".into()));
        }
        let set = TemplateSet { engine, templates };
        for t in &set.templates {
            if let Err(e) = set.compile(t, &sample_data(&t.manifest), None) {
                errors.push(match e {
                    RenderError::Template(t) => t,
                    other => plain(dir, other.to_string()),
                });
            }
        }
        comemo::evict(0);
        if errors.is_empty() { Ok(set) } else { Err(LoadErrors(errors)) }
    }

    pub fn manifests(&self) -> impl Iterator<Item = &Manifest> {
        self.templates.iter().map(|t| &t.manifest)
    }

    /// Renders a letter to PDF bytes. `emblem` is the office's emblem image (PNG or JPEG),
    /// which the template sees as `office.emblem` when the data names it.
    pub fn render(&self, code: &str, data: &LetterData, emblem: Option<&Emblem>) -> Result<Vec<u8>, RenderError> {
        let t = self.template(code)?;
        let doc = self.compile(t, data, emblem);
        let pdf = doc.and_then(|doc| {
            let url = &data.letter.verify_url;
            let ident = if url.is_empty() { code.to_string() } else { url.clone() };
            let options = typst_pdf::PdfOptions {
                ident: Smart::Custom(ident),
                timestamp: to_datetime(data.letter.date).map(typst_pdf::Timestamp::new_utc),
                ..Default::default()
            };
            typst_pdf::pdf(&doc, &options).map_err(|d| RenderError::Template(self.diagnostic(&d)))
        });
        // typst's memoization cache grows without bound unless evicted.
        evict();
        pdf
    }

    /// Renders a document that is not a letter (e.g. a resident's own data) from a typst file
    /// of `_lib` (`main`, e.g. `/_lib/data-saya.typ`), which reads `data` as `/data.json`.
    pub fn render_document(&self, main: &str, data: &serde_json::Value) -> Result<Vec<u8>, RenderError> {
        let id = world::file_id(main);
        if self.engine.source(id).is_none() {
            return Err(RenderError::UnknownLetter(main.into()));
        }
        let world = RenderWorld {
            engine: &self.engine,
            main: id,
            data: Bytes::new(serde_json::to_vec(data).unwrap_or_default()),
            qr: None,
            emblem: None,
            today: None,
        };
        let doc = typst::compile::<PagedDocument>(&world)
            .output
            .map_err(|d| RenderError::Template(self.world_diag(&world, &d)));
        let pdf = doc.and_then(|doc| {
            let options = typst_pdf::PdfOptions { ident: Smart::Custom(main.to_string()), ..Default::default() };
            typst_pdf::pdf(&doc, &options).map_err(|d| RenderError::Template(self.diagnostic(&d)))
        });
        evict();
        pdf
    }

    /// The plain text of a rendered letter (for tests and previews).
    pub fn render_text(&self, code: &str, data: &LetterData) -> Result<String, RenderError> {
        let t = self.template(code)?;
        let doc = self.compile(t, data, None);
        evict();
        let doc = doc?;
        let mut out = String::new();
        for page in doc.pages() {
            frame_text(&page.frame, &mut out);
        }
        Ok(out)
    }

    /// How many pages a letter takes.
    pub fn page_count(&self, code: &str, data: &LetterData) -> Result<usize, RenderError> {
        let t = self.template(code)?;
        let doc = self.compile(t, data, None);
        evict();
        Ok(doc?.pages().len())
    }

    fn template(&self, code: &str) -> Result<&Template, RenderError> {
        self.templates.iter().find(|t| t.manifest.code == code).ok_or_else(|| RenderError::UnknownLetter(code.into()))
    }

    fn compile(&self, t: &Template, data: &LetterData, emblem: Option<&Emblem>) -> Result<PagedDocument, RenderError> {
        let url = data.letter.verify_url.as_str();
        let world = RenderWorld {
            engine: &self.engine,
            main: t.main,
            data: Bytes::new(serde_json::to_vec(data).unwrap_or_default()),
            qr: if url.is_empty() { None } else { Some(Qr::new(url)?) },
            emblem: emblem.map(|e| (e.path(), e.bytes.clone())),
            today: to_datetime(data.letter.date),
        };
        typst::compile::<PagedDocument>(&world).output.map_err(|d| RenderError::Template(self.world_diag(&world, &d)))
    }

    fn world_diag(&self, world: &RenderWorld<'_>, diags: &[SourceDiagnostic]) -> TemplateError {
        let Some(d) = diags.first() else {
            return TemplateError {
                file: PathBuf::new(),
                line: None,
                column: None,
                message: "galat tidak dikenal".into(),
            };
        };
        let id = d.span.id();
        let file = id.and_then(|id| self.engine.origins.get(&id).cloned()).unwrap_or_default();
        let pos = match (id.and_then(|id| self.engine.source(id)), world.range(d.span)) {
            (Some(src), Some(range)) => src.lines().byte_to_line_column(range.start),
            _ => None,
        };
        TemplateError {
            file,
            line: pos.map(|(l, _)| l + 1),
            column: pos.map(|(_, c)| c + 1),
            message: d.message.to_string(),
        }
    }

    fn diagnostic(&self, diags: &[SourceDiagnostic]) -> TemplateError {
        let message = diags.first().map(|d| d.message.to_string()).unwrap_or_default();
        TemplateError {
            file: PathBuf::new(),
            line: None,
            column: None,
            message: format!("PDF gagal dibuat: {message}"),
        }
    }
}

fn load_one(engine: &mut Engine, folder: &Path, name: &str) -> Result<Template, Vec<TemplateError>> {
    let manifest_path = folder.join("letter.toml");
    let text = std::fs::read_to_string(&manifest_path)
        .map_err(|e| vec![plain(&manifest_path, format!("tidak dapat dibaca: {e}"))])?;
    let manifest: Manifest = toml::from_str(&text).map_err(|e| {
        let (line, column) = e.span().map(|s| line_col(&text, s.start)).unzip();
        vec![TemplateError {
            file: manifest_path.clone(),
            line,
            column,
            message: format!("manifes tidak valid: {}", e.message()),
        }]
    })?;
    let problems = manifest.check(name);
    if !problems.is_empty() {
        return Err(problems.into_iter().map(|m| plain(&manifest_path, m)).collect());
    }
    // Templates may read their own manifest with `toml("letter.toml")`.
    engine.add_file(&format!("/{name}/letter.toml"), text.into_bytes(), manifest_path.clone());
    let typ_path = folder.join("letter.typ");
    let source =
        std::fs::read_to_string(&typ_path).map_err(|e| vec![plain(&typ_path, format!("tidak dapat dibaca: {e}"))])?;
    let main = engine.add_source(&format!("/{name}/letter.typ"), source, typ_path);
    Ok(Template { manifest, main })
}

fn frame_text(frame: &typst::layout::Frame, out: &mut String) {
    use typst::layout::FrameItem;
    for (_, item) in frame.items() {
        match item {
            FrameItem::Group(g) => frame_text(&g.frame, out),
            FrameItem::Text(t) => {
                out.push_str(t.text.as_str());
                out.push(' ');
            }
            _ => {}
        }
    }
}

fn line_col(text: &str, byte: usize) -> (usize, usize) {
    let before = &text[..byte.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map(|l| l.chars().count()).unwrap_or(0) + 1;
    (line, col)
}

fn to_datetime(d: chrono::NaiveDate) -> Option<Datetime> {
    use chrono::Datelike;
    Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8)
}

/// A letter's verification QR code, drawn on demand in the form the template asks for.
pub struct Qr {
    code: qrcode::QrCode,
    png: std::sync::OnceLock<Bytes>,
    svg: std::sync::OnceLock<Bytes>,
}

/// Modules of white around the code, as the standard asks.
const QUIET_ZONE: usize = 4;

impl Qr {
    pub fn new(url: &str) -> Result<Qr, RenderError> {
        let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
            .map_err(|e| RenderError::Qr(e.to_string()))?;
        Ok(Qr { code, png: Default::default(), svg: Default::default() })
    }

    /// One pixel per module with the quiet zone, 1 bit per pixel (a few hundred bytes):
    /// templates show it with `scaling: "pixelated"`, sharp at any size. Drawing the same code
    /// as an SVG of hundreds of squares costs typst a third of the whole letter.
    pub fn png(&self) -> Bytes {
        self.png.get_or_init(|| Bytes::new(qr_png(&self.code))).clone()
    }

    /// The same as SVG, for templates written before the PNG.
    pub fn svg(&self) -> Bytes {
        self.svg
            .get_or_init(|| {
                Bytes::from_string(
                    self.code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(200, 200).build(),
                )
            })
            .clone()
    }
}

fn qr_png(code: &qrcode::QrCode) -> Vec<u8> {
    let width = code.width();
    let size = width + 2 * QUIET_ZONE;
    let row = size.div_ceil(8);
    // Grayscale, 1 bit: 1 is white.
    let mut pixels = vec![0xFFu8; row * size];
    for (i, color) in code.to_colors().into_iter().enumerate() {
        if color == qrcode::Color::Dark {
            let (x, y) = (i % width + QUIET_ZONE, i / width + QUIET_ZONE);
            pixels[y * row + x / 8] &= !(0x80 >> (x % 8));
        }
    }
    let mut out = Vec::with_capacity(256 + pixels.len());
    let mut encoder = png::Encoder::new(&mut out, size as u32, size as u32);
    encoder.set_color(png::ColorType::Grayscale);
    encoder.set_depth(png::BitDepth::One);
    // Writing to memory cannot fail.
    let mut writer = encoder.write_header().expect("PNG header in memory");
    writer.write_image_data(&pixels).expect("PNG data in memory");
    writer.finish().expect("PNG end in memory");
    out
}

fn read_fonts(dir: &Path) -> Vec<Vec<u8>> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.extension()
                .and_then(|x| x.to_str())
                .is_some_and(|x| matches!(x.to_lowercase().as_str(), "ttf" | "otf" | "ttc"))
        })
        .filter_map(|p| std::fs::read(p).ok())
        .collect()
}

#[cfg(test)]
mod tests;
