//! The port every delivery channel implements: one message to one address, with an answer
//! that says whether trying again can help.

use domain::ContactChannel;

/// One message as a channel sends it.
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// The outbox row's id: e-mail carries it as Message-ID, so a duplicate can be recognised.
    pub id: String,
    pub to: String,
    pub subject: String,
    pub text: String,
}

#[derive(Debug, Clone, thiserror::Error)]
pub enum SendError {
    /// Worth another try later (connection refused, timeout, 4xx SMTP reply, 5xx from a gateway).
    #[error("{0}")]
    Temporary(String),
    /// Trying again will not help (address refused, message rejected, bad gateway settings).
    #[error("{0}")]
    Permanent(String),
}

#[async_trait::async_trait]
pub trait Sender: Send + Sync + 'static {
    fn channel(&self) -> ContactChannel;
    /// Where it sends, for the start-up log (no secrets).
    fn describe(&self) -> String;
    async fn send(&self, message: &Outgoing) -> Result<(), SendError>;
}

/// The channels this deployment has configured; a missing one leaves its messages undeliverable
/// (kept in the outbox as `tanpa_kanal` for the admin to see).
#[derive(Clone, Default)]
pub struct Channels {
    pub email: Option<std::sync::Arc<dyn Sender>>,
    pub wa: Option<std::sync::Arc<dyn Sender>>,
}

impl Channels {
    pub fn get(&self, channel: ContactChannel) -> Option<&std::sync::Arc<dyn Sender>> {
        match channel {
            ContactChannel::Email => self.email.as_ref(),
            ContactChannel::Wa => self.wa.as_ref(),
        }
    }

    /// The channels people can choose on their account page.
    pub fn available(&self) -> Vec<ContactChannel> {
        ContactChannel::ALL.into_iter().filter(|c| self.get(*c).is_some()).collect()
    }
}
