//! The reference data the hub holds for a site, written at the hub (`redock hub admin operator |
//! grading-set | rules | vendor | setting`): operators with their PIN hashes, grading sets, the
//! rule table, vendor agreements and settings.
//!
//! Representation: typed change rows (`hub_reference`, one row per thing at its latest state,
//! with the change number of its last write), not hub-origin events in a per-site hub stream.
//! Why:
//! - an operator's PIN hash must reach the stations of its site, and the event log forbids
//!   secrets: a hub stream would need a side channel for it anyway;
//! - a station needs what is in force, not the history: a row sent once per write after a cursor
//!   gives a new or lagging station the latest state without replaying every PIN change, and the
//!   snapshot is a plain read of the rows with the site's counter;
//! - the hub validates a write against what the site holds (a rule table's version, the grading
//!   sets as a whole): that state is the rows, locked by the counter row;
//! - the facts still exist where they are used: a station records what it takes in as
//!   `origin = hub` events (`operator_added`, `rules_adopted`, …), so its log says what it graded
//!   and decided by, and never pushes them back.
//!
//! Every write takes its change number from the site's counter row (`site_feed`) in the same
//! transaction, first, so writers of a site are serialised and the pull's cursor never skips a
//! write that commits late.

use crate::error::HubError;
use deadpool_postgres::Pool;
use redock_events::feed::{RefChange, Reference};
use redock_events::payloads::{Role, VendorAgreement};

/// The languages an operator's screen can speak.
pub const LANGUAGES: [&str; 5] = ["en", "pl", "ro", "nb", "ru"];

/// Hash a PIN as the station does (`redock_station::auth::hash_pin`: argon2id with the crate's
/// default parameters, a random salt, the PHC string), so the station checks it as its own.
pub fn hash_pin(pin: &str) -> Result<String, HubError> {
    use argon2::password_hash::{PasswordHasher, SaltString};
    if !(4..=12).contains(&pin.len()) || !pin.bytes().all(|b| b.is_ascii_digit()) {
        return Err(HubError::InvalidReference("a PIN is 4 to 12 digits".into()));
    }
    let salt = SaltString::generate(&mut rand::rngs::OsRng);
    argon2::Argon2::default()
        .hash_password(pin.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HubError::Config(format!("cannot hash the PIN: {e}")))
}

pub(crate) type Tx<'a> = deadpool_postgres::Transaction<'a>;

/// Take the site's next change number (and with it the site's writer lock).
pub(crate) async fn next_change(tx: &Tx<'_>, site: &str) -> Result<i64, HubError> {
    tx.query_opt(
        "UPDATE site_feed SET n = n + 1 WHERE site_id = $1 RETURNING n",
        &[&site],
    )
    .await?
    .map(|r| r.get(0))
    .ok_or_else(|| HubError::NoSuchReference(format!("no site {site}")))
}

/// The row of `kind`/`key`, with its PIN hash.
async fn held(
    tx: &Tx<'_>,
    site: &str,
    kind: &str,
    key: &str,
) -> Result<Option<(Reference, Option<String>)>, HubError> {
    let Some(row) = tx
        .query_opt(
            "SELECT body, pin_hash FROM hub_reference WHERE site_id = $1 AND kind = $2 AND key = $3",
            &[&site, &kind, &key],
        )
        .await?
    else {
        return Ok(None);
    };
    let body: String = row.get(0);
    let item = serde_json::from_str(&body)
        .map_err(|e| HubError::Config(format!("hub_reference {kind}/{key}: {e}")))?;
    Ok(Some((item, row.get(1))))
}

