//! Which stored files rows point to, for the orphan sweep.

use futures::TryStreamExt;
use sqlx::AnyExecutor;
use std::collections::HashSet;

/// Every (table, column) holding a key in file storage. A new one MUST be added here, or the
/// orphan sweep deletes its files an hour after they are written (a test reads the migrations
/// for `*_key` columns to catch that).
pub const FILE_KEY_COLUMNS: &[(&str, &str)] = &[
    ("letters", "file_key"),
    ("attachments", "file_key"),
    ("offices", "emblem_key"),
    ("population_imports", "report_key"),
];

/// Every key some row points to.
pub async fn referenced_keys<'e>(ex: impl AnyExecutor<'e>) -> sqlx::Result<HashSet<String>> {
    let sql = FILE_KEY_COLUMNS
        .iter()
        .map(|(table, column)| format!("SELECT {column} FROM {table} WHERE {column} IS NOT NULL"))
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    sqlx::query_scalar::<_, String>(&sql).fetch(ex).try_collect().await
}
