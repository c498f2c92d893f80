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
    /// Print the hub's OpenAPI 3.1 document (JSON), as `/v1/openapi.json` serves it.
    Openapi,
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
    /// The site's stations: when enrolled, last seen, their backlog, revoked or not.
    Stations {
        #[arg(long)]
        site: String,
    },
    /// Revoke a station's token: it stops at its next request.
    Revoke {
        #[arg(long)]
        site: String,
        #[arg(long)]
        station: String,
    },
    /// Operators of a site, who log in at its stations (the PIN is read from stdin).
    Operator {
        #[command(subcommand)]
        what: OperatorCommand,
    },
    /// The site's grading sets.
    GradingSet {
        #[command(subcommand)]
        what: PutFile,
    },
    /// The site's disposition rule table.
    Rules {
        #[command(subcommand)]
        what: RulesCommand,
    },
    /// A vendor's return agreement, for every station of the site.
    Vendor {
        #[command(subcommand)]
        what: VendorCommand,
    },
    /// A setting of every station of the site (receiving, fraud, site, session).
    Setting {
        #[command(subcommand)]
        what: SettingCommand,
    },
    /// A shop whose returns come to the site (made or changed); its stations get it.
    Shop {
        #[arg(long)]
        site: String,
        #[arg(long)]
        shop: String,
        #[arg(long)]
        name: String,
        /// The shop's RMA codes, as a regular expression (e.g. `^RMA-\d{6}$`).
        #[arg(long)]
        rma_pattern: String,
        #[arg(long, default_value_t = 30)]
        return_window_days: u32,
    },
    /// A new integrator key for a shop (printed once): it reads and writes that shop's returns.
    ShopKey {
        #[arg(long)]
        site: String,
        #[arg(long)]
        shop: String,
    },
    /// The site's integrator keys (of one shop with --shop): ids and dates, never the keys.
    ShopKeys {
        #[arg(long)]
        site: String,
        #[arg(long)]
        shop: Option<String>,
    },
    /// A shop's webhook endpoints (what the shop does with its key through the API).
    Webhook {
        #[command(subcommand)]
        what: WebhookCommand,
    },
    /// Revoke an integrator key by its id (the third part of the key).
    RevokeShopKey {
        #[arg(long)]
        site: String,
        #[arg(long)]
        key_id: String,
    },
}

#[derive(Subcommand)]
pub enum OperatorCommand {
    /// Add an operator; the PIN (4–12 digits) is read from stdin, hashed, and sent to the site's
    /// stations only.
    Add {
        #[arg(long)]
        site: String,
        #[arg(long)]
        badge: String,
        #[arg(long)]
        name: String,
        /// inspector, supervisor or admin.
        #[arg(long)]
        role: String,
        #[arg(long, default_value = "en")]
        language: String,
        /// The operator's id (default: `op-` and the badge).
        #[arg(long)]
        id: Option<String>,
    },
    /// A new PIN (read from stdin).
    SetPin {
        #[arg(long)]
        site: String,
        #[arg(long)]
        id: String,
    },
    /// The operator may no longer log in.
    Disable {
        #[arg(long)]
        site: String,
        #[arg(long)]
        id: String,
    },
}

