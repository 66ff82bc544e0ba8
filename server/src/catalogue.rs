//! The letter types on offer: loaded from `letter-templates/` at start-up and checked there,
//! so a broken template stops the server instead of failing a resident's request.

use anyhow::Context;
use app::model::LetterTypeInfo;
use letters::{Emblem, Manifest, TemplateSet};
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

pub struct Catalogue {
    infos: Vec<LetterTypeInfo>,
    by_code: HashMap<String, usize>,
    manifests: HashMap<String, Manifest>,
    templates: Arc<TemplateSet>,
}

impl Catalogue {
    /// Loads and checks every template; the error lists every problem with its file and line.
    pub fn load(dir: &Path, max_upload_bytes: u64) -> anyhow::Result<Catalogue> {
        let templates = TemplateSet::load(dir).map_err(|e| anyhow::anyhow!("templat surat tidak valid:\n{e}"))?;
        let mut infos = Vec::new();
        let mut manifests = HashMap::new();
        for m in templates.manifests() {
            manifests.insert(m.code.clone(), m.clone());
            infos.push(info(m, max_upload_bytes));
        }
        infos.sort_by(|a, b| a.title.cmp(&b.title));
        let by_code = infos.iter().enumerate().map(|(i, t)| (t.code.clone(), i)).collect();
        Ok(Catalogue { infos, by_code, manifests, templates: Arc::new(templates) })
    }

    pub fn infos(&self) -> &[LetterTypeInfo] {
        &self.infos
    }

    pub fn info(&self, code: &str) -> Option<&LetterTypeInfo> {
        self.by_code.get(code).map(|i| &self.infos[*i])
    }

    pub fn manifest(&self, code: &str) -> Option<&Manifest> {
        self.manifests.get(code)
    }

    pub fn title<'a>(&'a self, code: &'a str) -> &'a str {
        self.info(code).map(|i| i.title.as_str()).unwrap_or(code)
    }

    pub fn classification(&self, code: &str) -> Option<&str> {
        self.manifests.get(code).map(|m| m.classification.as_str())
    }

    /// Renders a letter to PDF on the blocking pool (typst is CPU-bound).
    pub async fn render(&self, code: &str, data: serde_json::Value, emblem: Option<Emblem>) -> anyhow::Result<Vec<u8>> {
        let templates = self.templates.clone();
        let code = code.to_string();
        tokio::task::spawn_blocking(move || {
            templates.render(&code, &data, emblem.as_ref()).map_err(|e| anyhow::anyhow!("render {code}: {e}"))
        })
        .await
        .context("render task failed")?
    }

    /// Renders any letter type's sample with an office's layout settings, to check that they
    /// work (e.g. a new emblem) before they are saved.
    pub async fn render_sample(
        &self,
        office: serde_json::Value,
        paper: &str,
        margins: serde_json::Value,
        emblem: Option<Emblem>,
    ) -> anyhow::Result<Vec<u8>> {
        let m = self.infos.first().and_then(|i| self.manifests.get(&i.code)).context("no letter types")?;
        let mut data = letters::sample_data(m);
        data["paper"] = paper.into();
        data["margins"] = margins;
        for (k, v) in office.as_object().into_iter().flatten() {
            data["office"][k] = v.clone();
        }
        self.render(&m.code, data, emblem).await
    }
}

fn info(m: &Manifest, max_upload_bytes: u64) -> LetterTypeInfo {
    LetterTypeInfo {
        code: m.code.clone(),
        title: m.title.clone(),
        description: m.description.clone(),
        route: m.route,
        validity_days: m.validity_days,
        service_days: m.service_days,
        requirements: m.requirements.clone(),
        fields: m.fields.clone(),
        attachments: m.attachments.clone(),
        max_upload_bytes,
    }
}
