//! The `serambi` command.

use crate::config::Config;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

mod accounts;
mod audit;
mod backup;
mod files;
mod holidays;
mod population;
mod regions;
mod tte;

#[derive(Debug, Parser)]
#[command(name = "serambi", version, about = "Serambi — layanan surat kelurahan")]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

// Parsed once at start-up; the size of the larger variants does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum Command {
    /// Start the web server (the default).
    Serve,
    /// Create the database if needed and apply migrations.
    Migrate,
    /// First start for real: a kota's or kabupaten's offices from the region list, the
    /// deployment's CA and the first administrator. Only on an empty database.
    Init {
        /// The kota or kabupaten code, e.g. 53.01 (Kabupaten Kupang) or 53.71 (Kota Kupang).
        #[arg(long)]
        wilayah: String,
        /// The first administrator's full name (asked when not given).
        #[arg(long)]
        admin_nama: Option<String>,
        /// The first administrator's user name (asked when not given).
        #[arg(long)]
        admin_pengguna: Option<String>,
    },
    /// Staff accounts: list, create, change, disable, enable, reset codes.
    Akun {
        #[command(subcommand)]
        command: accounts::AccountCommand,
    },
    /// Load the Kota Kupang demo: offices, officials, accounts and a synthetic population.
    Demo {
        /// How many synthetic residents to generate (at least).
        #[arg(long, default_value_t = 10_000)]
        penduduk: usize,
    },
    /// Letter templates.
    Templates {
        #[command(subcommand)]
        command: TemplatesCommand,
    },
    /// Office settings: paper, margins, kop surat, emblem, letter numbers.
    Kantor {
        #[command(subcommand)]
        command: KantorCommand,
    },
    /// The deployment's own certificate authority for electronic signatures (TTE).
    Ca {
        #[command(subcommand)]
        command: tte::CaCommand,
    },
    /// Signing officials' certificates.
    Sertifikat {
        #[command(subcommand)]
        command: tte::CertificateCommand,
    },
    /// Import data: `serambi import penduduk FILE.csv`.
    Import {
        #[command(subcommand)]
        command: population::ImportCommand,
    },
    /// The Kemendagri region list: `serambi wilayah impor [FILE]`, `serambi wilayah tampil [KODE]`.
    Wilayah {
        #[command(subcommand)]
        command: regions::WilayahCommand,
    },
    /// The tamper-evident audit log: `serambi audit periksa` checks its hash chain.
    Audit {
        #[command(subcommand)]
        command: audit::AuditCommand,
    },
    /// Days off for the working-day calendar: `serambi libur daftar|tambah|hapus`.
    Libur {
        #[command(subcommand)]
        command: holidays::LiburCommand,
    },
    /// Stored files: `serambi berkas rapikan [--kering]` sweeps files no row points to.
    Berkas {
        #[command(subcommand)]
        command: files::BerkasCommand,
    },
    /// Backups: `serambi cadangan buat DIR`, `serambi cadangan pulihkan ARSIP`.
    Cadangan {
        #[command(subcommand)]
        command: backup::CadanganCommand,
    },
    /// Write synthetic sample files (for benchmarks and trying the import).
    Contoh {
        #[command(subcommand)]
        command: population::SampleCommand,
    },
}

#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
enum KantorCommand {
    /// Show an office's settings (KODE is the Kemendagri code, e.g. 53.71.04.1001).
    Tampil { kode: String },
    /// Change an office's settings; a sample letter is rendered with them before they are saved.
    Atur {
        kode: String,
        /// a4 or f4 (215 × 330 mm).
        #[arg(long)]
        kertas: Option<String>,
        /// Margins in mm: top,right,bottom,left (e.g. 25,20,25,30).
        #[arg(long)]
        margin: Option<String>,
        /// A text file with the kop surat lines (one per line); an empty file restores the default.
        #[arg(long)]
        kop: Option<std::path::PathBuf>,
        /// Letter number pattern, e.g. "{klasifikasi}/{urut:03}/{unit}/{bulan_romawi}/{tahun}".
        #[arg(long)]
        pola: Option<String>,
        /// Counter scope: kantor (one sequence per office and year) or klasifikasi (one per classification).
        #[arg(long)]
        lingkup: Option<String>,
        #[arg(long)]
        alamat: Option<String>,
        #[arg(long)]
        tempat: Option<String>,
        /// Unit code used in numbers, e.g. KEL-OBB.
        #[arg(long)]
        kode_unit: Option<String>,
        /// Emblem image (PNG or JPEG) shown left of the kop.
        #[arg(long, conflicts_with = "tanpa_lambang")]
        lambang: Option<std::path::PathBuf>,
        /// Remove the emblem.
        #[arg(long)]
        tanpa_lambang: bool,
        /// A kelurahan/desa: whether residents need an activation code from the counter to
        /// register (`ya` or `tidak`).
        #[arg(long, value_parser = ["ya", "tidak"])]
        wajib_kode_aktivasi: Option<String>,
    },
}

