//! `serambi demo`: Kota Kupang with its offices, officials, demo accounts and a synthetic
//! population. Loads once; a second run changes nothing.

pub mod kupang;
pub mod population;
pub mod requests;

use crate::accounts::hash_password;
use crate::db::{
    self, Db,
    offices::{NewOffice, Official},
    residents::Resident,
    users::NewUser,
};
use anyhow::Context;
use domain::{Nik, NoKk, Role, Sex};
use kupang::{KECAMATAN, KELURAHAN, KOTA, abbreviation, kecamatan_of, slug};
use population::{Rng, Serials};
use uuid::Uuid;

pub const OFFICIAL_PASSWORD: &str = "serambi123";
pub const RESIDENT_PASSWORD: &str = "warga123";
/// The demo CA's passphrase (`serambi sertifikat terbitkan` asks for it).
pub const DEMO_CA_PASSPHRASE: &str = "ca-demo-serambi";
/// Every demo official's signing passphrase. Demo keys use a light scrypt setting; real ones
/// come from `serambi sertifikat terbitkan`.
pub const DEMO_SIGNING_PASSPHRASE: &str = "tte-demo-2026";

/// (NIK, name, sex, birth date, relation, marital status, kelurahan code, KK).
type DemoResident =
    (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str, &'static str, &'static str);

/// Residents with accounts, for trying Serambi out.
pub const DEMO_RESIDENTS: [DemoResident; 7] = [
    (
        "5371041208870001",
        "YOHANES LENDE",
        "L",
        "1987-08-12",
        "KEPALA KELUARGA",
        "KAWIN",
        "53.71.04.1001",
        "5371040101150001",
    ),
    (
        "5371045505900001",
        "MARIA GORETI LENDE",
        "P",
        "1990-05-15",
        "ISTRI",
        "KAWIN",
        "53.71.04.1001",
        "5371040101150001",
    ),
    ("5371044302150001", "ANITA LENDE", "P", "2015-02-03", "ANAK", "BELUM KAWIN", "53.71.04.1001", "5371040101150001"),
    (
        "5371022001750001",
        "YOSEF BENU",
        "L",
        "1975-01-20",
        "KEPALA KELUARGA",
        "KAWIN",
        "53.71.02.1001",
        "5371020203100001",
    ),
    ("5371024707780001", "AGUSTINA BENU", "P", "1978-07-07", "ISTRI", "KAWIN", "53.71.02.1001", "5371020203100001"),
    ("5371021003050001", "PETRUS BENU", "L", "2005-03-10", "ANAK", "BELUM KAWIN", "53.71.02.1001", "5371020203100001"),
    // Yosef's late father: the pewaris of the demo Ahli Waris letter.
    (
        "5371021505450001",
        "MARKUS BENU",
        "L",
        "1945-05-15",
        "ORANG TUA",
        "CERAI MATI",
        "53.71.02.1001",
        "5371020203100001",
    ),
];

/// A resident in the record without an account, for trying self-registration (`/daftar`):
/// (NIK, no. KK, name, birth date, mother's maiden name).
pub const UNREGISTERED: (&str, &str, &str, &str, &str) =
    ("5371040406880001", "5371040101160002", "DANIEL TEFA", "1988-06-04", "YULIANA SERAN");

pub async fn load(db: &Db, residents: usize) -> anyhow::Result<()> {
    if db::offices::count(&db.pool).await? > 0 {
        if db::signing::active_authority(&db.pool).await?.is_none() {
            // A demo loaded before electronic signatures existed.
            signing_certificates(db).await?;
            println!("Sertifikat tanda tangan elektronik demo diterbitkan.");
        }
        println!("Data demo sudah ada; tidak ada yang diubah.");
        print_logins();
        return Ok(());
    }
    let started = std::time::Instant::now();
    // One hash for every demo account of a kind: argon2 is slow on purpose.
    let official_hash = hash_password(OFFICIAL_PASSWORD)?;
    let resident_hash = hash_password(RESIDENT_PASSWORD)?;
    let now = db::now_ms();
    let mut tx = db.begin().await?;
    insert_offices(&mut tx, now).await?;
    insert_officials(&mut tx, &official_hash, now).await?;

    let mut serials = Serials::default();
    let mut fixed: Vec<Resident> = DEMO_RESIDENTS.iter().map(demo_resident).collect();
    let (nik, kk, name, birth, mother) = UNREGISTERED;
    fixed.push(Resident {
        mother_name: mother.into(),
        ..demo_resident(&(nik, name, "L", birth, "KEPALA KELUARGA", "BELUM KAWIN", "53.71.04.1001", kk))
    });
    for r in &fixed {
        serials.reserve(r.nik.as_str());
    }
    let mut people = population::generate(residents, 2026, &mut serials);
    people.extend(fixed);
    for chunk in people.chunks(200) {
        db::residents::upsert_many(&mut *tx, chunk, now).await?;
    }
    for (nik, name, ..) in DEMO_RESIDENTS {
        let id = Uuid::new_v4().to_string();
        let display = title_case(name);
        let user = NewUser {
            id: &id,
            username: None,
            nik: Some(nik),
            password_hash: &resident_hash,
            role: Role::Warga,
            office_code: None,
            official_id: None,
            display_name: &display,
        };
        db::users::insert(&mut *tx, &user, now).await?;
    }
    let admin_id = Uuid::new_v4().to_string();
    let admin = NewUser {
        id: &admin_id,
        username: Some("admin"),
        nik: None,
        password_hash: &official_hash,
        role: Role::Admin,
        office_code: None,
        official_id: None,
        display_name: "Admin Diskominfo",
    };
    db::users::insert(&mut *tx, &admin, now).await?;
    // Every password above is published: production mode refuses to start until they change.
    db::users::mark_demo_passwords(&mut *tx).await?;
    db::accounts::set_fact(&mut *tx, "demo", "Kota Kupang", now).await?;
    tx.commit().await.context("cannot save the demo data")?;
    signing_certificates(db).await?;
    print_accounts(people.len(), started.elapsed());
    Ok(())
}

