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
    /// Seconds to wait after each failed webhook delivery before the next attempt (default
    /// `webhooks::SCHEDULE_SECS`: three days in all); past the last, the message has failed.
    #[serde(default)]
    pub webhook_retry_secs: Option<Vec<u64>>,
    /// How long a receiver has to answer a webhook.
    #[serde(default = "default_webhook_timeout")]
    pub webhook_timeout_secs: u64,
}

fn default_webhook_timeout() -> u64 {
    10
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
        if let Ok(v) = std::env::var("REDOCK_HUB_WEBHOOK_RETRY_SECS") {
            let secs = v
                .split(',')
                .map(|s| s.trim().parse::<i64>().map(toml::Value::Integer))
                .collect::<Result<Vec<_>, _>>()
                .map_err(|e| HubError::Config(format!("REDOCK_HUB_WEBHOOK_RETRY_SECS {v:?}: {e}")))?;
            table.insert("webhook_retry_secs".into(), toml::Value::Array(secs));
        }
        if let Ok(v) = std::env::var("REDOCK_HUB_WEBHOOK_TIMEOUT_SECS") {
            let secs = v
                .trim()
                .parse::<i64>()
                .map_err(|e| HubError::Config(format!("REDOCK_HUB_WEBHOOK_TIMEOUT_SECS {v:?}: {e}")))?;
            table.insert("webhook_timeout_secs".into(), toml::Value::Integer(secs));
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

    /// How the webhook deliverer retries and waits.
    pub fn delivering(&self) -> crate::webhooks::Delivering {
        let mut how = crate::webhooks::Delivering {
            timeout: std::time::Duration::from_secs(self.webhook_timeout_secs.max(1)),
            ..Default::default()
        };
        if let Some(secs) = &self.webhook_retry_secs {
            how.schedule = secs.iter().map(|s| std::time::Duration::from_secs(*s)).collect();
        }
        how
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