#[derive(Debug, Subcommand)]
enum TemplatesCommand {
    /// Load and check every letter template; exit non-zero on the first broken one.
    Check,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(cli.config.log_format == "json");
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("galat: {e:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => crate::serve(cli.config).await,
        Command::Migrate => {
            let db = crate::db::Db::connect(&cli.config.database_url, 2).await?;
            db.migrate().await?;
            println!("Migrasi selesai.");
            Ok(())
        }
        Command::Demo { penduduk } => {
            if cli.config.production() {
                anyhow::bail!(
                    "Mode produksi (SERAMBI_MODE=produksi atau alamat publik https): `serambi demo` tidak dijalankan. \
                     Siapkan daerah Anda dengan `serambi init --wilayah KODE`."
                );
            }
            let db = crate::db::Db::connect(&cli.config.database_url, 4).await?;
            db.migrate().await?;
            crate::demo::load(&db, penduduk).await
        }
        Command::Templates { command: TemplatesCommand::Check } => {
            let catalogue = crate::catalogue::Catalogue::load(&cli.config.templates, cli.config.max_upload_bytes())?;
            for info in catalogue.all() {
                println!("ok  {:<16} {}", info.code, info.title);
            }
            println!("{} jenis surat diperiksa.", catalogue.all().len());
            Ok(())
        }
        Command::Kantor { command } => kantor(cli.config, command).await,
        Command::Init { wilayah, admin_nama, admin_pengguna } => {
            accounts::init(cli.config, wilayah, admin_nama, admin_pengguna).await
        }
        Command::Akun { command } => accounts::accounts(cli.config, command).await,
        Command::Ca { command } => tte::ca(cli.config, command).await,
        Command::Sertifikat { command } => tte::certificates(cli.config, command).await,
        Command::Wilayah { command } => regions::run(cli.config, command).await,
        Command::Audit { command } => audit::run(cli.config, command).await,
        Command::Libur { command } => holidays::run(cli.config, command).await,
        Command::Import { command } => population::import(cli.config, command).await,
        Command::Contoh { command } => population::sample(cli.config, command).await,
        Command::Berkas { command } => files::run(cli.config, command).await,
        Command::Cadangan { command } => backup::run(cli.config, command).await,
    }
}

async fn kantor(config: Config, command: KantorCommand) -> anyhow::Result<()> {
    let services = crate::Services::start(config).await?;
    let office = match command {
        KantorCommand::Tampil { kode } => crate::db::offices::get(&services.db.pool, &kode)
            .await?
            .ok_or_else(|| anyhow::anyhow!("kantor {kode} tidak ada"))?,
        KantorCommand::Atur {
            kode,
            kertas,
            margin,
            kop,
            pola,
            lingkup,
            alamat,
            tempat,
            kode_unit,
            lambang,
            tanpa_lambang,
            wajib_kode_aktivasi,
        } => {
            let read = |p: &std::path::Path| std::fs::read(p).map_err(|e| anyhow::anyhow!("{}: {e}", p.display()));
            let change = crate::offices::service::Change {
                paper: kertas,
                margins_mm: margin
                    .map(|m| crate::offices::service::parse_margins(&m))
                    .transpose()
                    .map_err(anyhow::Error::msg)?,
                kop_lines: kop
                    .map(|p| read(&p).map(|b| String::from_utf8_lossy(&b).lines().map(String::from).collect()))
                    .transpose()?,
                number_pattern: pola,
                counter_scope: lingkup,
                address: alamat,
                place: tempat,
                unit_code: kode_unit,
                emblem: if tanpa_lambang { Some(None) } else { lambang.map(|p| read(&p)).transpose()?.map(Some) },
                activation_required: wajib_kode_aktivasi.map(|v| v == "ya"),
            };
            match crate::offices::service::apply(&services, None, &kode, change).await {
                Ok(o) => o,
                Err(e) => {
                    let e = app::AppError::from(e);
                    anyhow::bail!("{}", e.messages().join("\n"))
                }
            }
        }
    };
    println!("{} {} ({})", office.kind, office.name, office.code);
    println!("  kertas        {}", office.paper);
    println!(
        "  margin (mm)   atas {} kanan {} bawah {} kiri {}",
        office.margin_top_mm, office.margin_right_mm, office.margin_bottom_mm, office.margin_left_mm
    );
    println!(
        "  kop           {}",
        if office.kop_lines.is_empty() { "(bawaan)".into() } else { office.kop_lines.replace('\n', " / ") }
    );
    println!("  lambang       {}", if office.emblem_key.is_some() { "ada" } else { "tidak ada" });
    println!("  pola nomor    {}", office.number_pattern);
    println!("  lingkup       {}", office.counter_scope);
    println!("  kode unit     {}", office.unit_code);
    println!("  alamat        {}, {}", office.address, office.place);
    if matches!(office.kind.as_str(), "kelurahan" | "desa") {
        println!("  kode aktivasi {}", if office.activation_required == 1 { "wajib" } else { "tidak wajib" });
    }
    Ok(())
}

/// Text lines for people, or JSON objects (`SERAMBI_LOG_FORMAT=json`) for log collectors. What
/// is logged is the same either way: ids, never NIK or KK numbers.
fn init_logging(json: bool) {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_target(false);
    let _ = if json {
        builder.json().flatten_event(true).with_current_span(false).try_init()
    } else {
        builder.with_ansi(ansi).try_init()
    };
}
