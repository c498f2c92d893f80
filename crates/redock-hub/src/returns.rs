//! Shops and their expected returns (migrations/hub/0009): the door through which a shop tells
//! the dock what is coming back.
//!
//! - A shop is configured at the hub for one site (`redock hub admin shop`), and becomes a
//!   `shop` reference row of the site's feed: its stations take it in as `shop_configured`.
//! - An integrator key (`redock hub admin shop-key`) is the shop's: `rdks1.<site>.<key id>.<64
//!   hex>`, 256 random bits stored as SHA-256, found by (site, key id) like a station's token.
//!   A key of shop A can neither read nor write shop B's returns.
//! - `POST /v1/returns` takes one return or many (JSON, [`ExpectedReturn`]), checked by the same
//!   rules as the station's CSV import (`redock_domain::returns_file`), all or nothing per
//!   request. Idempotent by (shop, RMA): the same return again changes nothing; a changed one is
//!   amended (a new revision) until the dock has received it — a unit received against it or a
//!   parcel opened by its code or tracking number — and refused after, with the reason.
//! - `POST /v1/returns/csv` takes the station importer's file: bad rows by line number, the good
//!   returns kept (as the station does).
//! - Each return is an `rma` reference row of the site's feed; the customer's name is a column of
//!   its own (`personal`), sent only to the site's stations and erased with the customer.

use crate::auth::sha256_hex;
use crate::error::HubError;
use crate::refdata::{next_change, Tx};
use deadpool_postgres::{GenericClient, Pool};
use redock_domain::returns_file::{check_return, read_csv, ExpectedReturn, FileError, Known, RowError};
use redock_domain::CodeConfig;
use redock_events::feed::Reference;
use redock_events::payloads::ShopConfigured;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashSet};

/// Configure a shop whose returns come to `site` (made or changed). Its RMA pattern must compile.
pub async fn put_shop(pool: &Pool, site: &str, shop: &ShopConfigured) -> Result<i64, HubError> {
    let bad = |m: String| Err(HubError::InvalidReference(m));
    if shop.shop.trim().is_empty() || shop.name.trim().is_empty() {
        return bad("a shop needs an id and a name".into());
    }
    if let Err(e) = CodeConfig::with_rma_patterns([(shop.shop.as_str(), shop.rma_pattern.as_str())]) {
        return bad(format!("the RMA pattern does not compile: {e}"));
    }
    if shop.return_window_days == 0 {
        return bad("the return window is at least one day".into());
    }
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let change = next_change(&tx, site).await?;
    crate::refdata::write(&tx, site, change, &Reference::Shop(shop.clone()), None).await?;
    tx.commit().await?;
    tracing::info!(site, shop = %shop.shop, change, "shop configured at the hub");
    Ok(change)
}

/// A shop as the hub holds it for a site.
async fn shops_of(client: &impl GenericClient, site: &str) -> Result<Vec<ShopConfigured>, HubError> {
    let rows = client
        .query(
            "SELECT body FROM hub_reference WHERE site_id = $1 AND kind = 'shop' ORDER BY key",
            &[&site],
        )
        .await?;
    rows.iter()
        .filter_map(|r| match serde_json::from_str::<Reference>(r.get(0)) {
            Ok(Reference::Shop(s)) => Some(Ok(s)),
            Ok(_) => None,
            Err(e) => Some(Err(HubError::Config(format!("a shop row of site {site}: {e}")))),
        })
        .collect()
}

/// A new integrator key for a shop of the site; the key is shown once.
pub async fn new_key(pool: &Pool, site: &str, shop: &str) -> Result<String, HubError> {
    let client = pool.get().await?;
    if !shops_of(&client, site).await?.iter().any(|s| s.shop == shop) {
        return Err(HubError::NoSuchReference(format!(
            "no shop {shop} at site {site} (redock hub admin shop first)"
        )));
    }
    let key_id = crate::auth::random_hex_of(6);
    let key = format!("rdks1.{site}.{key_id}.{}", crate::auth::random_hex());
    client
        .execute(
            "INSERT INTO integrator_key (site_id, key_id, shop, key_hash) VALUES ($1, $2, $3, $4)",
            &[&site, &key_id, &shop, &sha256_hex(&key)],
        )
        .await?;
    tracing::info!(site, shop, key_id, "integrator key made");
    Ok(key)
}

