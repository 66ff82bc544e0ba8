//! CSV the offices download (reports, dashboards, open statistics): RFC 4180 lines, and the
//! answer that carries them as a file.

use axum::response::{IntoResponse, Response};
use http::header;

/// One line, each cell quoted if it needs it, ending in CRLF.
pub fn line<S: AsRef<str>>(cells: &[S]) -> String {
    let mut out = cells
        .iter()
        .map(|c| {
            let v = c.as_ref();
            if v.contains([',', '"', '\n', '\r']) { format!("\"{}\"", v.replace('"', "\"\"")) } else { v.to_string() }
        })
        .collect::<Vec<_>>()
        .join(",");
    out.push_str("\r\n");
    out
}

/// `body` as a download named `file`; `public` for open data (cached 10 minutes), otherwise
/// kept by no cache.
pub fn download(file: &str, body: String, public: bool) -> Response {
    let cache = if public { "public, max-age=600" } else { "private, no-store" };
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file}\"")),
            (header::CACHE_CONTROL, cache.to_string()),
        ],
        body,
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn cells_that_need_it_are_quoted() {
        assert_eq!(super::line(&["a", "b,c", "say \"hi\""]), "a,\"b,c\",\"say \"\"hi\"\"\"\r\n");
    }
}