/// The demo CA and a certificate for every signing official.
async fn signing_certificates(db: &Db) -> anyhow::Result<()> {
    use crate::signing::authority::{self, Protection};
    let demo = "Serambi CA Demo Kota Kupang";
    authority::create(db, "Pemerintah Kota Kupang", demo, DEMO_CA_PASSPHRASE, 10, Protection::Demo).await?;
    let officials = db::offices::officials(&db.pool).await?;
    authority::issue_many(db, &officials, DEMO_CA_PASSPHRASE, DEMO_SIGNING_PASSPHRASE, 2, Protection::Demo).await?;
    Ok(())
}

async fn insert_offices(tx: &mut db::Tx, now: i64) -> anyhow::Result<()> {
    let kota = NewOffice {
        code: KOTA.0,
        kind: "kota",
        name: KOTA.1,
        parent_code: None,
        address: "Jl. S.K. Lerik, Kelapa Lima, Kupang",
        place: "Kupang",
        unit_code: "KOTA-KPG",
    };
    db::offices::insert(&mut **tx, &kota, now).await?;
    for (i, (code, name)) in KECAMATAN.iter().enumerate() {
        let unit = format!("KEC-{}", abbreviation(name));
        let address = format!("Jl. Kantor Camat {name} No. {}, Kupang", i + 1);
        let o = NewOffice {
            code,
            kind: "kecamatan",
            name,
            parent_code: Some(KOTA.0),
            address: &address,
            place: "Kupang",
            unit_code: &unit,
        };
        db::offices::insert(&mut **tx, &o, now).await?;
    }
    for (i, (code, name)) in KELURAHAN.iter().enumerate() {
        let unit = format!("KEL-{}", abbreviation(name));
        let address = format!("Jl. Kantor Lurah {name} No. {}, Kupang", i + 1);
        let o = NewOffice {
            code,
            kind: "kelurahan",
            name,
            parent_code: Some(kecamatan_of(code)),
            address: &address,
            place: "Kupang",
            unit_code: &unit,
        };
        db::offices::insert(&mut **tx, &o, now).await?;
    }
    Ok(())
}

/// A lurah and a clerk for every kelurahan, a camat and a clerk for every kecamatan.
async fn insert_officials(tx: &mut db::Tx, hash: &str, now: i64) -> anyhow::Result<()> {
    let mut rng = Rng::new(71);
    let offices = KECAMATAN.iter().map(|(c, n)| (*c, *n, true)).chain(KELURAHAN.iter().map(|(c, n)| (*c, *n, false)));
    for (code, name, is_kecamatan) in offices {
        let (head_role, head_title, clerk_role, clerk_prefix) = if is_kecamatan {
            ("camat", "Camat", "petugas_kecamatan", "petugas.kec")
        } else {
            ("lurah", "Lurah", "petugas_kelurahan", "petugas")
        };
        let official = Official {
            id: Uuid::new_v4().to_string(),
            office_code: code.to_string(),
            name: official_name(&mut rng),
            nip: nip(&mut rng),
            position: format!("{head_title} {name}"),
            rank: if is_kecamatan { "Pembina (IV/a)".into() } else { "Penata Tk. I (III/d)".into() },
            on_behalf: String::new(),
            nik: String::new(),
        };
        db::offices::insert_official(&mut **tx, &official, now).await?;
        let head_user = format!("{head_role}.{}", slug(name));
        let clerk_user = format!("{clerk_prefix}.{}", slug(name));
        let clerk_name = official_name(&mut rng);
        let mut accounts = vec![
            (head_user, head_role, official.name.clone(), Some(official.id.clone())),
            (clerk_user, clerk_role, clerk_name, None),
        ];
        if !is_kecamatan {
            // The kelurahan secretary signs "a.n. Lurah" when the lurah is away.
            let secretary = Official {
                id: Uuid::new_v4().to_string(),
                office_code: code.to_string(),
                name: official_name(&mut rng),
                nip: nip(&mut rng),
                position: format!("Sekretaris Kelurahan {name}"),
                rank: "Penata (III/c)".into(),
                on_behalf: format!("a.n. Lurah {name}"),
                nik: String::new(),
            };
            db::offices::insert_official(&mut **tx, &secretary, now).await?;
            accounts.push((format!("sekretaris.{}", slug(name)), "lurah", secretary.name.clone(), Some(secretary.id)));
        }
        for (username, role, display, official_id) in &accounts {
            let id = Uuid::new_v4().to_string();
            let u = NewUser {
                id: &id,
                username: Some(username),
                nik: None,
                password_hash: hash,
                role: Role::parse(role).expect("demo roles are known"),
                office_code: Some(code),
                official_id: official_id.as_deref(),
                display_name: display,
            };
            db::users::insert(&mut **tx, &u, now).await?;
        }
    }
    Ok(())
}