/// Revoke an integrator key (by its id, the third part of the key).
pub async fn revoke_key(pool: &Pool, site: &str, key_id: &str) -> Result<(), HubError> {
    let client = pool.get().await?;
    let n = client
        .execute(
            "UPDATE integrator_key SET revoked_at = now() WHERE site_id = $1 AND key_id = $2 AND revoked_at IS NULL",
            &[&site, &key_id],
        )
        .await?;
    if n == 0 {
        return Err(HubError::NoSuchReference(format!(
            "no live key {key_id} at site {site}"
        )));
    }
    Ok(())
}

/// An integrator key as an administrator sees it: never the key itself (the hub keeps only its
/// hash), when it was made, whether and when it was revoked.
#[derive(Debug, Clone, Serialize)]
pub struct KeyInfo {
    pub key_id: String,
    pub shop: String,
    pub created_at: String,
    pub revoked_at: Option<String>,
}

/// A site's integrator keys (of one shop, if named), oldest first.
pub async fn keys(pool: &Pool, site: &str, shop: Option<&str>) -> Result<Vec<KeyInfo>, HubError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT key_id, shop, to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                    to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
               FROM integrator_key WHERE site_id = $1 AND ($2::text IS NULL OR shop = $2)
              ORDER BY created_at, key_id",
            &[&site, &shop],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| KeyInfo {
            key_id: r.get(0),
            shop: r.get(1),
            created_at: r.get(2),
            revoked_at: r.get(3),
        })
        .collect())
}

/// Who calls: a shop's integrator key.
#[derive(Debug, Clone)]
pub struct ShopAuth {
    pub site_id: String,
    pub shop: String,
    pub key_id: String,
}

pub async fn authenticate(pool: &Pool, header: Option<&str>) -> Result<ShopAuth, HubError> {
    let (site, key_id, key) = crate::auth::bearer(header, "rdks1")?;
    let client = pool.get().await?;
    let row = client
        .query_opt(
            "SELECT key_hash, shop, revoked_at IS NOT NULL FROM integrator_key WHERE site_id = $1 AND key_id = $2",
            &[&site, &key_id],
        )
        .await?
        .ok_or(HubError::Unauthorized)?;
    let (hash, shop, revoked): (String, String, bool) = (row.get(0), row.get(1), row.get(2));
    if !crate::auth::same(&hash, &sha256_hex(key)) {
        return Err(HubError::Unauthorized);
    }
    if revoked {
        return Err(HubError::Revoked);
    }
    Ok(ShopAuth {
        site_id: site.to_string(),
        shop,
        key_id: key_id.to_string(),
    })
}

/// What became of one return.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Outcome {
    pub rma: String,
    /// `created`, `amended` or `unchanged`.
    pub status: String,
    pub revision: u32,
}

/// What the site holds that a shop's returns are checked against: the shop (only the caller's),
/// the SKUs the site's stations know, and every shop's RMA format (a code must be the caller's).
/// An RMA held already is amended, not refused: `existing` stays empty.
struct SiteKnows {
    shops: HashSet<String>,
    skus: HashSet<String>,
    existing: HashSet<String>,
    codes: CodeConfig,
}

impl SiteKnows {
    async fn read(client: &impl GenericClient, who: &ShopAuth) -> Result<SiteKnows, HubError> {
        let shops = shops_of(client, &who.site_id).await?;
        let codes =
            CodeConfig::with_rma_patterns(shops.iter().map(|s| (s.shop.as_str(), s.rma_pattern.as_str())))
                .map_err(|e| HubError::Config(format!("a shop's RMA pattern: {e}")))?;
        let skus = client
            .query("SELECT sku FROM hub_sku WHERE site_id = $1", &[&who.site_id])
            .await?
            .iter()
            .map(|r| r.get(0))
            .collect();
        Ok(SiteKnows {
            shops: HashSet::from([who.shop.clone()]),
            skus,
            existing: HashSet::new(),
            codes,
        })
    }

