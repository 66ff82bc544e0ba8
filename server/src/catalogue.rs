//! The letter types on offer: loaded from `letter-templates/` at start-up and checked there,
//! so a broken template stops the server instead of failing a resident's request.

use crate::letters::{self, TemplateSet};
use anyhow::Context;
use app::model::{AttachmentSpec, FieldKind, FieldSpec, LetterTypeInfo};
use domain::Route;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

pub struct Catalogue {
    infos: Vec<LetterTypeInfo>,
    by_code: HashMap<String, usize>,
    classifications: HashMap<String, String>,
    templates: Arc<TemplateSet>,
}

impl Catalogue {
    pub fn load(dir: &Path) -> anyhow::Result<Catalogue> {
        let templates = TemplateSet::load(dir).map_err(|e| anyhow::anyhow!("templat surat tidak valid: {e}"))?;
        let mut infos = Vec::new();
        let mut classifications = HashMap::new();
        for m in templates.manifests() {
            classifications.insert(m.code.clone(), m.classification.clone());
            infos.push(info(m));
        }
        infos.sort_by(|a, b| a.title.cmp(&b.title));
        let by_code = infos.iter().enumerate().map(|(i, t)| (t.code.clone(), i)).collect();
        Ok(Catalogue { infos, by_code, classifications, templates: Arc::new(templates) })
    }

    pub fn infos(&self) -> &[LetterTypeInfo] {
        &self.infos
    }

    pub fn info(&self, code: &str) -> Option<&LetterTypeInfo> {
        self.by_code.get(code).map(|i| &self.infos[*i])
    }

    pub fn title<'a>(&'a self, code: &'a str) -> &'a str {
        self.info(code).map(|i| i.title.as_str()).unwrap_or(code)
    }

    pub fn classification(&self, code: &str) -> Option<&str> {
        self.classifications.get(code).map(String::as_str)
    }

    /// Renders a letter to PDF on the blocking pool (typst is CPU-bound).
    pub async fn render(&self, code: &str, data: serde_json::Value) -> anyhow::Result<Vec<u8>> {
        let templates = self.templates.clone();
        let code = code.to_string();
        tokio::task::spawn_blocking(move || {
            templates.render(&code, &data).map_err(|e| anyhow::anyhow!("render {code}: {e}"))
        })
        .await
        .context("render task failed")?
    }
}

fn info(m: &letters::Manifest) -> LetterTypeInfo {
    let route = match m.route {
        letters::Route::Kelurahan => Route::Kelurahan,
        letters::Route::Kecamatan => Route::Kecamatan,
    };
    let fields = m
        .fields
        .iter()
        .map(|f| {
            let kind = match f.kind {
                letters::FieldKind::Text => FieldKind::Text,
                letters::FieldKind::LongText => FieldKind::LongText,
                letters::FieldKind::Date => FieldKind::Date,
            };
            FieldSpec {
                name: f.name.clone(),
                label: f.label.clone(),
                kind,
                required: f.required,
                max_len: f.max_len,
                help: f.help.clone(),
            }
        })
        .collect();
    let attachments = m
        .attachments
        .iter()
        .map(|a| AttachmentSpec { name: a.name.clone(), label: a.label.clone(), required: a.required })
        .collect();
    LetterTypeInfo {
        code: m.code.clone(),
        title: m.title.clone(),
        description: m.description.clone(),
        route,
        validity_days: m.validity_days,
        fields,
        attachments,
    }
}
