//! First start for real (`serambi init --wilayah 53.xx`): a kota's or kabupaten's kecamatan and
//! kelurahan/desa offices from the Kemendagri region list, the deployment's CA and the first
//! administrator, all in one transaction; and the production-mode check that refuses to serve
//! demo data.

use crate::accounts::service::hash_password_async;
use crate::db::{self, Db, offices::NewOffice, regions::Region};
use crate::demo::kupang::abbreviation;
use crate::signing::authority;
use anyhow::{Context, bail};
use domain::{AuditAction, OfficeKind, Role};
use uuid::Uuid;

/// What `serambi init` needs.
pub struct Init {
    /// A kota or kabupaten code, "53.01".
    pub wilayah: String,
    pub ca_passphrase: zeroize::Zeroizing<String>,
    pub admin_name: String,
    pub admin_username: String,
    pub admin_password: zeroize::Zeroizing<String>,
}

/// What was created.
#[derive(Debug)]
pub struct Created {
    pub daerah: String,
    pub kecamatan: usize,
    pub kelurahan: usize,
    pub desa: usize,
    pub ca_subject: String,
}

/// The kota or kabupaten `code` names, or a message saying why it cannot be set up.
pub async fn daerah(db: &Db, code: &str) -> anyhow::Result<Region> {
    let code = code.trim();
    let Some(edition) = db::regions::current_edition(&db.pool).await? else {
        bail!("Daftar kode wilayah belum dimuat. Jalankan dulu `serambi wilayah impor`.");
    };
    let shape = code.split('.').map(str::len).collect::<Vec<_>>();
    let digits = code.split('.').all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    if !digits || !(1..=4).contains(&shape.len()) {
        bail!("Kode wilayah {code:?} tidak berbentuk kode Kemendagri; contoh kode kabupaten/kota: 53.01 atau 53.71.");
    }
    let Some(region) = db::regions::get(&db.pool, code).await? else {
        bail!("Kode wilayah {code} tidak dikenal dalam daftar wilayah ({}).", edition.source);
    };
    let what = match region.level {
        1 => Some("provinsi"),
        3 => Some("kecamatan"),
        4 => Some("kelurahan/desa"),
        _ => None,
    };
    if let Some(what) = what {
        bail!(
            "{code} ({}) adalah {what}; `serambi init` memerlukan kode kota atau kabupaten (dua bagian, mis. {}).",
            region.name,
            code.split('.').take(2).collect::<Vec<_>>().join(".")
        );
    }
    Ok(region)
}