    fn known(&self) -> Known<'_> {
        Known {
            shops: &self.shops,
            skus: &self.skus,
            existing: &self.existing,
            codes: &self.codes,
        }
    }
}

fn refusal(line: u64, rma: &str, code: &str, reason: String) -> RowError {
    RowError {
        line,
        rma: Some(rma.to_string()),
        code: code.to_string(),
        details: BTreeMap::from([("rma".to_string(), rma.to_string())]),
        reason,
    }
}

/// Store one checked return in the caller's transaction (which took the site's counter row
/// first, so a receipt cannot commit between the check and the write).
async fn apply(
    tx: &Tx<'_>,
    who: &ShopAuth,
    r: &ExpectedReturn,
    line: u64,
) -> Result<Result<Outcome, RowError>, HubError> {
    let site = &who.site_id;
    let held = tx
        .query_opt(
            "SELECT h.shop, h.revision, x.body, x.personal, h.tracking FROM hub_return h
               LEFT JOIN hub_reference x ON x.site_id = h.site_id AND x.kind = 'rma' AND x.key = h.rma
              WHERE h.site_id = $1 AND h.rma = $2 FOR UPDATE OF h",
            &[site, &r.rma],
        )
        .await?;
    let mut added = r.fact();
    added.lines.sort_by_key(|l| l.line_no);
    // A customer erased at a station stays erased here: the name a shop sends again is not kept.
    let erased: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM hub_customer_erased WHERE site_id = $1 AND customer_id = $2)",
            &[site, &r.customer_id],
        )
        .await?
        .get(0);
    let name = (!erased).then(|| r.customer_name.clone());
    // Arrived: a unit received against it, or a parcel opened by its code or by the tracking
    // number it has now or had.
    let mut codes: Vec<String> = std::iter::once(r.rma.clone())
        .chain(added.tracking.clone())
        .collect();
    let revision = match &held {
        None => 1,
        Some(row) => {
            let (shop, revision, body, personal, tracking): (
                String,
                i32,
                Option<String>,
                Option<String>,
                Option<String>,
            ) = (row.get(0), row.get(1), row.get(2), row.get(3), row.get(4));
            if shop != who.shop {
                return Ok(Err(refusal(
                    line,
                    &r.rma,
                    "other-shop",
                    format!("{} is another shop's return", r.rma),
                )));
            }
            let same = body
                .and_then(|b| serde_json::from_str::<Reference>(&b).ok())
                .is_some_and(|b| matches!(&b, Reference::Rma { added: a, .. } if *a == added))
                && personal == name;
            if same {
                return Ok(Ok(Outcome {
                    rma: r.rma.clone(),
                    status: "unchanged".into(),
                    revision: revision as u32,
                }));
            }
            codes.extend(tracking);
            revision as u32 + 1
        }
    };
    // Also for a return new to the hub: a station may have received it from its own import.
    let received: bool = tx
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM hub_unit WHERE site_id = $1 AND rma = $2)
                 OR EXISTS (SELECT 1 FROM hub_parcel WHERE site_id = $1 AND code = ANY($3))",
            &[site, &r.rma, &codes],
        )
        .await?
        .get(0);
    if received {
        return Ok(Err(refusal(
            line,
            &r.rma,
            "received",
            format!("{} has arrived at the dock: it cannot change any more", r.rma),
        )));
    }
    let change = next_change(tx, site).await?;
    let item = Reference::Rma {
        added: added.clone(),
        revision,
        customer_name: None,
    };
    let body = serde_json::to_string(&item).map_err(|e| HubError::Config(e.to_string()))?;
    tx.execute(
        "INSERT INTO hub_reference (site_id, kind, key, body, personal, change_no) VALUES ($1, 'rma', $2, $3, $4, $5)
         ON CONFLICT (site_id, kind, key) DO UPDATE SET body = excluded.body, personal = excluded.personal,
           change_no = excluded.change_no, updated_at = now()",
        &[site, &r.rma, &body, &name, &change],
    )
    .await?;
    tx.execute(
        "INSERT INTO hub_return (site_id, rma, shop, customer_id, revision, tracking) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (site_id, rma) DO UPDATE SET customer_id = excluded.customer_id, revision = excluded.revision,
           tracking = excluded.tracking, updated_at = now()",
        &[site, &r.rma, &who.shop, &r.customer_id, &(revision as i32), &added.tracking],
    )
    .await?;
    tracing::info!(site = %site, shop = %who.shop, rma = %r.rma, revision, change, "expected return stored");
    Ok(Ok(Outcome {
        rma: r.rma.clone(),
        status: if revision == 1 { "created" } else { "amended" }.into(),
        revision,
    }))
}