fn official_name(rng: &mut Rng) -> String {
    const FIRST: &[&str] = &[
        "Yeskiel",
        "Ernest",
        "Marselinus",
        "Lodowik",
        "Adriana",
        "Welhelmina",
        "Hendrik",
        "Oktavianus",
        "Lusia",
        "Melkianus",
    ];
    const LAST: &[&str] =
        &["Loudoe", "Ludji", "Saudale", "Sinaga", "Nope", "Bessie", "Fanggidae", "Manafe", "Amalo", "Tallo"];
    format!("{} {}", rng.pick(FIRST), rng.pick(LAST))
}

/// A civil servant's NIP: birth date, appointment month, sex and serial.
fn nip(rng: &mut Rng) -> String {
    format!(
        "19{:02}{:02}{:02} {}{:02} {} {:03}",
        65 + rng.below(20),
        1 + rng.below(12),
        1 + rng.below(28),
        1995 + rng.below(20),
        1 + rng.below(12),
        1 + rng.below(2),
        1 + rng.below(20)
    )
}

fn demo_resident(r: &DemoResident) -> Resident {
    let (nik, name, sex, birth, relation, marital, kelurahan, kk) = *r;
    Resident {
        nik: Nik::parse(nik).expect("demo NIKs are valid"),
        no_kk: NoKk::parse(kk).expect("demo KK numbers are valid"),
        name: name.into(),
        birth_place: "KUPANG".into(),
        birth_date: chrono::NaiveDate::parse_from_str(birth, "%Y-%m-%d").expect("demo birth dates are valid"),
        sex: Sex::from_code(sex).expect("demo sexes are L or P"),
        religion: "KATHOLIK".into(),
        marital_status: marital.into(),
        occupation: if relation == "ANAK" { "PELAJAR/MAHASISWA" } else { "WIRASWASTA" }.into(),
        citizenship: "WNI".into(),
        address: "Jl. Frans Seda No. 12".into(),
        rt: "003".into(),
        rw: "001".into(),
        kelurahan_code: kelurahan.into(),
        family_relation: relation.into(),
        mother_name: if relation == "ANAK" { "MARIA GORETI LENDE" } else { "KATARINA NDUN" }.into(),
    }
}

pub fn title_case(s: &str) -> String {
    s.split_whitespace()
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c.flat_map(char::to_lowercase)).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn print_accounts(residents: usize, took: std::time::Duration) {
    println!(
        "Data demo Kota Kupang dimuat: 6 kecamatan, 51 kelurahan, {residents} penduduk ({:.1} s).",
        took.as_secs_f64()
    );
    print_logins();
}

/// The demo accounts (synthetic people; printed by the demo command, never by the server).
fn print_logins() {
    println!();
    println!("Akun demo (data sintetis):");
    println!("  Warga   NIK 5371045505900001  (Maria Goreti Lende, Kel. Oebobo)   kata sandi {RESIDENT_PASSWORD}");
    println!("  Warga   NIK 5371022001750001  (Yosef Benu, Kel. Oepura)           kata sandi {RESIDENT_PASSWORD}");
    println!("  Petugas kelurahan  petugas.oebobo      Lurah  lurah.oebobo       kata sandi {OFFICIAL_PASSWORD}");
    println!("  Sekretaris (a.n. Lurah)  sekretaris.oebobo                        kata sandi {OFFICIAL_PASSWORD}");
    println!("  Petugas kecamatan  petugas.kec.oebobo  Camat  camat.oebobo       kata sandi {OFFICIAL_PASSWORD}");
    println!(
        "  (setiap kelurahan/kecamatan: petugas.<nama>, lurah.<nama>, sekretaris.<nama>, petugas.kec.<nama>, camat.<nama>)"
    );
    println!("  Admin   admin                                                     kata sandi {OFFICIAL_PASSWORD}");
    let (nik, kk, name, birth, mother) = UNREGISTERED;
    println!(
        "  Daftar sendiri di /daftar: NIK {nik}, No. KK {kk}, lahir {birth}, ibu {} ({})",
        title_case(mother),
        title_case(name)
    );
    println!("  Passphrase tanda tangan elektronik (semua pejabat demo): {DEMO_SIGNING_PASSPHRASE}");
    println!("  Passphrase CA demo (untuk `serambi sertifikat terbitkan`): {DEMO_CA_PASSPHRASE}");
}
