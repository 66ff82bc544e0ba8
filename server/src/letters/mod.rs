//! Letter templates (`letter-templates/<code>/letter.toml` + `letter.typ`, shared typst in
//! `_lib/`, optional fonts in `_fonts/`) and their rendering to PDF with typst.
//!
//! Templates read the letter's data as JSON from `/data.json`; user text is never pasted into
//! markup, so `#panic()` or `*x*` in a field prints literally.

mod manifest;
mod world;

pub use manifest::{Attachment, Field, FieldKind, Manifest, Route};

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
    #[error("jenis surat tidak dikenal: {0}")]
    UnknownLetter(String),
    #[error("{0}")]
    Template(TemplateError),
    #[error("kode QR tidak dapat dibuat: {0}")]
    Qr(String),
}

struct Template {
    manifest: Manifest,
    main: FileId,
}

/// Every letter type, checked, with a shared typst engine. `Send + Sync`: render from any thread.
pub struct TemplateSet {
    engine: Engine,
    templates: Vec<Template>,
}

impl TemplateSet {
    /// Loads every folder of `dir` (except those starting with `_` or `.`) and compiles each
    /// template once with sample data. The first problem is returned with its file and line.
    pub fn load(dir: &Path) -> Result<TemplateSet, TemplateError> {
        let err = |file: &Path, message: String| TemplateError {
            file: file.to_path_buf(),
            line: None,
            column: None,
            message,
        };
        let entries =
            std::fs::read_dir(dir).map_err(|e| err(dir, format!("folder templat tidak dapat dibaca: {e}")))?;
        let mut folders: Vec<PathBuf> =
            entries.filter_map(|e| e.ok()).map(|e| e.path()).filter(|p| p.is_dir()).collect();
        folders.sort();
        let mut engine = Engine::new(read_fonts(&dir.join("_fonts")));
        let lib = dir.join("_lib");
        if let Ok(files) = std::fs::read_dir(&lib) {
            for f in files.filter_map(|e| e.ok()).map(|e| e.path()) {
                let name = f.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
                let vpath = format!("/_lib/{name}");
                if name.ends_with(".typ") {
                    let text = std::fs::read_to_string(&f).map_err(|e| err(&f, format!("tidak dapat dibaca: {e}")))?;
                    engine.add_source(&vpath, text, f.clone());
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
            let manifest_path = folder.join("letter.toml");
            let text = std::fs::read_to_string(&manifest_path)
                .map_err(|e| err(&manifest_path, format!("tidak dapat dibaca: {e}")))?;
            let manifest: Manifest = toml::from_str(&text).map_err(|e| {
                let (line, column) = e.span().map(|s| line_col(&text, s.start)).unzip();
                TemplateError {
                    file: manifest_path.clone(),
                    line,
                    column,
                    message: format!("manifes tidak valid: {}", e.message()),
                }
            })?;
            manifest.check(&name).map_err(|m| err(&manifest_path, m))?;
            // Templates may read their own manifest with `toml("letter.toml")`.
            engine.add_file(&format!("/{name}/letter.toml"), text.into_bytes(), manifest_path.clone());
            let typ_path = folder.join("letter.typ");
            let source =
                std::fs::read_to_string(&typ_path).map_err(|e| err(&typ_path, format!("tidak dapat dibaca: {e}")))?;
            let main = engine.add_source(&format!("/{name}/letter.typ"), source, typ_path);
            templates.push(Template { manifest, main });
        }
        if templates.is_empty() {
            return Err(err(dir, "tidak ada satu pun jenis surat".into()));
        }
        let set = TemplateSet { engine, templates };
        for t in &set.templates {
            set.compile(t, &sample_data(&t.manifest)).map_err(|e| match e {
                RenderError::Template(t) => t,
                other => err(dir, other.to_string()),
            })?;
        }
        Ok(set)
    }

    pub fn manifests(&self) -> impl Iterator<Item = &Manifest> {
        self.templates.iter().map(|t| &t.manifest)
    }

    /// Renders a letter to PDF bytes.
    pub fn render(&self, code: &str, data: &serde_json::Value) -> Result<Vec<u8>, RenderError> {
        let t = self
            .templates
            .iter()
            .find(|t| t.manifest.code == code)
            .ok_or_else(|| RenderError::UnknownLetter(code.into()))?;
        let doc = self.compile(t, data);
        let pdf = doc.and_then(|doc| {
            let ident = data.pointer("/letter/verify_url").and_then(|v| v.as_str()).unwrap_or(code).to_string();
            let options = typst_pdf::PdfOptions { ident: Smart::Custom(ident), ..Default::default() };
            typst_pdf::pdf(&doc, &options).map_err(|d| RenderError::Template(self.diagnostic(&d)))
        });
        // typst's memoization cache grows without bound unless evicted.
        comemo::evict(10);
        pdf
    }

    /// The plain text of a rendered letter (for tests and previews).
    pub fn render_text(&self, code: &str, data: &serde_json::Value) -> Result<String, RenderError> {
        let t = self
            .templates
            .iter()
            .find(|t| t.manifest.code == code)
            .ok_or_else(|| RenderError::UnknownLetter(code.into()))?;
        let doc = self.compile(t, data)?;
        let mut out = String::new();
        for page in doc.pages() {
            frame_text(&page.frame, &mut out);
        }
        comemo::evict(10);
        Ok(out)
    }

    fn compile(&self, t: &Template, data: &serde_json::Value) -> Result<PagedDocument, RenderError> {
        let url = data.pointer("/letter/verify_url").and_then(|v| v.as_str()).unwrap_or("");
        let world = RenderWorld {
            engine: &self.engine,
            main: t.main,
            data: Bytes::new(serde_json::to_vec(data).unwrap_or_default()),
            qr: Bytes::from_string(qr_svg(url)?),
            today: data.pointer("/letter/date").and_then(|v| v.as_str()).and_then(parse_date),
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

fn parse_date(s: &str) -> Option<Datetime> {
    let d = chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    Datetime::from_ymd(d.year(), d.month() as u8, d.day() as u8)
}

fn qr_svg(url: &str) -> Result<String, RenderError> {
    let code = qrcode::QrCode::with_error_correction_level(url.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| RenderError::Qr(e.to_string()))?;
    Ok(code.render::<qrcode::render::svg::Color<'_>>().min_dimensions(200, 200).build())
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

/// Data shaped like a real letter's, with every field of the manifest filled in.
pub fn sample_data(m: &Manifest) -> serde_json::Value {
    let kelurahan = (m.route == Route::Kelurahan).then_some("KELURAHAN OEBOBO");
    serde_json::json!({
        "paper": "a4",
        "office": { "kota": "KOTA KUPANG", "kecamatan": "KECAMATAN OEBOBO", "kelurahan": kelurahan,
                    "address": "Jl. Frans Seda No. 1, Kupang 85111", "place": "Kupang" },
        "letter": { "title": m.title.to_uppercase(), "number": format!("{}/001/KEL-OBB/XI/2026", m.classification),
                    "date": "2026-11-23", "verify_url": "http://127.0.0.1:3000/v/00000000-0000-4000-8000-000000000000" },
        "resident": { "nik": "5371045505900001", "no_kk": "5371040101150001", "nama": "MARIA GORETI LENDE",
                      "tempat_lahir": "KUPANG", "tanggal_lahir": "1990-05-15", "jenis_kelamin": "PEREMPUAN",
                      "agama": "KATHOLIK", "status_perkawinan": "KAWIN", "pekerjaan": "WIRASWASTA",
                      "kewarganegaraan": "WNI", "alamat": "Jl. Frans Seda No. 12", "rt": "003", "rw": "001",
                      "kelurahan": "Oebobo", "kecamatan": "Oebobo", "kota": "Kota Kupang",
                      "hubungan_keluarga": "ISTRI", "nama_ibu": "KATARINA NDUN" },
        "fields": m.sample_fields(),
        "signer": { "name": "Yeskiel Loudoe", "nip": "19700101 199503 1 001", "position": "Lurah Oebobo", "on_behalf": null },
        "approval": (m.route == Route::Kecamatan).then(|| serde_json::json!({
            "name": "Adriana Ludji", "nip": "19750505 200003 2 002", "position": "Lurah Oebobo" })),
    })
}

#[cfg(test)]
mod tests;