/// Runs the first set-up. Refuses on a database that already holds offices.
pub async fn init(db: &Db, input: Init) -> anyhow::Result<Created> {
    if db::offices::count(&db.pool).await? > 0 {
        bail!(
            "Basis data ini sudah berisi kantor; `serambi init` hanya untuk basis data kosong. \
             Untuk memulai dari awal gunakan basis data baru (DATABASE_URL)."
        );
    }
    let daerah = daerah(db, &input.wilayah).await?;
    let username = input.admin_username.trim().to_lowercase();
    if input.admin_name.trim().chars().count() < 3 {
        bail!("Isi nama lengkap administrator.");
    }
    if username.len() < 3
        || !username.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"._-".contains(&b))
    {
        bail!(
            "Nama pengguna administrator: minimal 3 karakter, huruf kecil, angka, titik, garis bawah atau tanda hubung."
        );
    }
    if let Some(p) = domain::password::problem(&input.admin_password, true, &[&username, input.admin_name.trim()]) {
        bail!("Kata sandi administrator: {p}");
    }
    let kind = OfficeKind::of_code(&daerah.code, &daerah.name).context("kode daerah")?;
    let kecamatan = db::regions::under(&db.pool, &daerah.code, 3).await?;
    let villages = db::regions::under(&db.pool, &daerah.code, 4).await?;
    if kecamatan.is_empty() || villages.is_empty() {
        bail!("Daftar wilayah tidak memuat kecamatan dan kelurahan/desa untuk {} ({}).", daerah.name, daerah.code);
    }
    // The CA first (it takes a moment: scrypt), so that everything is written in one go.
    let organisation = format!("Pemerintah {}", kind.office_name(&daerah.name));
    let ca_name = format!("Serambi CA {}", kind.office_name(&daerah.name));
    let ca =
        authority::prepare(&organisation, &ca_name, &input.ca_passphrase, 10, authority::Protection::Standard).await?;
    let hash = hash_password_async(&input.admin_password).await?;
    let place = daerah.name.trim_start_matches("Kabupaten ").trim_start_matches("Kota ").to_string();
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    let unit = format!("{}-{}", if kind == OfficeKind::Kota { "KOTA" } else { "KAB" }, abbreviation(&place));
    let top = NewOffice {
        code: &daerah.code,
        kind: kind.as_str(),
        name: &kind.office_name(&daerah.name),
        parent_code: None,
        address: "",
        place: &place,
        unit_code: &unit,
    };
    db::offices::insert(&mut *tx, &top, now).await?;
    for k in &kecamatan {
        let unit = format!("KEC-{}", abbreviation(&k.name));
        let o = NewOffice {
            code: &k.code,
            kind: OfficeKind::Kecamatan.as_str(),
            name: &k.name,
            parent_code: Some(&daerah.code),
            address: "",
            place: &place,
            unit_code: &unit,
        };
        db::offices::insert(&mut *tx, &o, now).await?;
    }
    let (mut kelurahan, mut desa) = (0, 0);
    for v in &villages {
        let village_kind = OfficeKind::of_code(&v.code, &v.name).context("kode kelurahan/desa")?;
        let parent = &v.code[..v.code.rfind('.').context("kode kelurahan/desa")?];
        if !kecamatan.iter().any(|k| k.code == parent) {
            continue;
        }
        let prefix = if village_kind == OfficeKind::Desa {
            desa += 1;
            "DESA"
        } else {
            kelurahan += 1;
            "KEL"
        };
        let unit = format!("{prefix}-{}", abbreviation(&v.name));
        let o = NewOffice {
            code: &v.code,
            kind: village_kind.as_str(),
            name: &v.name,
            parent_code: Some(parent),
            address: "",
            place: &place,
            unit_code: &unit,
        };
        db::offices::insert(&mut *tx, &o, now).await?;
    }
    let admin_id = Uuid::new_v4().to_string();
    let admin = db::users::NewUser {
        id: &admin_id,
        username: Some(&username),
        nik: None,
        password_hash: &hash,
        role: Role::Admin,
        office_code: None,
        official_id: None,
        display_name: input.admin_name.trim(),
    };
    db::users::insert(&mut *tx, &admin, now).await?;
    db::signing::insert_authority(&mut *tx, &ca.row, now).await?;
    db::accounts::set_fact(&mut *tx, "wilayah", &daerah.code, now).await?;
    crate::accounts::log(&mut tx, &admin_id, None, AuditAction::AkunDibuat, "admin pertama (serambi init)").await?;
    tx.commit().await.context("menyimpan hasil serambi init")?;
    Ok(Created {
        daerah: kind.office_name(&daerah.name),
        kecamatan: kecamatan.len(),
        kelurahan,
        desa,
        ca_subject: ca.info.subject,
    })
}

/// Production mode refuses to serve while demo data remains: each line says what and what to do.
pub async fn demo_leftovers(db: &Db) -> anyhow::Result<Vec<String>> {
    let mut found = Vec::new();
    let accounts = db::users::with_demo_password(&db.pool).await?;
    let staff: Vec<&str> = accounts.iter().flatten().map(String::as_str).collect();
    let residents = accounts.len() - staff.len();
    if !accounts.is_empty() {
        let shown = &staff[..staff.len().min(5)];
        found.push(format!(
            "{} akun pegawai{} dan {residents} akun warga masih memakai kata sandi demo: ganti kata sandinya \
             (halaman Akun saya, atau `serambi akun kode-pulih NAMA`) atau nonaktifkan akunnya \
             (`serambi akun nonaktifkan NAMA`).",
            staff.len(),
            if shown.is_empty() {
                String::new()
            } else {
                format!(" ({}{})", shown.join(", "), if staff.len() > shown.len() { ", …" } else { "" })
            },
        ));
    }
    if db::signing::demo_authority_present(&db.pool).await? {
        found.push(
            "CA demo (passphrase-nya diterbitkan) masih aktif: siapkan basis data baru dengan `serambi init` \
             yang membuat CA sendiri."
                .into(),
        );
    }
    let demo_niks: Vec<&str> = crate::demo::DEMO_RESIDENTS.iter().map(|r| r.0).collect();
    if db::accounts::fact(&db.pool, "demo").await?.is_some() || db::residents::any_of(&db.pool, &demo_niks).await? {
        found.push(
            "Basis data berisi penduduk demo (sintetis): untuk produksi gunakan basis data baru, jalankan \
             `serambi init --wilayah KODE`, lalu impor data penduduk dari Dukcapil."
                .into(),
        );
    }
    Ok(found)
}
