//! `serambi ca …` and `serambi sertifikat …`: the certificate authority and the officials'
//! certificates. Passphrases are read without echo from the terminal, or one per line from
//! standard input when it is not a terminal (for scripts); never from arguments.

use crate::config::Config;
use crate::db::{self, Db};
use crate::signing::authority;
use anyhow::{Context, bail};
use clap::Subcommand;
use std::io::{BufRead, IsTerminal};
use zeroize::Zeroizing;

use crate::accounts::staff::Manager;

fn said(e: crate::error::Error) -> anyhow::Error {
    anyhow::anyhow!("{}", app::AppError::from(e).messages().join("\n"))
}

#[derive(Debug, Subcommand)]
pub enum CaCommand {
    /// Create the CA (once, at setup). Asks for the CA passphrase, which issuing needs.
    Buat {
        /// The organisation named in every certificate.
        #[arg(long, default_value = "Pemerintah Kota Kupang")]
        organisasi: String,
        /// The CA's own name.
        #[arg(long, default_value = "Serambi CA Kota Kupang")]
        nama: String,
        /// Years the CA is valid.
        #[arg(long, default_value_t = 10)]
        tahun: u32,
    },
    /// Show the CA and print its certificate (PEM) for verifiers' trust stores.
    Tampil,
}

#[derive(Debug, Subcommand)]
pub enum CertificateCommand {
    /// Issue a signing certificate to the official behind an account (e.g. lurah.oebobo). Asks for
    /// the CA passphrase, then the official types their own passphrase twice.
    Terbitkan {
        pengguna: String,
        /// Years the certificate is valid.
        #[arg(long, default_value_t = 2)]
        tahun: u32,
    },
    /// List the officials and their certificates.
    Daftar,
    /// Certificate requests officials made from their page, waiting for approval.
    Permintaan,
    /// Approve a waiting request (asks for the CA passphrase); the certificate is issued then.
    Setujui { id: String },
    /// Refuse a waiting request, with a reason.
    Tolak {
        id: String,
        #[arg(long)]
        alasan: String,
    },
    /// Revoke the certificate of the official behind an account; it signs nothing after.
    Cabut {
        pengguna: String,
        #[arg(long)]
        alasan: String,
    },
}

pub async fn ca(config: Config, command: CaCommand) -> anyhow::Result<()> {
    let db = connect(&config).await?;
    match command {
        CaCommand::Buat { organisasi, nama, tahun } => {
            let passphrase = new_passphrase("Passphrase CA baru")?;
            let info =
                authority::create(&db, &organisasi, &nama, &passphrase, tahun, authority::Protection::Standard).await?;
            println!("CA dibuat: {}", info.subject);
            println!("  serial        {}", info.serial);
            println!("  berlaku       {} s.d. {}", info.not_before.date_naive(), info.not_after.date_naive());
            println!("Simpan passphrase CA di tempat aman: ia diperlukan untuk menerbitkan sertifikat pejabat.");
        }
        CaCommand::Tampil => {
            let ca = db::signing::active_authority(&db.pool)
                .await?
                .context("Belum ada CA. Buat dengan `serambi ca buat`.")?;
            eprintln!("CA: {}", ca.subject);
            eprintln!("  serial        {}", ca.serial);
            eprintln!(
                "  berlaku       {} s.d. {}",
                authority::date_label(ca.not_before),
                authority::date_label(ca.not_after)
            );
            print!("{}", authority::certificate_pem(&db).await?.unwrap_or_default());
        }
    }
    Ok(())
}

