//! TEMPORARY: replaced by the typst renderer module.
use serde::Deserialize;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
pub struct Field { pub name: String, pub label: String, pub kind: String, #[serde(default)] pub required: bool, pub max_len: Option<u32>, pub help: Option<String> }
#[derive(Debug, Clone, Deserialize)]
pub struct Attachment { pub name: String, pub label: String, #[serde(default)] pub required: bool }
#[derive(Debug, Clone, Deserialize)]
pub struct Manifest { pub code: String, pub title: String, pub classification: String, pub route: String, pub validity_days: u32, pub description: String, #[serde(default)] pub fields: Vec<Field>, #[serde(default)] pub attachments: Vec<Attachment> }
pub struct TemplateSet { pub manifests: Vec<Manifest> }
impl TemplateSet {
    pub fn load(_dir: &Path) -> anyhow::Result<TemplateSet> { Ok(TemplateSet { manifests: vec![] }) }
    pub fn manifests(&self) -> impl Iterator<Item = &Manifest> { self.manifests.iter() }
    pub fn render(&self, _code: &str, _data: &serde_json::Value) -> anyhow::Result<Vec<u8>> { Ok(b"%PDF-1.7".to_vec()) }
}
