//! The letter types on offer: loaded from `letter-templates/` at start-up and checked there,
//! so a broken template stops the server instead of failing a resident's request. Rendering
//! goes through here, and takes only a typed [`LetterData`].

mod port;

pub use port::info;

use anyhow::Context;
use letters::{Emblem, LetterData, Manifest, TemplateSet};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

pub struct Catalogue {
    /// Sorted by title, as residents see them.
    manifests: Vec<Manifest>,
    by_code: HashMap<String, usize>,
    templates: Arc<TemplateSet>,
    /// The largest attachment accepted, in bytes (a deployment setting).
    pub max_upload_bytes: u64,
    /// Offices' emblems by file key. A key names one upload forever (a new emblem gets a new
    /// key), so a kept emblem is never stale; and the same bytes let typst reuse the decoded image.
    emblems: std::sync::Mutex<HashMap<String, Emblem>>,
}

/// How many emblems are kept (each at most 1 MB; one per office that has one).
const EMBLEMS_KEPT: usize = 200;

impl Catalogue {
    /// Loads and checks every template; the error lists every problem with its file and line.
    pub fn load(dir: &Path, max_upload_bytes: u64) -> anyhow::Result<Catalogue> {
        let templates = TemplateSet::load(dir).map_err(|e| anyhow::anyhow!("templat surat tidak valid:\n{e}"))?;
        let mut manifests: Vec<Manifest> = templates.manifests().cloned().collect();
        manifests.sort_by(|a, b| a.title.cmp(&b.title));
        let by_code = manifests.iter().enumerate().map(|(i, m)| (m.code.clone(), i)).collect();
        Ok(Catalogue {
            manifests,
            by_code,
            templates: Arc::new(templates),
            max_upload_bytes,
            emblems: Default::default(),
        })
    }

    /// The emblem stored under `key`, read from `files` the first time only.
    pub async fn emblem(&self, files: &crate::storage::FileStore, key: &str) -> anyhow::Result<Emblem> {
        if let Some(e) = self.emblems.lock().expect("emblems").get(key) {
            return Ok(e.clone());
        }
        let emblem = Emblem::new(files.get(key).await?.to_vec())?;
        let mut kept = self.emblems.lock().expect("emblems");
        if kept.len() >= EMBLEMS_KEPT {
            kept.clear();
        }
        kept.insert(key.to_string(), emblem.clone());
        Ok(emblem)
    }

    pub fn all(&self) -> &[Manifest] {
        &self.manifests
    }

    pub fn get(&self, code: &str) -> Option<&Manifest> {
        self.by_code.get(code).map(|i| &self.manifests[*i])
    }

    pub fn title<'a>(&'a self, code: &'a str) -> &'a str {
        self.get(code).map(|m| m.title.as_str()).unwrap_or(code)
    }

    pub fn classification(&self, code: &str) -> Option<&str> {
        self.get(code).map(|m| m.classification.as_str())
    }

    /// Renders a letter to PDF on the blocking pool (typst is CPU-bound).
    pub async fn render(&self, code: &str, data: LetterData, emblem: Option<Emblem>) -> anyhow::Result<Vec<u8>> {
        let templates = self.templates.clone();
        let code = code.to_string();
        tokio::task::spawn_blocking(move || {
            templates.render(&code, &data, emblem.as_ref()).map_err(|e| anyhow::anyhow!("render {code}: {e}"))
        })
        .await
        .context("render task failed")?
    }

    /// Renders a document of the templates' `_lib` (not a letter) on the blocking pool.
    pub async fn render_document(&self, main: &'static str, data: serde_json::Value) -> anyhow::Result<Vec<u8>> {
        let templates = self.templates.clone();
        tokio::task::spawn_blocking(move || {
            templates.render_document(main, &data).map_err(|e| anyhow::anyhow!("render {main}: {e}"))
        })
        .await
        .context("render task failed")?
    }

    /// Renders the first letter type's sample with an office's layout (`office`, `paper`,
    /// `margins` of `layout`), to check that they work (e.g. a new emblem) before they are saved.
    pub async fn render_sample(&self, layout: letters::Layout, emblem: Option<Emblem>) -> anyhow::Result<Vec<u8>> {
        let m = self.manifests.first().context("no letter types")?;
        let mut data = letters::sample_data(m);
        data.apply_layout(layout);
        self.render(&m.code, data, emblem).await
    }
}