pub async fn certificates(config: Config, command: CertificateCommand) -> anyhow::Result<()> {
    let db = connect(&config).await?;
    match command {
        CertificateCommand::Terbitkan { pengguna, tahun } => {
            let user = db::users::by_username(&db.pool, &pengguna)
                .await?
                .with_context(|| format!("akun {pengguna} tidak ada"))?;
            let official_id =
                user.official_id.with_context(|| format!("akun {pengguna} bukan pejabat penanda tangan"))?;
            let official = db::offices::official(&db.pool, &official_id).await?.context("data pejabat tidak ada")?;
            println!("Menerbitkan sertifikat untuk {} ({}), NIP {}", official.name, official.position, official.nip);
            let ca_passphrase = read_secret("Passphrase CA")?;
            let passphrase =
                new_passphrase(&format!("Passphrase tanda tangan {} (diketik oleh pejabat)", official.name))?;
            let info = authority::issue(&db, &official, &ca_passphrase, &passphrase, tahun).await?;
            println!("Sertifikat diterbitkan: {}", info.subject);
            println!("  serial        {}", info.serial);
            println!("  berlaku       {} s.d. {}", info.not_before.date_naive(), info.not_after.date_naive());
        }
        CertificateCommand::Permintaan => {
            let waiting = crate::signing::enrolment::pending(&db, Manager::Cli).await.map_err(said)?;
            for p in &waiting {
                println!(
                    "{}  {:<28} {:<36} diminta {}",
                    p.request.id,
                    p.official_name,
                    p.position,
                    authority::date_label(p.request.created_at)
                );
            }
            println!("{} permintaan menunggu.", waiting.len());
        }
        CertificateCommand::Setujui { id } => {
            let ca_passphrase = read_secret("Passphrase CA")?;
            let info =
                crate::signing::enrolment::approve(&db, Manager::Cli, &id, &ca_passphrase).await.map_err(said)?;
            println!("Sertifikat diterbitkan: {}", info.subject);
            println!("  serial        {}", info.serial);
        }
        CertificateCommand::Tolak { id, alasan } => {
            crate::signing::enrolment::reject(&db, Manager::Cli, &id, &alasan).await.map_err(said)?;
            println!("Permintaan ditolak.");
        }
        CertificateCommand::Cabut { pengguna, alasan } => {
            let row = crate::accounts::staff::by_username(&db, Manager::Cli, &pengguna).await.map_err(said)?;
            let id = row.user.id.parse().context("id akun")?;
            crate::signing::enrolment::revoke(&db, Manager::Cli, id, &alasan).await.map_err(said)?;
            println!("Sertifikat {pengguna} dicabut.");
        }
        CertificateCommand::Daftar => {
            let certificates = db::signing::current_certificates(&db.pool).await?;
            for official in db::offices::officials(&db.pool).await? {
                let cert = certificates.iter().find(|c| c.official_id == official.id);
                let state = match cert {
                    Some(c) => format!("serial {} berlaku s.d. {}", c.serial, authority::date_label(c.not_after)),
                    None => "belum ada sertifikat".into(),
                };
                println!("{:<44} {:<28} {state}", official.position, official.name);
            }
        }
    }
    Ok(())
}

async fn connect(config: &Config) -> anyhow::Result<Db> {
    let db = Db::connect(&config.database_url, 2).await?;
    db.migrate().await?;
    Ok(db)
}

/// One secret: hidden at a terminal, else the next line of standard input.
pub(super) fn read_secret(prompt: &str) -> anyhow::Result<Zeroizing<String>> {
    if std::io::stdin().is_terminal() {
        return Ok(Zeroizing::new(rpassword::prompt_password(format!("{prompt}: "))?));
    }
    let mut line = Zeroizing::new(String::new());
    std::io::stdin().lock().read_line(&mut line)?;
    let secret = Zeroizing::new(line.trim_end_matches(['\r', '\n']).to_string());
    if secret.is_empty() {
        bail!("{prompt}: tidak ada masukan");
    }
    Ok(secret)
}

/// A new secret, typed twice (two lines from standard input when it is not a terminal).
pub(super) fn new_passphrase(prompt: &str) -> anyhow::Result<Zeroizing<String>> {
    let first = read_secret(prompt)?;
    if first.chars().count() < tte::MIN_PASSPHRASE_CHARS {
        bail!("Passphrase minimal {} karakter.", tte::MIN_PASSPHRASE_CHARS);
    }
    if read_secret("Ulangi")? != first {
        bail!("Kedua passphrase tidak sama.");
    }
    Ok(first)
}