/// Returns posted as JSON: every one checked, then all stored in one transaction, or none (the
/// errors name each return by its position, 1-based, and its RMA).
pub async fn put_returns(
    pool: &Pool,
    who: &ShopAuth,
    returns: &[ExpectedReturn],
) -> Result<Vec<Outcome>, HubError> {
    if returns.is_empty() {
        return Err(HubError::BadRequest("no returns in the body".into()));
    }
    if returns.len() > MAX_RETURNS {
        return Err(HubError::TooLarge(format!(
            "{} returns; at most {MAX_RETURNS} per request",
            returns.len()
        )));
    }
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    // The site's counter row first: writers of the site (and the pushes that record receipts)
    // wait for this transaction.
    next_change(&tx, &who.site_id).await?;
    let site = SiteKnows::read(&tx, who).await?;
    let known = site.known();
    let mut errors = Vec::new();
    let mut seen = HashSet::new();
    for (i, r) in returns.iter().enumerate() {
        let line = i as u64 + 1;
        errors.extend(
            check_return(r, &known)
                .into_iter()
                .map(|p| p.at(line, Some(r.rma.clone()))),
        );
        if !seen.insert(&r.rma) {
            errors.push(refusal(
                line,
                &r.rma,
                "twice",
                format!("{} is in the request twice", r.rma),
            ));
        }
    }
    if !errors.is_empty() {
        return Err(HubError::ReturnsRefused(errors));
    }
    let mut out = Vec::new();
    for (i, r) in returns.iter().enumerate() {
        match apply(&tx, who, r, i as u64 + 1).await? {
            Ok(o) => out.push(o),
            Err(e) => errors.push(e),
        }
    }
    if !errors.is_empty() {
        return Err(HubError::ReturnsRefused(errors));
    }
    tx.commit().await?;
    Ok(out)
}

/// At most this many returns per request.
pub const MAX_RETURNS: usize = 1_000;
/// At most this many returns per uploaded file.
pub const MAX_FILE_RETURNS: usize = 10_000;

/// What a CSV upload did.
#[derive(Debug, Clone, Serialize, Deserialize, Default, utoipa::ToSchema)]
pub struct CsvReport {
    pub encoding: String,
    pub rows_read: u64,
    pub returns: Vec<Outcome>,
    /// Bad rows by line; a return the dock has received already by its first line.
    pub errors: Vec<RowError>,
}

