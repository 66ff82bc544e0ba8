//! `serambi init` (first start for real) and `serambi akun …` (staff accounts from the command
//! line, with the city's authority). Passwords and passphrases are read without echo at a
//! terminal, or one per line from standard input (for scripts); never from arguments.

use super::tte::{new_passphrase, read_secret};
use crate::accounts::{passwords, staff};
use crate::config::Config;
use crate::db::{self, Db};
use anyhow::Context;
use clap::Subcommand;
use std::io::{BufRead, IsTerminal, Write};

#[derive(Debug, Subcommand)]
pub enum AccountCommand {
    /// List staff accounts (with last login and certificate state).
    Daftar {
        /// Only those whose name, user name, NIP or office contains this.
        #[arg(long, default_value = "")]
        cari: String,
    },
    /// Create a staff account; asks for its first password twice.
    Buat {
        #[arg(long)]
        pengguna: String,
        /// Full name with titles, as printed under a signature.
        #[arg(long)]
        nama: String,
        /// petugas, lurah, kepala-desa, sekretaris, petugas-kecamatan, camat, admin-kantor, admin.
        #[arg(long)]
        peran: String,
        /// The office's Kemendagri code (not for admin).
        #[arg(long)]
        kantor: Option<String>,
        #[arg(long, default_value = "")]
        nip: String,
        /// Pangkat/golongan, e.g. "Penata Tk. I (III/d)".
        #[arg(long, default_value = "")]
        pangkat: String,
        /// Jabatan as printed; default from the office ("Kepala Desa Oelnasi").
        #[arg(long, default_value = "")]
        jabatan: String,
        /// The official's NIK for a BSrE-style signing service.
        #[arg(long, default_value = "")]
        nik_tte: String,
    },
    /// Change an account's name, NIP, rank, position or signer NIK (unset flags keep theirs).
    Ubah {
        pengguna: String,
        #[arg(long)]
        nama: Option<String>,
        #[arg(long)]
        nip: Option<String>,
        #[arg(long)]
        pangkat: Option<String>,
        #[arg(long)]
        jabatan: Option<String>,
        #[arg(long)]
        nik_tte: Option<String>,
    },
    /// Disable an account: it cannot log in and its sessions end at once.
    Nonaktifkan {
        pengguna: String,
        #[arg(long, default_value = "")]
        alasan: String,
    },
    /// Enable a disabled account.
    Aktifkan { pengguna: String },
    /// Make a one-time password reset code (valid 24 hours) for a staff account.
    KodePulih { pengguna: String },
}

async fn connect(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database_url, 2).await?;
    db.migrate().await?;
    Ok(db)
}

/// A service error as the command line shows it: the Indonesian messages.
fn said(e: crate::error::Error) -> anyhow::Error {
    let e = app::AppError::from(e);
    anyhow::anyhow!("{}", e.messages().join("\n"))
}

