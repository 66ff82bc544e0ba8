//! Staff accounts, managed by administrators: a city administrator ([`Role::Admin`]) manages
//! every office, an office administrator ([`Role::AdminKantor`]) the staff of one office. An
//! account outside the administrator's scope does not exist for them (404). The command line
//! (`serambi akun …`) acts with the city's authority and is logged without an actor.

use super::Actor;
use super::service::hash_password_async;
use crate::db::{self, Db, offices::Official, users::StaffRow, users::StaffScope};
use crate::error::{Error, Result};
use domain::{AuditAction, OfficeKind, Role, Tier};
use uuid::Uuid;

/// Who manages accounts: an administrator signed in on the web, or the command line.
#[derive(Debug, Clone, Copy)]
pub enum Manager<'a> {
    Web(&'a Actor),
    Cli,
}

impl Manager<'_> {
    fn actor_id(&self) -> Option<String> {
        match self {
            Manager::Web(a) => Some(a.user_id.to_string()),
            Manager::Cli => None,
        }
    }

    /// The offices whose staff this manager sees; an error for anyone else.
    fn scope(&self) -> Result<StaffScope<'_>> {
        match self {
            Manager::Cli => Ok(StaffScope::All),
            Manager::Web(a) => match a.role {
                Role::Admin => Ok(StaffScope::All),
                Role::AdminKantor => a.office_code.as_deref().map(StaffScope::Office).ok_or(Error::Forbidden),
                _ => Err(Error::Forbidden),
            },
        }
    }

    fn sees(&self, row: &StaffRow) -> Result<bool> {
        Ok(match self.scope()? {
            StaffScope::All => true,
            StaffScope::Office(code) => row.user.office_code.as_deref() == Some(code),
        })
    }
}

/// A new staff account. `secretary` with [`Role::Lurah`] makes the office's secretary, who signs
/// "a.n." the head.
#[derive(Debug, Clone, Default)]
pub struct NewStaff {
    pub username: String,
    pub display_name: String,
    pub role: Option<Role>,
    pub secretary: bool,
    pub office_code: Option<String>,
    pub nip: String,
    /// Pangkat/golongan, e.g. "Penata Tk. I (III/d)".
    pub rank: String,
    /// Jabatan as printed under the signature; empty: from the office ("Kepala Desa Oelnasi").
    pub position: String,
    /// For a BSrE-style signing service, which knows signers by NIK.
    pub signer_nik: String,
    pub password: String,
}

/// What an administrator may change of an account.
#[derive(Debug, Clone, Default)]
pub struct StaffChange {
    pub display_name: String,
    pub nip: String,
    pub rank: String,
    pub position: String,
    pub signer_nik: String,
}

fn username_problem(name: &str) -> Option<&'static str> {
    let ok_chars =
        name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'_' || b == b'-');
    if name.len() < 3 || name.len() > 40 {
        Some("Nama pengguna 3 sampai 40 karakter.")
    } else if !ok_chars || !name.as_bytes()[0].is_ascii_lowercase() {
        Some("Nama pengguna hanya huruf kecil, angka, titik, garis bawah atau tanda hubung, diawali huruf.")
    } else if name.len() == 16 && name.bytes().all(|b| b.is_ascii_digit()) {
        Some("Nama pengguna tidak boleh berupa NIK.")
    } else {
        None
    }
}

/// A NIP is 18 digits, often written in groups ("19810709 199606 2 011"): spaces are allowed.
fn nip_problem(nip: &str) -> Option<&'static str> {
    // Written "198507122010011003" or grouped "19850712 201001 1 003".
    let digits = nip.bytes().filter(u8::is_ascii_digit).count();
    let clean = nip.bytes().all(|b| b.is_ascii_digit() || b == b' ');
    let fine = nip.is_empty() || (digits == 18 && clean);
    (!fine).then_some("NIP terdiri dari 18 angka (kosongkan bila pejabat bukan ASN, misalnya Kepala Desa).")
}