pub(crate) async fn write(
    tx: &Tx<'_>,
    site: &str,
    change: i64,
    item: &Reference,
    pin_hash: Option<&str>,
) -> Result<(), HubError> {
    let body = serde_json::to_string(item).map_err(|e| HubError::Config(e.to_string()))?;
    tx.execute(
        "INSERT INTO hub_reference (site_id, kind, key, body, pin_hash, change_no) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (site_id, kind, key) DO UPDATE SET body = excluded.body, pin_hash = excluded.pin_hash,
           change_no = excluded.change_no, updated_at = now()",
        &[&site, &item.kind(), &item.key(), &body, &pin_hash, &change],
    )
    .await
    .map_err(|e| match e.as_db_error() {
        Some(d) if d.constraint() == Some("hub_reference_badge") => {
            HubError::InvalidReference("another operator of this site has that badge".into())
        }
        _ => HubError::Db(e),
    })?;
    Ok(())
}

/// What a write did: its change number, or None when the site already held exactly that.
pub type Written = Option<i64>;

/// An operator who may log in at every station of the site.
pub struct NewOperator<'a> {
    pub operator_id: &'a str,
    pub badge: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub language: &'a str,
    pub pin: &'a str,
}

pub async fn add_operator(pool: &Pool, site: &str, op: &NewOperator<'_>) -> Result<i64, HubError> {
    let bad = |m: &str| Err(HubError::InvalidReference(m.to_string()));
    if op.operator_id.trim().is_empty() || op.badge.trim().is_empty() || op.name.trim().is_empty() {
        return bad("an operator needs an id, a badge and a name");
    }
    if !LANGUAGES.contains(&op.language) {
        return bad("the language is one of en, pl, ro, nb, ru");
    }
    let pin_hash = hash_pin(op.pin)?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let change = next_change(&tx, site).await?;
    if held(&tx, site, "operator", op.operator_id).await?.is_some() {
        return Err(HubError::InvalidReference(format!(
            "operator {} exists at site {site} (set-pin or disable it)",
            op.operator_id
        )));
    }
    let item = Reference::Operator {
        operator_id: op.operator_id.to_string(),
        badge: op.badge.trim().to_string(),
        name: op.name.to_string(),
        role: op.role,
        language: op.language.to_string(),
        active: true,
        pin_hash: None,
    };
    write(&tx, site, change, &item, Some(&pin_hash)).await?;
    tx.commit().await?;
    tracing::info!(
        site,
        operator = op.operator_id,
        change,
        "operator added at the hub"
    );
    Ok(change)
}

/// A new PIN (`Some`) or the operator disabled (`None`).
async fn change_operator(
    pool: &Pool,
    site: &str,
    operator_id: &str,
    pin: Option<&str>,
) -> Result<i64, HubError> {
    let new_hash = pin.map(hash_pin).transpose()?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let change = next_change(&tx, site).await?;
    let Some((mut item, hash)) = held(&tx, site, "operator", operator_id).await? else {
        return Err(HubError::NoSuchReference(format!(
            "no operator {operator_id} at site {site}"
        )));
    };
    if new_hash.is_none() {
        if let Reference::Operator { active, .. } = &mut item {
            *active = false;
        }
    }
    write(&tx, site, change, &item, new_hash.as_deref().or(hash.as_deref())).await?;
    tx.commit().await?;
    tracing::info!(
        site,
        operator = operator_id,
        change,
        disabled = pin.is_none(),
        "operator changed at the hub"
    );
    Ok(change)
}

pub async fn set_pin(pool: &Pool, site: &str, operator_id: &str, pin: &str) -> Result<i64, HubError> {
    change_operator(pool, site, operator_id, Some(pin)).await
}

pub async fn disable_operator(pool: &Pool, site: &str, operator_id: &str) -> Result<i64, HubError> {
    change_operator(pool, site, operator_id, None).await
}

/// Refuse a version that goes back, or the same version with another definition; Ok(true): the
/// site already holds exactly this.
fn check_version(
    what: &str,
    held: Option<(u32, &str)>,
    version: u32,
    definition: &str,
) -> Result<bool, HubError> {
    match held {
        Some((v, d)) if v == version && d == definition => Ok(true),
        Some((v, _)) if v >= version => Err(HubError::ReferenceVersion(format!(
            "{what}: the site holds version {v}; put a version above it"
        ))),
        _ => Ok(false),
    }
}

