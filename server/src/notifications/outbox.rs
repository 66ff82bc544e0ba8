//! Writing messages into the outbox, always inside the transaction of what causes them: a
//! message exists if and only if its event committed.

use super::texts::{self, About, Text};
use crate::Services;
use crate::db::{self, Tx, notifications::NewNotification};
use domain::{ContactChannel, RequestStatus};
use uuid::Uuid;

/// Adds `text` for `address` to the outbox in `tx`.
#[allow(clippy::too_many_arguments)]
pub async fn add(
    tx: &mut Tx,
    text: &Text,
    channel: ContactChannel,
    address: &str,
    user_id: Option<&str>,
    request_id: Option<&str>,
    now: i64,
) -> sqlx::Result<String> {
    let id = Uuid::new_v4().to_string();
    let n = NewNotification {
        id: &id,
        kind: text.kind,
        request_id,
        user_id,
        channel,
        address,
        subject: &text.subject,
        body: &text.body,
    };
    db::notifications::insert(tx, &n, now).await?;
    Ok(id)
}

/// A request moved from `from` to `to` (with the clerk's `note`): tells the resident it concerns
/// when the step matters to them and they have a verified contact with messages on.
pub async fn on_transition(
    s: &Services,
    tx: &mut Tx,
    request_id: Uuid,
    from: Option<RequestStatus>,
    to: RequestStatus,
    note: Option<&str>,
    now: i64,
) -> crate::error::Result<()> {
    let Some(row) = db::requests::get(&mut **tx, request_id).await? else { return Ok(()) };
    let link = format!("{}/permohonan/{}", s.config.public_url.trim_end_matches('/'), row.id);
    let about = About {
        reference: &row.reference,
        letter_title: s.catalogue.title(&row.letter_type),
        link: &link,
        from,
        to,
        note,
        at_counter: row.channel == domain::Channel::Loket,
    };
    let Some(text) = texts::for_resident(&about) else { return Ok(()) };
    let id = row.id.to_string();
    let Some((user, channel, address)) = db::notifications::resident_target(tx, &id).await? else {
        return Ok(());
    };
    add(tx, &text, channel, &address, Some(user.as_str()), Some(id.as_str()), now).await?;
    Ok(())
}
