//! `hub.toml`, with environment overrides (`REDOCK_HUB_LISTEN`, `REDOCK_HUB_DATABASE_URL`,
//! `REDOCK_HUB_TLS_CERT`, `REDOCK_HUB_TLS_KEY`, `REDOCK_HUB_BEHIND_TLS_PROXY`).

use crate::error::HubError;
use serde::Deserialize;
use std::net::SocketAddr;
use std::path::Path;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Address to listen on, e.g. `127.0.0.1:8470`.
    pub listen: SocketAddr,
    /// `postgres://user@host:port/db` (or `host=/run/postgresql dbname=redock`).
    pub database_url: String,
    /// Connections in the pool.
    #[serde(default = "default_pool")]
    pub pool_size: usize,
    /// Plain HTTP on an address that is not loopback is refused unless a TLS proxy is in front.
    #[serde(default)]
    pub behind_tls_proxy: bool,
    /// HTTPS: the certificate chain and its private key, PEM files.
    #[serde(default)]
    pub tls_cert: Option<std::path::PathBuf>,
    #[serde(default)]
    pub tls_key: Option<std::path::PathBuf>,
}

fn default_pool() -> usize {
    16
}

impl Config {
    pub fn load(path: Option<&Path>) -> Result<Config, HubError> {
        let mut table: toml::Table = match path {
            Some(p) => {
                let text = std::fs::read_to_string(p)
                    .map_err(|e| HubError::Config(format!("{}: {e}", p.display())))?;
                text.parse()
                    .map_err(|e| HubError::Config(format!("{}: {e}", p.display())))?
            }
            None => toml::Table::new(),
        };
        for (var, key) in [
            ("REDOCK_HUB_LISTEN", "listen"),
            ("REDOCK_HUB_DATABASE_URL", "database_url"),
            ("REDOCK_HUB_TLS_CERT", "tls_cert"),
            ("REDOCK_HUB_TLS_KEY", "tls_key"),
        ] {
            if let Ok(v) = std::env::var(var) {
                table.insert(key.into(), toml::Value::String(v));
            }
        }
        if let Ok(v) = std::env::var("REDOCK_HUB_BEHIND_TLS_PROXY") {
            table.insert(
                "behind_tls_proxy".into(),
                toml::Value::Boolean(v == "1" || v == "true"),
            );
        }
        let config: Config = toml::Value::Table(table)
            .try_into()
            .map_err(|e| HubError::Config(e.to_string()))?;
        config.check()?;
        Ok(config)
    }

    /// Stations send tokens: never in the clear over a network.
    pub fn check(&self) -> Result<(), HubError> {
        match (&self.tls_cert, &self.tls_key) {
            (Some(_), Some(_)) => return Ok(()),
            (None, None) => {}
            _ => return Err(HubError::Config("HTTPS needs both tls_cert and tls_key".into())),
        }
        if !self.listen.ip().is_loopback() && !self.behind_tls_proxy {
            return Err(HubError::Config(format!(
                "plain HTTP on {} would send station tokens in the clear: listen on loopback, or set behind_tls_proxy = true with a TLS proxy in front",
                self.listen
            )));
        }
        Ok(())
    }
}
