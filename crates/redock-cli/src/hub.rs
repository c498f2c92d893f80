//! `redock hub …`: the hub's server and its admin commands, in the same binary as the station.

use anyhow::{Context, Result};
use clap::Subcommand;
use redock_hub::config::Config;
use std::path::PathBuf;

#[derive(Subcommand)]
pub enum HubCommand {
    /// Serve the hub's API (migrate first).
    Serve {
        /// hub.toml (listen, database_url, pool_size, behind_tls_proxy); the environment overrides it.
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Bring the hub's database to this version's schema.
    Migrate {
        #[arg(long)]
        config: Option<PathBuf>,
    },
    /// Sites, enrolment codes and tokens.
    Admin {
        #[arg(long, global = true)]
        config: Option<PathBuf>,
        #[command(subcommand)]
        what: AdminCommand,
    },
}

#[derive(Subcommand)]
pub enum AdminCommand {
    /// Create (or rename) a site of an organisation.
    Site {
        #[arg(long)]
        org: String,
        #[arg(long)]
        id: String,
        #[arg(long)]
        name: String,
    },
    /// A one-time enrolment code for a station of a site.
    EnrolCode {
        #[arg(long)]
        site: String,
        /// Hours the code stays valid.
        #[arg(long, default_value_t = 24)]
        hours: u32,
    },
    /// Revoke a station's token: it stops at its next request.
    Revoke {
        #[arg(long)]
        site: String,
        #[arg(long)]
        station: String,
    },
}

fn runtime() -> Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("starting the hub's runtime")
}

pub fn run(cmd: HubCommand) -> Result<()> {
    let rt = runtime()?;
    match cmd {
        HubCommand::Serve { config } => {
            let config = Config::load(config.as_deref())?;
            rt.block_on(async {
                let shutdown = async {
                    let _ = tokio::signal::ctrl_c().await;
                };
                redock_hub::serve(&config, shutdown).await
            })?;
        }
        HubCommand::Migrate { config } => {
            let config = Config::load(config.as_deref())?;
            let applied = rt.block_on(async {
                let pool = redock_hub::db::pool(&config.database_url, 2)?;
                redock_hub::db::migrate(&pool).await
            })?;
            if applied.is_empty() {
                println!("the hub's database is up to date");
            } else {
                println!("applied {}", applied.join(", "));
            }
        }
        HubCommand::Admin { config, what } => {
            let config = Config::load(config.as_deref())?;
            rt.block_on(async {
                let pool = redock_hub::db::pool(&config.database_url, 2)?;
                match what {
                    AdminCommand::Site { org, id, name } => {
                        redock_hub::auth::ensure_site(&pool, &org, &id, &name).await?;
                        println!("site {id} ({name}) of {org}");
                    }
                    AdminCommand::EnrolCode { site, hours } => {
                        let code = redock_hub::auth::enrol_code(&pool, &site, hours).await?;
                        println!("{code}");
                    }
                    AdminCommand::Revoke { site, station } => {
                        if redock_hub::auth::revoke(&pool, &site, &station).await? {
                            println!("station {station} of {site} revoked");
                        } else {
                            println!("station {station} of {site} was not active");
                        }
                    }
                }
                Ok::<_, redock_hub::HubError>(())
            })?;
        }
    }
    Ok(())
}
