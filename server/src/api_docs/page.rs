//! The API page's content, read off the OpenAPI document (so the page says what the document
//! says): operations grouped by tag, each with an example call, and the answers' fields.

use app::api_docs::{ApiDocs, ApiField, ApiGroup, ApiOperation, ApiResponse, ApiSchema};
use serde_json::Value;

/// The page's content for a site at `base` (its public address, for the examples).
pub fn docs(base: &str) -> ApiDocs {
    let doc = serde_json::to_value(super::document()).expect("the OpenAPI document serializes");
    let base = base.trim_end_matches('/');
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let mut groups: Vec<ApiGroup> = doc["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|t| ApiGroup { name: text(&t["name"]), description: text(&t["description"]), operations: Vec::new() })
        .collect();
    for (path, item) in doc["paths"].as_object().into_iter().flatten() {
        for (method, op) in item.as_object().into_iter().flatten() {
            let tag = op["tags"][0].as_str().unwrap_or_default();
            let operation = operation(base, path, method, op);
            match groups.iter_mut().find(|g| g.name == tag) {
                Some(g) => g.operations.push(operation),
                None => {
                    groups.push(ApiGroup { name: tag.into(), description: String::new(), operations: vec![operation] })
                }
            }
        }
    }
    let schemas = doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, s)| ApiSchema { name: name.clone(), description: describe(s), fields: fields(s) })
        .collect();
    ApiDocs {
        title: text(&doc["info"]["title"]),
        version: text(&doc["info"]["version"]),
        description: text(&doc["info"]["description"]),
        groups,
        schemas,
    }
}

fn operation(base: &str, path: &str, method: &str, op: &Value) -> ApiOperation {
    let text = |v: &Value| v.as_str().unwrap_or_default().to_string();
    let parameters: Vec<ApiField> = op["parameters"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| ApiField {
            name: text(&p["name"]),
            kind: format!("{} ({})", kind(&p["schema"]), where_it_goes(p["in"].as_str().unwrap_or_default())),
            required: p["required"].as_bool().unwrap_or(false),
            description: text(&p["description"]),
        })
        .collect();
    let body_type = op["requestBody"]["content"].as_object().and_then(|c| c.iter().next());
    let body = body_type.map(|(ct, c)| format!("{ct}: {}", kind(&c["schema"]))).unwrap_or_default();
    let responses = op["responses"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(status, r)| ApiResponse {
            status: status.clone(),
            description: text(&r["description"]),
            schema: r["content"]
                .as_object()
                .and_then(|c| c.values().next())
                .and_then(|c| c["schema"]["$ref"].as_str())
                .map(|r| r.rsplit('/').next().unwrap_or(r).to_string())
                .unwrap_or_default(),
        })
        .collect();
    ApiOperation {
        method: method.to_uppercase(),
        path: path.to_string(),
        summary: text(&op["summary"]),
        description: text(&op["description"]),
        example: example(base, path, method, &parameters, body_type.map(|(ct, _)| ct.as_str())),
        parameters,
        body,
        responses,
    }
}

/// A `curl` command with made-up values that have the right shape.
fn example(base: &str, path: &str, method: &str, parameters: &[ApiField], body: Option<&str>) -> String {
    let mut url = format!("{base}{}", path.replace("{id}", "3f6c2a9e-5b1d-4c8e-9a70-2d4b6e8f1a03"));
    let query: Vec<String> = parameters
        .iter()
        .filter(|p| p.kind.ends_with("(alamat, setelah ?)"))
        .map(|p| match p.name.as_str() {
            "sha256" => "sha256=9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08".to_string(),
            "tahun" => "tahun=2026".to_string(),
            other => format!("{other}=…"),
        })
        .collect();
    if !query.is_empty() {
        url = format!("{url}?{}", query.join("&"));
    }
    match (method, body) {
        ("post", Some("application/pdf")) => {
            format!("curl -X POST -H 'Content-Type: application/pdf' --data-binary @surat.pdf '{url}'")
        }
        ("post", Some(_)) => format!(
            "curl -X POST -H 'Content-Type: application/json' \\\n  -d '{{\"kode\":\"SRB-7K3Q-9M\",\"tanggal_lahir\":\"1990-05-15\"}}' '{url}'"
        ),
        _ => format!("curl '{url}'"),
    }
}

fn where_it_goes(location: &str) -> &'static str {
    match location {
        "path" => "di alamat",
        "query" => "alamat, setelah ?",
        "header" => "kepala permintaan",
        _ => "lain",
    }
}

/// A schema's type in words: "teks", "bilangan bulat", "daftar Layanan", "teks atau null", …
fn kind(s: &Value) -> String {
    if let Some(r) = s["$ref"].as_str() {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(options) = s[key].as_array() {
            return options.iter().map(kind).collect::<Vec<_>>().join(" atau ");
        }
    }
    let types: Vec<&str> = match &s["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => vec![],
    };
    let words: Vec<String> = types
        .iter()
        .map(|t| match *t {
            "string" if s["format"] == "uuid" => "teks (UUID)".to_string(),
            "string" if s["format"] == "binary" => "berkas".to_string(),
            "string" => "teks".to_string(),
            "integer" => "bilangan bulat".to_string(),
            "number" => "bilangan".to_string(),
            "boolean" => "ya/tidak (boolean)".to_string(),
            "array" => format!("daftar {}", kind(&s["items"])),
            "object" => "objek".to_string(),
            "null" => "null".to_string(),
            other => other.to_string(),
        })
        .collect();
    if words.is_empty() { "apa saja".into() } else { words.join(" atau ") }
}

fn describe(s: &Value) -> String {
    let mut out = s["description"].as_str().unwrap_or_default().to_string();
    if let Some(values) = s["enum"].as_array() {
        let values: Vec<String> = values.iter().map(|v| format!("`{}`", v.as_str().unwrap_or_default())).collect();
        out = format!("{out} Salah satu dari: {}.", values.join(", ")).trim().to_string();
    }
    out
}

fn fields(s: &Value) -> Vec<ApiField> {
    let required: Vec<&str> = s["required"].as_array().into_iter().flatten().filter_map(Value::as_str).collect();
    s["properties"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, p)| ApiField {
            name: name.clone(),
            kind: kind(p),
            required: required.contains(&name.as_str()),
            description: describe(p),
        })
        .collect()
}