fn signer_nik_problem(nik: &str) -> Option<String> {
    if nik.is_empty() {
        return None;
    }
    domain::Nik::parse(nik).err().map(|e| format!("NIK penandatangan: {e}"))
}

/// Creates a staff account (and, for roles that sign, its official). Returns the account's id.
pub async fn create(db: &Db, by: Manager<'_>, input: NewStaff) -> Result<Uuid> {
    let scope = by.scope()?;
    let mut problems = domain::Problems::new();
    let mut add = |field: &str, msg: String| problems.entry(field.to_string()).or_default().push(msg);
    let username = input.username.trim().to_lowercase();
    if let Some(p) = username_problem(&username) {
        add("username", p.into());
    }
    let display_name = input.display_name.trim().to_string();
    if display_name.chars().count() < 3 {
        add("display_name", "Isi nama lengkap (dengan gelar bila ada).".into());
    }
    let Some(role) = input.role.filter(|r| *r != Role::Warga) else {
        add("role", "Pilih peran akun.".into());
        return Err(Error::Invalid(problems));
    };
    // Office administrators manage their own office's clerks and officials, not administrators.
    if matches!(scope, StaffScope::Office(_)) && role.administers() {
        return Err(Error::Forbidden);
    }
    let office_code = match scope {
        StaffScope::Office(code) => Some(code.to_string()),
        StaffScope::All => input.office_code.clone().filter(|c| !c.trim().is_empty()),
    };
    let office = match &office_code {
        Some(code) => db::offices::get(&db.pool, code.trim()).await?,
        None => None,
    };
    let kind =
        office.as_ref().map(|o| OfficeKind::parse(&o.kind).ok_or_else(|| Error::corrupt("office kind"))).transpose()?;
    let fits = match role {
        Role::Admin => office_code.is_none(),
        Role::PetugasKelurahan | Role::Lurah => kind.is_some_and(|k| k.tier() == Tier::Desa),
        Role::PetugasKecamatan | Role::Camat => kind == Some(OfficeKind::Kecamatan),
        Role::AdminKantor => kind.is_some_and(|k| k.tier() != Tier::Daerah),
        Role::Warga => false,
    };
    if office_code.is_some() && office.is_none() {
        add("office_code", "Kantor tidak dikenal.".into());
    } else if !fits {
        add(
            "office_code",
            match role {
                Role::Admin => "Admin kota/kabupaten tidak terikat pada satu kantor; kosongkan kantornya.".into(),
                Role::PetugasKecamatan | Role::Camat => "Pilih kantor kecamatan untuk peran ini.".into(),
                _ => "Pilih kantor kelurahan atau desa untuk peran ini.".into(),
            },
        );
    }
    let nip = input.nip.trim().to_string();
    if let Some(p) = nip_problem(&nip) {
        add("nip", p.into());
    }
    let signer_nik = input.signer_nik.trim().to_string();
    if let Some(p) = signer_nik_problem(&signer_nik) {
        add("signer_nik", p);
    }
    if let Some(p) = domain::password::problem(&input.password, true, &[&username, &display_name]) {
        add("password", p);
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    if db::users::by_username(&db.pool, &username).await?.is_some() {
        return Err(Error::field("username", format!("Nama pengguna {username} sudah dipakai.")));
    }
    let hash = hash_password_async(&input.password).await?;
    let now = db::now_ms();
    let id = Uuid::new_v4();
    let mut tx = db.begin().await?;
    let official_id = match (role.signs(), &office, kind) {
        (true, Some(office), Some(kind)) => {
            let head = format!("{} {}", kind.head_title(), office.name);
            let (position, on_behalf) = if input.secretary && role == Role::Lurah {
                (format!("{} {}", kind.secretary_title(), office.name), format!("a.n. {head}"))
            } else {
                (head, String::new())
            };
            let official = Official {
                id: Uuid::new_v4().to_string(),
                office_code: office.code.clone(),
                name: display_name.clone(),
                nip: nip.clone(),
                position: if input.position.trim().is_empty() { position } else { input.position.trim().to_string() },
                rank: input.rank.trim().to_string(),
                on_behalf,
                nik: signer_nik.clone(),
            };
            db::offices::insert_official(&mut *tx, &official, now).await?;
            Some(official.id)
        }
        _ => None,
    };
    let user = db::users::NewUser {
        id: &id.to_string(),
        username: Some(&username),
        nik: None,
        password_hash: &hash,
        role,
        office_code: office_code.as_deref(),
        official_id: official_id.as_deref(),
        display_name: &display_name,
    };
    match db::users::insert(&mut *tx, &user, now).await {
        Err(e) if is_unique_violation(&e) => {
            return Err(Error::field("username", format!("Nama pengguna {username} sudah dipakai.")));
        }
        other => other?,
    }
    let note = format!("{} {}", role.as_str(), office_code.as_deref().unwrap_or("-"));
    crate::accounts::log(&mut tx, &id.to_string(), by.actor_id().as_deref(), AuditAction::AkunDibuat, &note).await?;
    tx.commit().await?;
    tracing::info!(user_id = %id, role = role.as_str(), "staff account created");
    Ok(id)
}

fn is_unique_violation(e: &sqlx::Error) -> bool {
    e.as_database_error().is_some_and(|d| d.is_unique_violation())
}

/// Staff accounts the manager sees, matching `search`.
pub async fn list(db: &Db, by: Manager<'_>, search: &str) -> Result<Vec<StaffRow>> {
    Ok(db::users::staff(&db.pool, by.scope()?, search, 500).await?)
}

/// One staff account, if the manager sees it.
pub async fn get(db: &Db, by: Manager<'_>, id: Uuid) -> Result<StaffRow> {
    // Who may manage accounts at all is settled before any is looked up: a resident or an
    // official learns nothing about which ids exist.
    by.scope()?;
    let row = db::users::staff_by_id(&db.pool, id).await?.ok_or(Error::NotFound)?;
    if row.user.username.is_none() || !by.sees(&row)? {
        return Err(Error::NotFound);
    }
    Ok(row)
}

/// The account behind a user name, if the manager sees it.
pub async fn by_username(db: &Db, by: Manager<'_>, username: &str) -> Result<StaffRow> {
    let user = db::users::by_username(&db.pool, &username.trim().to_lowercase()).await?.ok_or(Error::NotFound)?;
    get(db, by, user.id.parse().map_err(|_| Error::corrupt("user id"))?).await
}

/// Changes name, NIP, rank, position and the signer's NIK.
pub async fn update(db: &Db, by: Manager<'_>, id: Uuid, change: StaffChange) -> Result<StaffRow> {
    let row = get(db, by, id).await?;
    let mut problems = domain::Problems::new();
    let display_name = change.display_name.trim().to_string();
    if display_name.chars().count() < 3 {
        problems.entry("display_name".into()).or_default().push("Isi nama lengkap (dengan gelar bila ada).".into());
    }
    let nip = change.nip.trim().to_string();
    if let Some(p) = nip_problem(&nip) {
        problems.entry("nip".into()).or_default().push(p.into());
    }
    let signer_nik = change.signer_nik.trim().to_string();
    if let Some(p) = signer_nik_problem(&signer_nik) {
        problems.entry("signer_nik".into()).or_default().push(p);
    }
    if !problems.is_empty() {
        return Err(Error::Invalid(problems));
    }
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    let changed = changed_fields(&row, &display_name, &nip, &change);
    db::users::update_profile(
        &mut *tx,
        &row.user.id,
        &display_name,
        row.user.role,
        row.user.office_code.as_deref(),
        row.user.official_id.as_deref(),
        now,
    )
    .await?;
    if let Some(official_id) = &row.user.official_id {
        let position = if change.position.trim().is_empty() {
            row.position.clone().unwrap_or_default()
        } else {
            change.position.trim().to_string()
        };
        db::offices::update_official(
            &mut *tx,
            official_id,
            &display_name,
            &nip,
            &position,
            change.rank.trim(),
            &signer_nik,
        )
        .await?;
    }
    crate::accounts::log(&mut tx, &row.user.id, by.actor_id().as_deref(), AuditAction::AkunDiubah, &changed).await?;
    tx.commit().await?;
    get(db, by, id).await
}

/// Disables or enables an account. Disabling ends its sessions at once. Nobody disables
/// themselves, and the last active city administrator stays.
pub async fn set_active(db: &Db, by: Manager<'_>, id: Uuid, active: bool, reason: &str) -> Result<()> {
    let row = get(db, by, id).await?;
    if let Manager::Web(a) = by
        && a.user_id == id
        && !active
    {
        return Err(Error::conflict("Anda tidak dapat menonaktifkan akun Anda sendiri."));
    }
    if !active && row.user.role == Role::Admin && row.user.active == 1 && db::users::count_admins(&db.pool).await? <= 1
    {
        return Err(Error::conflict("Ini admin terakhir yang aktif; buat admin lain dulu."));
    }
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    db::users::set_active(&mut *tx, &row.user.id, active, now).await?;
    if !active {
        db::sessions::delete_for_user(&mut *tx, &row.user.id, None).await?;
    }
    let action = if active { AuditAction::AkunDiaktifkan } else { AuditAction::AkunDinonaktifkan };
    crate::accounts::log(&mut tx, &row.user.id, by.actor_id().as_deref(), action, reason.trim()).await?;
    tx.commit().await?;
    tracing::info!(user_id = %id, active, "account active changed");
    Ok(())
}

/// The role choices an administrator picks from (the web form's values and the CLI's
/// `--peran`): (value, label, role, secretary).
pub const ROLE_CHOICES: [(&str, &str, Role, bool); 8] = [
    ("petugas", "Petugas kelurahan/desa", Role::PetugasKelurahan, false),
    ("lurah", "Lurah / Kepala Desa", Role::Lurah, false),
    ("sekretaris", "Sekretaris kelurahan/desa (menandatangani a.n.)", Role::Lurah, true),
    ("petugas-kecamatan", "Petugas kecamatan", Role::PetugasKecamatan, false),
    ("camat", "Camat", Role::Camat, false),
    ("admin-kantor", "Admin kantor (mengelola akun satu kantor)", Role::AdminKantor, false),
    ("admin", "Admin kota/kabupaten", Role::Admin, false),
    ("kepala-desa", "Kepala Desa", Role::Lurah, false),
];

/// A role choice by its value; None for anything else.
pub fn role_choice(value: &str) -> Option<(Role, bool)> {
    ROLE_CHOICES.iter().find(|c| c.0 == value.trim()).map(|c| (c.2, c.3))
}

/// Which fields an edit changes ("nama, NIP"), for the logs: names only, never values (the
/// signer's NIK is personal data).
fn changed_fields(row: &db::users::StaffRow, name: &str, nip: &str, change: &StaffChange) -> String {
    let differs = |old: &Option<String>, new: &str| old.as_deref().unwrap_or("") != new.trim();
    let mut fields = Vec::new();
    if row.user.display_name != name {
        fields.push("nama");
    }
    if differs(&row.nip, nip) {
        fields.push("NIP");
    }
    if !change.position.trim().is_empty() && differs(&row.position, &change.position) {
        fields.push("jabatan");
    }
    if differs(&row.rank, &change.rank) {
        fields.push("pangkat");
    }
    if differs(&row.signer_nik, &change.signer_nik) {
        fields.push("NIK penanda tangan");
    }
    fields.join(", ")
}
