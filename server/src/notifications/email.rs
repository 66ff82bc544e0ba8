//! E-mail over SMTP with lettre: `SERAMBI_SMTP_URL` says where and how (`smtp://HOST:PORT` plain,
//! `smtp://USER:PASS@HOST:587?tls=required` STARTTLS, `smtps://HOST:465` TLS), `SERAMBI_SMTP_FROM`
//! who sends.

use super::channel::{Outgoing, SendError, Sender};
use domain::ContactChannel;
use lettre::message::{Mailbox, header::ContentType};
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use std::time::Duration;

pub struct Email {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    host: String,
}

impl Email {
    pub fn new(url: &str, from: &str) -> anyhow::Result<Email> {
        let parsed = url.parse::<http::Uri>().ok();
        let host = parsed.as_ref().and_then(|u| u.host().map(|h| format!("{h}:{}", u.port_u16().unwrap_or(25))));
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| anyhow::anyhow!("SERAMBI_SMTP_URL tidak dapat dipakai: {e}"))?
            .timeout(Some(Duration::from_secs(20)))
            .build();
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("SERAMBI_SMTP_FROM {from:?} bukan alamat pengirim yang benar: {e}"))?;
        Ok(Email { transport, from, host: host.unwrap_or_else(|| "?".into()) })
    }
}

#[async_trait::async_trait]
impl Sender for Email {
    fn channel(&self) -> ContactChannel {
        ContactChannel::Email
    }

    fn describe(&self) -> String {
        format!("SMTP {} sebagai {}", self.host, self.from.email)
    }

    async fn send(&self, m: &Outgoing) -> Result<(), SendError> {
        let to: Mailbox = m.to.parse().map_err(|e| SendError::Permanent(format!("alamat tujuan tidak sah: {e}")))?;
        let message = Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(&m.subject)
            .message_id(Some(format!("<{}@serambi>", m.id)))
            .header(ContentType::TEXT_PLAIN)
            .body(m.text.clone())
            .map_err(|e| SendError::Permanent(format!("pesan tidak dapat disusun: {e}")))?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(SendError::Permanent(format!("server SMTP menolak: {e}"))),
            Err(e) => Err(SendError::Temporary(format!("SMTP: {e}"))),
        }
    }
}
