//! Self-registration: a resident proves who they are with what their own record says (NIK,
//! no. KK, birth date, mother's maiden name), then sets a password.
//!
//! Every wrong answer gets the same message, whichever field was wrong and whether or not the
//! NIK exists, and wrong answers are limited per NIK and per client, so the record cannot be
//! probed field by field or enumerated.

use super::Actor;
use super::service::{self as auth, hash_password};
use crate::Services;
use crate::audit::{self, Event};
use crate::db::{self, users::NewUser};
use crate::error::{Error, Result};
use crate::limits::{self, REGISTER_PER_CLIENT, REGISTER_PER_NIK};
use domain::{AuditAction, Nik};
use uuid::Uuid;

const TICKET_MINUTES: i64 = 15;

/// The one answer to every mismatch.
pub const NO_MATCH: &str = "Data yang Anda isi tidak cocok dengan data kependudukan. Periksa kembali NIK, \
     nomor KK, tanggal lahir dan nama ibu kandung seperti tertulis di KK, atau datang ke kantor kelurahan.";

/// What a resident knows of their own record, as typed (never logged).
pub struct Answers<'a> {
    pub nik: &'a str,
    pub no_kk: &'a str,
    /// YYYY-MM-DD.
    pub birth_date: &'a str,
    pub mother: &'a str,
    /// The activation code from the office, if the resident has one (see `activation`).
    pub activation: &'a str,
}

/// The identity matched: the ticket for step two, and the name on the record.
pub struct Ticket {
    pub ticket: String,
    pub name: String,
    pub minutes_valid: i64,
}

/// Step two's password, typed twice, for the ticket of step one.
pub struct Password<'a> {
    pub ticket: &'a str,
    pub password: &'a str,
    pub again: &'a str,
}

pub async fn check_identity(s: &Services, client: &str, input: Answers<'_>) -> Result<Ticket> {
    // Shape errors are about typing, not about the record: say which field.
    let mut problems = domain::Problems::new();
    let nik = Nik::parse(input.nik);
    if nik.is_err() {
        problems.entry("nik".into()).or_default().push("NIK terdiri dari 16 angka (lihat KTP atau KK).".into());
    }
    let kk: String = input.no_kk.chars().filter(|c| !c.is_whitespace()).collect();
    if kk.len() != 16 || !kk.bytes().all(|b| b.is_ascii_digit()) {
        problems.entry("no_kk".into()).or_default().push("Nomor KK terdiri dari 16 angka.".into());
    }
    let birth = chrono::NaiveDate::parse_from_str(input.birth_date.trim(), "%Y-%m-%d");
    if birth.is_err() {
        problems.entry("tanggal_lahir".into()).or_default().push("Isi tanggal lahir.".into());
    }
    if input.mother.trim().is_empty() {
        problems.entry("nama_ibu".into()).or_default().push("Isi nama ibu kandung.".into());
    }
    let (Ok(nik), Ok(birth), true) = (nik, birth, problems.is_empty()) else {
        return Err(Error::Invalid(problems));
    };
    // Counted before the answers are compared: many tries at once get no more guesses.
    let per_client = limits::attempt(&s.db, &REGISTER_PER_CLIENT, client).await?.inspect_err(|_| {
        tracing::info!(limit = REGISTER_PER_CLIENT.name, "registration refused: locked");
    })?;
    let per_nik = match limits::attempt(&s.db, &REGISTER_PER_NIK, nik.as_str()).await? {
        Ok(a) => a,
        Err(locked) => {
            tracing::info!(limit = REGISTER_PER_NIK.name, "registration refused: locked");
            per_client.not_counted(&s.db).await?;
            return Err(locked.into());
        }
    };
    let record = s.population.person(&nik).await?;
    let matches = record.as_ref().is_some_and(|r| {
        let p = &r.resident;
        // Every answer is compared, so a wrong one costs the same whichever it is.
        let kk_ok = p.no_kk.as_str() == kk;
        let birth_ok = p.birth_date == birth;
        let mother_ok = domain::population::same_name(&p.mother_name, input.mother);
        kk_ok & birth_ok & mother_ok
    });
    let Some(record) = record.filter(|_| matches) else {
        tracing::info!("registration answers did not match");
        return Err(Error::invalid(NO_MATCH));
    };
    // The answers matched; an activation code is checked after them, so its message tells only
    // someone who knows them. A wrong code keeps the attempt counted; none typed where one is
    // required is not a guess.
    let activation = match super::activation::check(s, &nik, &record.resident.kelurahan_code, input.activation).await {
        Ok(hash) => hash,
        Err(e) => {
            if input.activation.trim().is_empty() {
                per_nik.not_counted(&s.db).await?;
                per_client.not_counted(&s.db).await?;
            }
            return Err(e);
        }
    };
    per_nik.succeeded(&s.db).await?;
    per_client.not_counted(&s.db).await?;
    if db::users::by_nik(&s.db.pool, nik.as_str()).await?.is_some() {
        return Err(Error::Conflict(
            "Akun untuk NIK ini sudah ada: silakan masuk. Lupa kata sandi? Datang ke kantor kelurahan dengan KTP."
                .into(),
        ));
    }
    let ticket = auth::new_token();
    let now = db::now_ms();
    db::registration::delete_expired(&s.db.pool, now).await?;
    let expires_at = now + TICKET_MINUTES * 60_000;
    db::registration::insert(&s.db.pool, &auth::token_hash(&ticket), nik.as_str(), expires_at, activation.as_deref())
        .await?;
    tracing::info!("registration identity confirmed");
    Ok(Ticket { ticket, name: crate::demo::title_case(&record.resident.name), minutes_valid: TICKET_MINUTES })
}