pub async fn accounts(config: Config, command: AccountCommand) -> anyhow::Result<()> {
    let db = connect(&config).await?;
    let by = staff::Manager::Cli;
    match command {
        AccountCommand::Daftar { cari } => {
            let rows = staff::list(&db, by, &cari).await.map_err(said)?;
            for r in &rows {
                let u = &r.user;
                let cert = match (r.cert_not_after, r.cert_pending) {
                    (Some(until), _) => format!("sertifikat s.d. {}", crate::signing::authority::date_label(until)),
                    (None, n) if n > 0 => "sertifikat menunggu persetujuan".into(),
                    _ if u.official_id.is_some() => "belum ada sertifikat".into(),
                    _ => String::new(),
                };
                let last = u.last_login_at.map(crate::signing::authority::date_label).unwrap_or_else(|| "-".into());
                println!(
                    "{:<28} {:<18} {:<30} {:<8} masuk {:<10} {}",
                    u.username.as_deref().unwrap_or(""),
                    u.role.as_str(),
                    u.office_name.as_deref().unwrap_or("(kota/kabupaten)"),
                    if u.active == 1 { "aktif" } else { "NONAKTIF" },
                    last,
                    cert
                );
            }
            println!("{} akun.", rows.len());
        }
        AccountCommand::Buat { pengguna, nama, peran, kantor, nip, pangkat, jabatan, nik_tte } => {
            let (role, secretary) = staff::role_choice(&peran).with_context(|| {
                format!(
                    "Peran {peran:?} tidak dikenal; pilih salah satu: {}",
                    staff::ROLE_CHOICES.iter().map(|c| c.0).collect::<Vec<_>>().join(", ")
                )
            })?;
            let password = new_password(&format!("Kata sandi pertama untuk {pengguna}"))?;
            let input = staff::NewStaff {
                username: pengguna.clone(),
                display_name: nama,
                role: Some(role),
                secretary,
                office_code: kantor,
                nip,
                rank: pangkat,
                position: jabatan,
                signer_nik: nik_tte,
                password: password.to_string(),
            };
            staff::create(&db, by, input).await.map_err(said)?;
            println!("Akun {pengguna} dibuat.");
        }
        AccountCommand::Ubah { pengguna, nama, nip, pangkat, jabatan, nik_tte } => {
            let row = staff::by_username(&db, by, &pengguna).await.map_err(said)?;
            let id = row.user.id.parse().context("id akun")?;
            let change = staff::StaffChange {
                display_name: nama.unwrap_or(row.user.display_name.clone()),
                nip: nip.unwrap_or(row.nip.clone().unwrap_or_default()),
                rank: pangkat.unwrap_or(row.rank.clone().unwrap_or_default()),
                position: jabatan.unwrap_or(row.position.clone().unwrap_or_default()),
                signer_nik: nik_tte.unwrap_or(row.signer_nik.clone().unwrap_or_default()),
            };
            staff::update(&db, by, id, change).await.map_err(said)?;
            println!("Akun {pengguna} diubah.");
        }
        AccountCommand::Nonaktifkan { pengguna, alasan } => {
            let row = staff::by_username(&db, by, &pengguna).await.map_err(said)?;
            staff::set_active(&db, by, row.user.id.parse()?, false, &alasan).await.map_err(said)?;
            println!("Akun {pengguna} dinonaktifkan; semua sesinya berakhir.");
        }
        AccountCommand::Aktifkan { pengguna } => {
            let row = staff::by_username(&db, by, &pengguna).await.map_err(said)?;
            staff::set_active(&db, by, row.user.id.parse()?, true, "").await.map_err(said)?;
            println!("Akun {pengguna} diaktifkan.");
        }
        AccountCommand::KodePulih { pengguna } => {
            let row = staff::by_username(&db, by, &pengguna).await.map_err(said)?;
            let code = passwords::reset_staff(&db, by, row.user.id.parse()?).await.map_err(said)?;
            println!("Kode pemulihan untuk {} ({pengguna}): {}", code.name, code.code);
            println!(
                "Berlaku 24 jam, sekali pakai. Berikan langsung kepada pemilik akun; kode ini tidak ditampilkan lagi."
            );
            println!("Pemilik akun membuka /pulihkan, memasukkan kode, lalu membuat kata sandi baru.");
        }
    }
    Ok(())
}

/// A new password, typed twice (two lines from standard input when it is not a terminal).
fn new_password(prompt: &str) -> anyhow::Result<zeroize::Zeroizing<String>> {
    let first = read_secret(prompt)?;
    if read_secret("Ulangi")? != first {
        anyhow::bail!("Kedua kata sandi tidak sama.");
    }
    Ok(first)
}

/// One line of plain (not secret) input.
fn ask(prompt: &str) -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        print!("{prompt}: ");
        std::io::stdout().flush()?;
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    Ok(line.trim().to_string())
}

pub async fn init(
    config: Config,
    wilayah: String,
    admin_nama: Option<String>,
    admin_pengguna: Option<String>,
) -> anyhow::Result<()> {
    let db = connect(&config).await?;
    // Check what can be checked before asking for anything.
    if db::offices::count(&db.pool).await? > 0 {
        anyhow::bail!(
            "Basis data ini sudah berisi kantor; `serambi init` hanya untuk basis data kosong. \
             Untuk memulai dari awal gunakan basis data baru (DATABASE_URL)."
        );
    }
    let daerah = crate::offices::setup::daerah(&db, &wilayah).await?;
    println!("Menyiapkan Serambi untuk {} ({}).", daerah.name, daerah.code);
    let ca_passphrase = new_passphrase("Passphrase CA baru (simpan di tempat aman)")?;
    let admin_name = match admin_nama {
        Some(n) => n,
        None => ask("Nama lengkap administrator")?,
    };
    let admin_username = match admin_pengguna {
        Some(u) => u,
        None => ask("Nama pengguna administrator")?,
    };
    let admin_password = new_password("Kata sandi administrator (minimal 10 karakter)")?;
    let created = crate::offices::setup::init(
        &db,
        crate::offices::setup::Init { wilayah, ca_passphrase, admin_name, admin_username, admin_password },
    )
    .await?;
    println!(
        "{}: {} kecamatan, {} kelurahan, {} desa dibuat.",
        created.daerah, created.kecamatan, created.kelurahan, created.desa
    );
    println!("CA dibuat: {}", created.ca_subject);
    println!("Administrator dibuat. Langkah berikutnya: impor data penduduk (`serambi import penduduk FILE.csv`),");
    println!("lalu masuk sebagai administrator dan buat akun petugas dan pejabat di /admin/akun.");
    Ok(())
}