#[derive(Subcommand)]
pub enum PutFile {
    /// Put a JSON file, validated as the station validates it.
    Put {
        #[arg(long)]
        site: String,
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum RulesCommand {
    /// Put a JSON file, validated as the station validates it.
    Put {
        #[arg(long)]
        site: String,
        file: PathBuf,
    },
    /// Try a table on the site's last 1,000 rule decisions first: which units would go
    /// elsewhere, and the recovery difference. Nothing is written.
    DryRun {
        #[arg(long)]
        site: String,
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum WebhookCommand {
    /// Add an endpoint; its signing secret is printed once.
    Add {
        #[arg(long)]
        site: String,
        #[arg(long)]
        shop: String,
        /// https (http only on loopback).
        #[arg(long)]
        url: String,
        /// Comma-separated: return.received, unit.inspected, unit.decided, return.completed,
        /// exception.recorded, sla.breached.
        #[arg(long, value_delimiter = ',')]
        types: Vec<String>,
    },
    /// The shop's endpoints, with why a disabled one was disabled.
    List {
        #[arg(long)]
        site: String,
        #[arg(long)]
        shop: String,
    },
    /// Enable a disabled endpoint: what waited for it is sent.
    Enable {
        #[arg(long)]
        site: String,
        #[arg(long)]
        shop: String,
        #[arg(long)]
        endpoint: String,
    },
}

#[derive(Subcommand)]
pub enum VendorCommand {
    Put {
        #[arg(long)]
        site: String,
        vendor: String,
        /// eligible, forced or prohibited.
        #[arg(long)]
        rtv: String,
        #[arg(long)]
        window_days: u32,
        /// The credit, in basis points of the cost.
        #[arg(long)]
        credit_bp: u32,
    },
}

#[derive(Subcommand)]
pub enum SettingCommand {
    Put {
        #[arg(long)]
        site: String,
        key: String,
        /// The value, as JSON.
        value: String,
    },
}

/// The PIN, from the first line of stdin (never an argument: it would show in `ps`).
fn read_pin() -> Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("reading the PIN from stdin")?;
    Ok(line.trim().to_string())
}

fn read_file(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))
}

fn role(s: &str) -> Result<redock_events::payloads::Role> {
    serde_json::from_value(serde_json::Value::String(s.to_string()))
        .map_err(|_| anyhow::anyhow!("the role is inspector, supervisor or admin, not {s:?}"))
}

fn written(what: &str, site: &str, change: Option<i64>) {
    match change {
        Some(n) => println!("{what} put for site {site} (change {n})"),
        None => println!("site {site} already holds {what}: nothing changed"),
    }
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
        HubCommand::Openapi => println!("{}", redock_hub::api::openapi()),
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
                    AdminCommand::Operator { what } => match what {
                        OperatorCommand::Add {
                            site,
                            badge,
                            name,
                            role: r,
                            language,
                            id,
                        } => {
                            let id = id.unwrap_or_else(|| format!("op-{badge}"));
                            let op = redock_hub::refdata::NewOperator {
                                operator_id: &id,
                                badge: &badge,
                                name: &name,
                                role: role(&r)?,
                                language: &language,
                                pin: &read_pin()?,
                            };
                            let n = redock_hub::refdata::add_operator(&pool, &site, &op).await?;
                            println!("operator {id} ({badge}) added to site {site} (change {n})");
                        }
                        OperatorCommand::SetPin { site, id } => {
                            let n = redock_hub::refdata::set_pin(&pool, &site, &id, &read_pin()?).await?;
                            println!("operator {id} of site {site}: new PIN (change {n})");
                        }
                        OperatorCommand::Disable { site, id } => {
                            let n = redock_hub::refdata::disable_operator(&pool, &site, &id).await?;
                            println!("operator {id} of site {site} disabled (change {n})");
                        }
                    },
                    AdminCommand::GradingSet {
                        what: PutFile::Put { site, file },
                    } => {
                        let n =
                            redock_hub::refdata::put_grading_set(&pool, &site, &read_file(&file)?).await?;
                        written(&format!("grading set {}", file.display()), &site, n);
                    }
                    AdminCommand::Rules {
                        what: RulesCommand::Put { site, file },
                    } => {
                        let n = redock_hub::refdata::put_rules(&pool, &site, &read_file(&file)?).await?;
                        written(&format!("rule table {}", file.display()), &site, n);
                    }
                    AdminCommand::Rules {
                        what: RulesCommand::DryRun { site, file },
                    } => {
                        let run =
                            redock_hub::refdata::dry_run_rules(&pool, &site, &read_file(&file)?).await?;
                        println!("{}", serde_json::to_string_pretty(&run)?);
                    }
                    AdminCommand::Vendor {
                        what:
                            VendorCommand::Put {
                                site,
                                vendor,
                                rtv,
                                window_days,
                                credit_bp,
                            },
                    } => {
                        let rtv =
                            serde_json::from_value(serde_json::Value::String(rtv.clone())).map_err(|_| {
                                anyhow::anyhow!("rtv is eligible, forced or prohibited, not {rtv:?}")
                            })?;
                        let agreement = redock_events::payloads::VendorAgreement {
                            rtv,
                            window_days,
                            credit_bp,
                        };
                        let n = redock_hub::refdata::put_vendor(&pool, &site, &vendor, agreement).await?;
                        println!("vendor {vendor} of site {site} (change {n})");
                    }
                    AdminCommand::Setting {
                        what: SettingCommand::Put { site, key, value },
                    } => {
                        let value: serde_json::Value =
                            serde_json::from_str(&value).context("the value is not JSON")?;
                        redock_station::settings::check_site_wide(&key, &value)?;
                        let n = redock_hub::refdata::put_setting(&pool, &site, &key, value).await?;
                        println!("setting {key} of site {site} (change {n})");
                    }
                    AdminCommand::Shop {
                        site,
                        shop,
                        name,
                        rma_pattern,
                        return_window_days,
                    } => {
                        let config = redock_events::payloads::ShopConfigured {
                            shop: shop.clone(),
                            name,
                            rma_pattern,
                            return_window_days,
                        };
                        let n = redock_hub::returns::put_shop(&pool, &site, &config).await?;
                        println!("shop {shop} of site {site} (change {n})");
                    }
                    AdminCommand::ShopKey { site, shop } => {
                        println!("{}", redock_hub::returns::new_key(&pool, &site, &shop).await?);
                    }
                    AdminCommand::ShopKeys { site, shop } => {
                        let keys = redock_hub::returns::keys(&pool, &site, shop.as_deref()).await?;
                        println!("{}", serde_json::to_string_pretty(&keys)?);
                    }
                    AdminCommand::Stations { site } => {
                        let stations = redock_hub::auth::stations(&pool, &site).await?;
                        println!("{}", serde_json::to_string_pretty(&stations)?);
                    }
                    AdminCommand::Webhook { what } => {
                        let (site, shop) = match &what {
                            WebhookCommand::Add { site, shop, .. }
                            | WebhookCommand::List { site, shop }
                            | WebhookCommand::Enable { site, shop, .. } => (site.clone(), shop.clone()),
                        };
                        let who = redock_hub::returns::ShopAuth {
                            site_id: site,
                            shop,
                            key_id: "admin".into(),
                        };
                        let out = match what {
                            WebhookCommand::Add { url, types, .. } => {
                                let new = redock_hub::webhooks::NewEndpoint { url, types };
                                vec![redock_hub::webhooks::add_endpoint(&pool, &who, &new).await?]
                            }
                            WebhookCommand::List { .. } => {
                                redock_hub::webhooks::endpoints(&pool, &who).await?
                            }
                            WebhookCommand::Enable { endpoint, .. } => {
                                // The hub's deliverer looks again within a second.
                                let wake = tokio::sync::Notify::new();
                                vec![redock_hub::webhooks::enable(&pool, &who, &endpoint, &wake).await?]
                            }
                        };
                        println!("{}", serde_json::to_string_pretty(&out)?);
                    }
                    AdminCommand::RevokeShopKey { site, key_id } => {
                        redock_hub::returns::revoke_key(&pool, &site, &key_id).await?;
                        println!("key {key_id} of site {site} revoked");
                    }
                    AdminCommand::Revoke { site, station } => {
                        if redock_hub::auth::revoke(&pool, &site, &station).await? {
                            println!("station {station} of {site} revoked");
                        } else {
                            println!("station {station} of {site} was not active");
                        }
                    }
                }
                Ok::<_, anyhow::Error>(())
            })?;
        }
    }
    Ok(())
}
