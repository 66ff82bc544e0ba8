//! The tamper-evident audit log: every security event is a row carrying the SHA-256 of the row
//! before it, written in the same transaction as the change it records. `serambi audit periksa`
//! walks the chain; administrators read it on `/admin/audit`.

pub mod chain;
pub mod port;

pub use chain::{Broken, Event, check, existing_keyed_subject, keyed_subject, nik_subject, record};