/// The grading sets a station of the site grades with: the embedded defaults, each replaced by
/// the set of its id put at the hub, and the sets of other ids added.
fn site_sets(put: &[(String, String)]) -> Result<redock_domain::grading::GradingSets, HubError> {
    let mut sets: Vec<redock_domain::grading::GradingSet> =
        redock_domain::grading::demo_sets().all().to_vec();
    for (id, definition) in put {
        let set = redock_domain::grading::GradingSet::from_json(definition)
            .map_err(|e| HubError::InvalidReference(e.to_string()))?;
        sets.retain(|s| s.id != *id);
        sets.push(set);
    }
    redock_domain::grading::GradingSets::new(sets).map_err(|e| HubError::InvalidReference(e.to_string()))
}

/// Put a grading set (its JSON), validated as the station validates it, and checked with the
/// site's other sets (one fallback, a category graded by one set).
pub async fn put_grading_set(pool: &Pool, site: &str, definition: &str) -> Result<Written, HubError> {
    let set = redock_domain::grading::GradingSet::from_json(definition)
        .map_err(|e| HubError::InvalidReference(e.to_string()))?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let change = next_change(&tx, site).await?;
    let mut put: Vec<(String, String)> = Vec::new();
    let mut held_version = None;
    for r in tx
        .query(
            "SELECT body FROM hub_reference WHERE site_id = $1 AND kind = 'grading_set' ORDER BY key",
            &[&site],
        )
        .await?
    {
        let body: String = r.get(0);
        if let Ok(Reference::GradingSet {
            set_id,
            version,
            definition,
        }) = serde_json::from_str(&body)
        {
            if set_id == set.id {
                held_version = Some((version, definition));
            } else {
                put.push((set_id, definition));
            }
        }
    }
    let what = format!("grading set {}", set.id);
    if check_version(
        &what,
        held_version.as_ref().map(|(v, d)| (*v, d.as_str())),
        set.version,
        definition,
    )? {
        return Ok(None);
    }
    put.push((set.id.clone(), definition.to_string()));
    site_sets(&put)?;
    let item = Reference::GradingSet {
        set_id: set.id.clone(),
        version: set.version,
        definition: definition.to_string(),
    };
    write(&tx, site, change, &item, None).await?;
    tx.commit().await?;
    tracing::info!(site, set = %set.id, version = set.version, change, "grading set put at the hub");
    Ok(Some(change))
}

/// Put the site's rule table (its JSON), validated as the station validates it
/// (`Table::from_json`: a refusal names the row and field, or the JSON's line and column).
/// How a rule table would decide the site's last 1,000 rule decisions (from every station's
/// `decided` facts, newest first by the site's change order). Nothing is written.
pub async fn dry_run_rules(
    pool: &Pool,
    site: &str,
    definition: &str,
) -> Result<redock_domain::disposition::DryRun, HubError> {
    use redock_domain::disposition::{dry_run_recorded, Table, DRY_RUN_DECISIONS};
    let table = Table::from_json(definition).map_err(|e| HubError::InvalidReference(e.to_string()))?;
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT payload FROM event
              WHERE site_id = $1 AND kind = 'decided' AND quarantine IS NULL
                AND payload::jsonb->>'decided_by' = 'rule'
              ORDER BY change_no DESC LIMIT $2",
            &[&site, &(DRY_RUN_DECISIONS as i64)],
        )
        .await?;
    let recorded: Vec<String> = rows
        .iter()
        .filter_map(|r| r.get::<_, Option<String>>(0))
        .collect();
    let run = dry_run_recorded(&table, recorded.iter().map(String::as_str));
    if run.compared == 0 {
        return Err(HubError::BadRequest(format!(
            "site {site} has no decisions of the rules yet to try the table on"
        )));
    }
    Ok(run)
}

