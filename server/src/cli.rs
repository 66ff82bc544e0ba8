//! The `serambi` command.

use crate::config::Config;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(name = "serambi", version, about = "Serambi — layanan surat kelurahan")]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Start the web server (the default).
    Serve,
    /// Create the database if needed and apply migrations.
    Migrate,
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
}

#[derive(Debug, Subcommand)]
enum TemplatesCommand {
    /// Load and check every letter template; exit non-zero on the first broken one.
    Check,
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging();
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
            let db = crate::db::Db::connect(&cli.config.database_url, 4).await?;
            db.migrate().await?;
            crate::demo::load(&db, penduduk).await
        }
        Command::Templates { command: TemplatesCommand::Check } => {
            let catalogue = crate::catalogue::Catalogue::load(&cli.config.templates)?;
            for info in catalogue.infos() {
                println!("ok  {:<14} {}", info.code, info.title);
            }
            Ok(())
        }
    }
}

fn init_logging() {
    use tracing_subscriber::EnvFilter;
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stdout());
    let _ = tracing_subscriber::fmt().with_env_filter(filter).with_target(false).with_ansi(ansi).try_init();
}
