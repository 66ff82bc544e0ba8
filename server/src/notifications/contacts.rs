//! A person's contacts: an address per channel, proven with a one-time code sent through that
//! channel (6 digits, 15 minutes, only its SHA-256 kept, wrong codes and code requests limited
//! per account), the channel messages go to, and "off".

use super::{outbox, texts};
use crate::Services;
use crate::accounts::Actor;
use crate::db::{self, notifications as q};
use crate::error::{Error, Result};
use crate::limits::{self, Limit};
use domain::ContactChannel;
use rand::Rng;
use sha2::{Digest, Sha256};

const MINUTE: i64 = 60_000;
/// How long a code is valid.
pub const CODE_TTL_MS: i64 = 15 * MINUTE;
/// Wrong codes per account: 5 in 15 minutes lock verification for 15 minutes.
pub const WRONG_CODE: Limit =
    Limit { name: "kontak-kode", max_failures: 5, window_ms: 15 * MINUTE, lock_ms: 15 * MINUTE };
/// Codes sent per account: 5 an hour (every send counts), so nobody floods an address.
pub const CODE_SENT: Limit =
    Limit { name: "kontak-kirim", max_failures: 5, window_ms: 60 * MINUTE, lock_ms: 60 * MINUTE };

fn code_hash(user_id: &str, channel: ContactChannel, code: &str) -> String {
    hex::encode(Sha256::digest(format!("{user_id}\0{}\0{code}", channel.as_str()).as_bytes()))
}

/// Sets the actor's address on `channel` (unverified) and queues a code to it.
pub async fn add(s: &Services, actor: &Actor, channel: ContactChannel, typed: &str) -> Result<()> {
    if s.channels.get(channel).is_none() {
        return Err(Error::field("channel", format!("Server ini belum dapat mengirim lewat {}.", channel.label())));
    }
    let address = channel.address(typed).map_err(|e| Error::field("address", e.to_string()))?;
    let user = actor.user_id.to_string();
    // Every send counts, whatever comes of it.
    let _sent =
        limits::attempt(&s.db, &CODE_SENT, &user).await?.map_err(|locked| Error::field("address", locked.message()))?;
    let code = format!("{:06}", rand::rngs::OsRng.gen_range(0..1_000_000));
    let now = db::now_ms();
    let mut tx = s.db.begin().await?;
    q::set_contact(&mut tx, &user, channel, &address, &code_hash(&user, channel, &code), now + CODE_TTL_MS, now)
        .await?;
    outbox::add(&mut tx, &texts::verification_code(&code, channel), channel, &address, Some(user.as_str()), None, now)
        .await?;
    tx.commit().await?;
    s.outbox_wake.notify_one();
    tracing::info!(user_id = %user, channel = channel.as_str(), "contact code sent");
    Ok(())
}

/// Checks `code` for the actor's address on `channel`; a right one verifies it (and makes it the
/// channel messages go to, if none was chosen yet).
pub async fn verify(s: &Services, actor: &Actor, channel: ContactChannel, code: &str) -> Result<()> {
    let user = actor.user_id.to_string();
    let attempt =
        limits::attempt(&s.db, &WRONG_CODE, &user).await?.map_err(|locked| Error::field("code", locked.message()))?;
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    let now = db::now_ms();
    if !q::verify_contact(&s.db.pool, &user, channel, &code_hash(&user, channel, &code), now).await? {
        return Err(Error::field(
            "code",
            "Kode salah atau sudah kedaluwarsa. Periksa pesan terakhir, atau minta kode baru.",
        ));
    }
    attempt.succeeded(&s.db).await?;
    match q::settings(&s.db.pool, &user).await? {
        Some((Some(_), _)) => {}
        _ => q::set_settings(&s.db.pool, &user, Some(channel), true, now).await?,
    }
    tracing::info!(user_id = %user, channel = channel.as_str(), "contact verified");
    Ok(())
}

/// Chooses where messages go (a verified contact), or None: off.
pub async fn choose(s: &Services, actor: &Actor, channel: Option<ContactChannel>) -> Result<()> {
    let user = actor.user_id.to_string();
    let now = db::now_ms();
    let Some(channel) = channel else {
        let current = q::settings(&s.db.pool, &user).await?.and_then(|(c, _)| c);
        q::set_settings(&s.db.pool, &user, current, false, now).await?;
        return Ok(());
    };
    let verified =
        q::contacts(&s.db.pool, &user).await?.iter().any(|c| c.channel == channel && c.verified_at.is_some());
    if !verified {
        return Err(Error::field("choice", "Verifikasi dulu alamat untuk kanal ini."));
    }
    q::set_settings(&s.db.pool, &user, Some(channel), true, now).await?;
    Ok(())
}