pub async fn put_rules(pool: &Pool, site: &str, definition: &str) -> Result<Written, HubError> {
    let table = redock_domain::disposition::Table::from_json(definition)
        .map_err(|e| HubError::InvalidReference(e.to_string()))?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let change = next_change(&tx, site).await?;
    let held_version = match held(&tx, site, "rules", "site").await? {
        Some((
            Reference::Rules {
                table_id,
                version,
                definition,
            },
            _,
        )) if table_id == table.id() => Some((version, definition)),
        _ => None,
    };
    let what = format!("rule table {}", table.id());
    if check_version(
        &what,
        held_version.as_ref().map(|(v, d)| (*v, d.as_str())),
        table.version(),
        definition,
    )? {
        return Ok(None);
    }
    let item = Reference::Rules {
        table_id: table.id().to_string(),
        version: table.version(),
        definition: definition.to_string(),
    };
    write(&tx, site, change, &item, None).await?;
    tx.commit().await?;
    tracing::info!(
        site,
        table = table.id(),
        version = table.version(),
        change,
        "rule table put at the hub"
    );
    Ok(Some(change))
}

pub async fn put_vendor(
    pool: &Pool,
    site: &str,
    vendor: &str,
    agreement: VendorAgreement,
) -> Result<i64, HubError> {
    if vendor.trim().is_empty() {
        return Err(HubError::InvalidReference("a vendor needs a name".into()));
    }
    if agreement.credit_bp > redock_domain::disposition::FULL_BP {
        return Err(HubError::InvalidReference(format!(
            "credit_bp is at most {}",
            redock_domain::disposition::FULL_BP
        )));
    }
    put_plain(
        pool,
        site,
        &Reference::VendorAgreement {
            vendor: vendor.to_string(),
            agreement,
        },
    )
    .await
}

/// Put a setting of the site's stations. The caller validates the value as the station reads it
/// (`redock hub admin setting put` does, with the station's own types).
pub async fn put_setting(
    pool: &Pool,
    site: &str,
    key: &str,
    value: serde_json::Value,
) -> Result<i64, HubError> {
    put_plain(
        pool,
        site,
        &Reference::Setting {
            key: key.to_string(),
            value,
        },
    )
    .await
}

async fn put_plain(pool: &Pool, site: &str, item: &Reference) -> Result<i64, HubError> {
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let change = next_change(&tx, site).await?;
    write(&tx, site, change, item, None).await?;
    tx.commit().await?;
    tracing::info!(site, kind = item.kind(), key = %item.key(), change, "reference data put at the hub");
    Ok(change)
}

/// Reference rows of a site with a change number in `(after, upto]` (upto None: no bound), in
/// change order, at most `limit`, PIN hashes filled in. Read inside the caller's transaction.
pub async fn changes_in(
    client: &impl deadpool_postgres::GenericClient,
    site: &str,
    after: i64,
    upto: Option<i64>,
    limit: i64,
) -> Result<Vec<RefChange>, HubError> {
    let rows = client
        .query(
            "SELECT change_no, body, pin_hash, personal FROM hub_reference
             WHERE site_id = $1 AND change_no > $2 AND ($3::bigint IS NULL OR change_no <= $3)
             ORDER BY change_no LIMIT $4",
            &[&site, &after, &upto, &limit],
        )
        .await?;
    rows.iter()
        .map(|r| {
            let body: String = r.get(1);
            let mut item: Reference = serde_json::from_str(&body)
                .map_err(|e| HubError::Config(format!("hub_reference change {}: {e}", r.get::<_, i64>(0))))?;
            match &mut item {
                Reference::Operator { pin_hash, .. } => *pin_hash = r.get(2),
                Reference::Rma { customer_name, .. } => *customer_name = r.get(3),
                _ => {}
            }
            Ok(RefChange {
                change_no: r.get(0),
                item,
            })
        })
        .collect()
}
