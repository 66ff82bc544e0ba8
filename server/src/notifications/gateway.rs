//! WhatsApp or SMS through an HTTP gateway (Fonnte, Wablas, a provider's SMS API…): one generic
//! adapter. Each message is a `POST` to `SERAMBI_WA_URL` with `Authorization: Bearer
//! SERAMBI_WA_TOKEN` and the JSON body `SERAMBI_WA_TEMPLATE`, whose `{{to}}` and `{{text}}` are
//! replaced by the number (62812…) and the text, JSON-escaped (write them inside quotes).

use super::channel::{Outgoing, SendError, Sender};
use crate::config::Secret;
use domain::ContactChannel;
use std::time::Duration;

pub const DEFAULT_TEMPLATE: &str = r#"{"to":"{{to}}","text":"{{text}}"}"#;

pub struct Gateway {
    http: reqwest::Client,
    url: String,
    token: Secret,
    template: String,
}

impl Gateway {
    pub fn new(url: &str, token: Secret, template: &str) -> anyhow::Result<Gateway> {
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            anyhow::bail!("SERAMBI_WA_URL harus diawali http:// atau https://");
        }
        if !template.contains("{{to}}") || !template.contains("{{text}}") {
            anyhow::bail!("SERAMBI_WA_TEMPLATE harus memuat {{{{to}}}} dan {{{{text}}}}");
        }
        if serde_json::from_str::<serde_json::Value>(&fill(template, "6281234567890", "uji \"kutip\"\nbaris")).is_err()
        {
            anyhow::bail!("SERAMBI_WA_TEMPLATE bukan JSON yang sah setelah {{{{to}}}} dan {{{{text}}}} diisi");
        }
        let http = reqwest::Client::builder().timeout(Duration::from_secs(20)).build()?;
        Ok(Gateway { http, url: url.to_string(), token, template: template.to_string() })
    }
}

/// The template with both placeholders replaced by JSON-escaped text (without the quotes).
pub fn fill(template: &str, to: &str, text: &str) -> String {
    let escape = |s: &str| {
        let quoted = serde_json::Value::String(s.to_string()).to_string();
        quoted[1..quoted.len() - 1].to_string()
    };
    template.replace("{{to}}", &escape(to)).replace("{{text}}", &escape(text))
}

#[async_trait::async_trait]
impl Sender for Gateway {
    fn channel(&self) -> ContactChannel {
        ContactChannel::Wa
    }

    fn describe(&self) -> String {
        let host = self.url.parse::<http::Uri>().ok().and_then(|u| u.host().map(str::to_string));
        format!("gateway HTTP {}", host.unwrap_or_default())
    }

    async fn send(&self, m: &Outgoing) -> Result<(), SendError> {
        let mut req = self
            .http
            .post(&self.url)
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .header("Idempotency-Key", &m.id)
            .body(fill(&self.template, &m.to, &m.text));
        if !self.token.0.is_empty() {
            req = req.bearer_auth(&self.token.0);
        }
        let res = req.send().await.map_err(|e| SendError::Temporary(format!("gateway tidak dapat dihubungi: {e}")))?;
        let status = res.status();
        if status.is_success() {
            return Ok(());
        }
        let said: String = res.text().await.unwrap_or_default().chars().take(200).collect();
        let error = format!("gateway menjawab {status}: {said}");
        // Refusals of this very message are final; being busy or broken is not.
        if status.is_client_error() && status.as_u16() != 408 && status.as_u16() != 429 {
            Err(SendError::Permanent(error))
        } else {
            Err(SendError::Temporary(error))
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_template_is_filled_with_escaped_text() {
        let body = super::fill(super::DEFAULT_TEMPLATE, "62812", "a \"b\"\nc");
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["to"], "62812");
        assert_eq!(v["text"], "a \"b\"\nc");
    }
}