/// The cookie that carries the ticket from step one to step two when the form is posted
/// without JavaScript (HttpOnly, for this path only, gone when the ticket expires).
/// Over https its name has the `__Secure-` prefix: the browser takes it only when `Secure`.
pub fn ticket_cookie_name(secure: bool) -> &'static str {
    if secure { "__Secure-serambi_daftar" } else { "serambi_daftar" }
}

pub fn ticket_cookie(ticket: &str, secure: bool) -> String {
    let max_age = if ticket.is_empty() { 0 } else { TICKET_MINUTES * 60 };
    let name = ticket_cookie_name(secure);
    let secure = if secure { "; Secure" } else { "" };
    format!("{name}={ticket}; Path=/daftar; HttpOnly; SameSite=Strict; Max-Age={max_age}{secure}")
}

/// A ticket of step one that is still valid: the name it is for and the minutes left.
pub async fn pending(s: &Services, ticket: &str) -> Result<Option<Ticket>> {
    let now = db::now_ms();
    let Some((nik, expires_at)) = db::registration::get(&s.db.pool, &auth::token_hash(ticket), now).await? else {
        return Ok(None);
    };
    let Some(record) = s.population.person(&crate::population::stored_nik(&nik)?).await? else {
        return Ok(None);
    };
    Ok(Some(Ticket {
        ticket: ticket.to_string(),
        name: crate::demo::title_case(&record.resident.name),
        minutes_valid: ((expires_at - now) / 60_000).max(1),
    }))
}

/// Step two: the password; returns the new resident's session and its token.
pub async fn set_password(s: &Services, input: Password<'_>) -> Result<(Actor, String)> {
    let mut problems = domain::Problems::new();
    let only_digits = input.password.chars().all(|c| c.is_ascii_digit());
    if only_digits && input.password.chars().count() >= domain::password::RESIDENT_MIN_CHARS {
        problems
            .entry("password".into())
            .or_default()
            .push("Jangan hanya angka (misalnya NIK atau tanggal lahir): tambahkan huruf.".into());
    } else if let Some(p) = domain::password::problem(input.password, false, &[]) {
        problems.entry("password".into()).or_default().push(p);
    }
    if input.password != input.again {
        problems.entry("password2".into()).or_default().push("Kedua kata sandi tidak sama.".into());
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let expired = || Error::Conflict("Waktu pendaftaran habis. Ulangi dari langkah pertama.".into());
    let now = db::now_ms();
    let hash_of_ticket = auth::token_hash(input.ticket);
    let nik = db::registration::nik(&s.db.pool, &hash_of_ticket, now).await?.ok_or_else(expired)?;
    let record = s.population.person(&crate::population::stored_nik(&nik)?).await?.ok_or_else(expired)?;
    let password = input.password.to_string();
    let hash = crate::costly::run(crate::costly::PASSWORD_MIB, move || hash_password(&password)).await?;
    let user_id = Uuid::new_v4();
    let id = user_id.to_string();
    let display = crate::demo::title_case(&record.resident.name);
    let mut tx = s.db.begin().await?;
    // The ticket is used once: whoever deletes it creates the account.
    let Some(activation) = db::registration::take(&mut *tx, &hash_of_ticket).await? else {
        return Err(expired());
    };
    // The activation code goes with the ticket: one code, one account.
    if let Some(code) = activation
        && !db::activation::take(&mut *tx, &code, now).await?
    {
        return Err(Error::Conflict(
            "Kode aktivasi sudah dipakai atau sudah lewat masa berlakunya. Mintalah kode baru di kantor kelurahan/desa."
                .into(),
        ));
    }
    if db::users::by_nik(&mut *tx, &nik).await?.is_some() {
        return Err(Error::Conflict("Akun untuk NIK ini sudah ada: silakan masuk.".into()));
    }
    let user = NewUser {
        id: &id,
        username: None,
        nik: Some(&nik),
        password_hash: &hash,
        role: domain::Role::Warga,
        office_code: None,
        official_id: None,
        display_name: &display,
    };
    db::users::insert(&mut *tx, &user, now).await?;
    db::accounts::log(&mut *tx, &id, Some(&id), "dibuat", "pendaftaran mandiri warga", now).await?;
    let office = Some(record.resident.kelurahan_code.as_str());
    let event =
        Event::new(AuditAction::AkunDibuat, Some(&id)).office(office).subject(&id).detail("pendaftaran mandiri warga");
    audit::record(&mut tx, event).await?;
    tx.commit().await?;
    tracing::info!(user_id = %id, "resident registered");
    let created = db::users::by_id(&s.db.pool, user_id).await?.ok_or_else(|| anyhow::anyhow!("user {id} vanished"))?;
    auth::start_session(&s.db, &created, s.config.session_hours).await
}
