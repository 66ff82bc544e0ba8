//! `/api-publik`: the public JSON API explained for people — every operation with its
//! parameters, answers and an example call, and every answer's fields. Written from the same
//! OpenAPI document the server publishes at `/api/v1/openapi.json`, so the two never disagree.
//! Only the server renders it (no wasm).

mod page;

pub use page::ApiDocsPage;

use serde::{Deserialize, Serialize};

/// The public API as the page shows it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiDocs {
    pub title: String,
    pub version: String,
    pub description: String,
    pub groups: Vec<ApiGroup>,
    pub schemas: Vec<ApiSchema>,
}

/// The operations of one tag ("verifikasi", "lacak", …).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiGroup {
    pub name: String,
    pub description: String,
    pub operations: Vec<ApiOperation>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiOperation {
    /// "GET", "POST".
    pub method: String,
    pub path: String,
    pub summary: String,
    pub description: String,
    pub parameters: Vec<ApiField>,
    /// "application/json: LacakMasukan", or empty.
    pub body: String,
    pub responses: Vec<ApiResponse>,
    /// A `curl` command that calls it.
    pub example: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiResponse {
    pub status: String,
    pub description: String,
    /// The answer's schema name, or empty.
    pub schema: String,
}

/// A parameter or a field: where it goes (or its type), whether it must be given, and what it is.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiField {
    pub name: String,
    pub kind: String,
    pub required: bool,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ApiSchema {
    pub name: String,
    pub description: String,
    pub fields: Vec<ApiField>,
}

/// The page reads the document the server built (no server function: only the server renders
/// this page).
pub trait ApiDocsPort: Send + Sync + 'static {
    fn docs(&self) -> ApiDocs;
}
