//! Notifications: messages to residents about their requests and digests to staff, through
//! e-mail (SMTP) or a WhatsApp/SMS gateway, never lost.
//!
//! - [`outbox`]: a message is a row in `notifications`, written in the transaction of the event
//!   that causes it (a request's transition calls [`outbox::on_transition`] from
//!   `requests::service::event`).
//! - [`worker`]: every node delivers due rows, claiming each atomically, retrying with backoff.
//! - [`channel`]: the port the adapters implement: [`Email`] (lettre) and [`Gateway`] (HTTP).
//! - [`contacts`]: addresses verified with one-time codes, the chosen channel, "off".
//! - [`digest`]: staff digests (new in the queue, waiting for signature).
//! - [`texts`]: what the messages say.

pub mod channel;
pub mod contacts;
pub mod digest;
pub mod email;
pub mod forms;
pub mod gateway;
pub mod outbox;
mod port;
pub mod texts;
pub mod worker;

pub use channel::{Channels, Outgoing, SendError, Sender};
pub use email::Email;
pub use gateway::Gateway;