/// The station importer's file, at the hub: the good returns kept, each bad row by its line.
pub async fn put_csv(pool: &Pool, who: &ShopAuth, bytes: &[u8]) -> Result<CsvReport, HubError> {
    let mut client = pool.get().await?;
    // Read and checked before the site's counter row is taken (a large file must not hold the
    // site's pushes), on a blocking thread (the code page detection is CPU).
    let site = SiteKnows::read(&client, who).await?;
    let bytes = bytes.to_vec();
    let read = tokio::task::spawn_blocking(move || read_csv(&bytes, &site.known()))
        .await
        .map_err(|e| HubError::Config(format!("reading the file did not finish: {e}")))?
        .map_err(|e| match e {
            // Not the line's text: it is usually a customer's name, and refusals are logged.
            FileError::Encoding { line, guess, .. } => HubError::BadFile(format!(
                "line {line} cannot be read for sure (it reads as {guess}); save the file as CSV UTF-8"
            )),
            FileError::Refused(why) => HubError::BadFile(why),
        })?;
    if read.good.len() > MAX_FILE_RETURNS {
        return Err(HubError::BadFile(format!(
            "{} returns in one file; at most {MAX_FILE_RETURNS}: split it",
            read.good.len()
        )));
    }
    let tx = client.transaction().await?;
    next_change(&tx, &who.site_id).await?;
    let mut report = CsvReport {
        encoding: read.encoding,
        rows_read: read.rows_read,
        returns: Vec::new(),
        errors: read.errors,
    };
    for (r, line) in read.good.iter().zip(&read.first_lines) {
        match apply(&tx, who, r, *line).await? {
            Ok(o) => report.returns.push(o),
            Err(e) => report.errors.push(e),
        }
    }
    report.errors.sort_by_key(|e| e.line);
    tx.commit().await?;
    tracing::info!(site = %who.site_id, shop = %who.shop, returns = report.returns.len(),
                   errors = report.errors.len(), "returns file taken");
    Ok(report)
}

/// A return as the hub knows it, for its shop.
#[derive(Debug, Clone, Serialize, Deserialize, utoipa::ToSchema)]
pub struct ReturnState {
    #[serde(rename = "return")]
    pub expected: ExpectedReturn,
    pub revision: u32,
    /// `expected` until it arrives at the dock, then `received`, and `completed` once every line
    /// is settled.
    pub status: String,
    /// Units received against it, at any station of the site.
    pub units_received: i64,
    /// Once completed: what `return.completed` says now, the refund per line and in total.
    #[serde(default)]
    pub completed: Option<crate::completion::ReturnCompleted>,
}

pub async fn get_return(pool: &Pool, who: &ShopAuth, rma: &str) -> Result<ReturnState, HubError> {
    let client = pool.get().await?;
    let row = client
        .query_opt(
            "SELECT h.revision, x.body, x.personal,
                    (SELECT count(*) FROM hub_unit u WHERE u.site_id = h.site_id AND u.rma = h.rma)
               FROM hub_return h
               JOIN hub_reference x ON x.site_id = h.site_id AND x.kind = 'rma' AND x.key = h.rma
              WHERE h.site_id = $1 AND h.rma = $2 AND h.shop = $3",
            &[&who.site_id, &rma, &who.shop],
        )
        .await?
        // Another shop's return is not found either: a key sees its own shop only.
        .ok_or_else(|| HubError::UnknownReturn(rma.to_string()))?;
    let (revision, body, personal, units): (i32, String, Option<String>, i64) =
        (row.get(0), row.get(1), row.get(2), row.get(3));
    let Ok(Reference::Rma { added, .. }) = serde_json::from_str::<Reference>(&body) else {
        return Err(HubError::Config(format!(
            "the stored return {rma} cannot be read"
        )));
    };
    let codes: Vec<String> = std::iter::once(added.rma.clone())
        .chain(added.tracking.clone())
        .collect();
    let parcel: bool = client
        .query_one(
            "SELECT EXISTS (SELECT 1 FROM hub_parcel WHERE site_id = $1 AND code = ANY($2))",
            &[&who.site_id, &codes],
        )
        .await?
        .get(0);
    let completed = crate::completion::state_of(&client, &who.site_id, rma)
        .await?
        .map(|(done, _)| done);
    Ok(ReturnState {
        expected: ExpectedReturn::from_fact(added, personal),
        revision: revision as u32,
        status: if completed.is_some() {
            "completed"
        } else if units > 0 || parcel {
            "received"
        } else {
            "expected"
        }
        .into(),
        units_received: units,
        completed,
    })
}
