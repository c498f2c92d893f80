//! Tenancy and auth: sites, one-time enrolment codes, station tokens.
//!
//! A code is `<site_id>.<64 hex>` and a token `rdk1.<site_id>.<station_id>.<64 hex>`: the random
//! part is 256 bits from the OS; both are stored only as SHA-256. The site in the text lets the hub
//! find the row by its site (a single-shard lookup); the hash decides.

use crate::error::HubError;
use deadpool_postgres::Pool;
use rand::RngCore;
use sha2::{Digest, Sha256};

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// `n` random bytes from the OS, as hex.
pub(crate) fn random_hex_of(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

/// 256 random bits, as hex: the secret part of a code, a token or a key.
pub(crate) fn random_hex() -> String {
    random_hex_of(32)
}

/// A bearer credential `<prefix>.<site>.<id>.<secret>` (a station's token, a shop's key): its
/// site and id, which find its row, and the whole text, whose hash decides.
pub(crate) fn bearer<'a>(
    header: Option<&'a str>,
    prefix: &str,
) -> Result<(&'a str, &'a str, &'a str), HubError> {
    let text = header
        .and_then(|h| h.strip_prefix("Bearer "))
        .ok_or(HubError::Unauthorized)?;
    let mut parts = text.splitn(4, '.');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(p), Some(site), Some(id), Some(_)) if p == prefix => Ok((site, id, text)),
        _ => Err(HubError::Unauthorized),
    }
}

/// Equal in time whatever the inputs (hashes are compared as hex of the same length).
pub(crate) fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A site of an organisation (both made if new).
pub async fn ensure_site(pool: &Pool, org: &str, site_id: &str, name: &str) -> Result<(), HubError> {
    let client = pool.get().await?;
    client
        .execute(
            "INSERT INTO organisation (name) VALUES ($1) ON CONFLICT (name) DO NOTHING",
            &[&org],
        )
        .await?;
    client
        .execute(
            "INSERT INTO site (site_id, org_id, name)
             SELECT $2, org_id, $3 FROM organisation WHERE name = $1
             ON CONFLICT (site_id) DO UPDATE SET name = excluded.name",
            &[&org, &site_id, &name],
        )
        .await
        .map_err(|e| HubError::Config(format!("site {site_id}: {e}")))?;
    client
        .execute(
            "INSERT INTO site_feed (site_id) VALUES ($1) ON CONFLICT DO NOTHING",
            &[&site_id],
        )
        .await?;
    Ok(())
}

/// A one-time enrolment code for a site, valid for `hours`.
pub async fn enrol_code(pool: &Pool, site_id: &str, hours: u32) -> Result<String, HubError> {
    let code = format!("{site_id}.{}", random_hex());
    let client = pool.get().await?;
    let n = client
        .execute(
            "INSERT INTO enrol_code (site_id, code_hash, expires_at)
             SELECT site_id, $2, now() + make_interval(hours => $3) FROM site WHERE site_id = $1",
            &[&site_id, &sha256_hex(&code), &(hours as i32)],
        )
        .await?;
    if n == 0 {
        return Err(HubError::Config(format!("no site {site_id}")));
    }
    Ok(code)
}

#[derive(Debug, Clone, serde::Deserialize, utoipa::ToSchema)]
pub struct EnrolRequest {
    pub code: String,
    pub station_id: String,
    pub station_name: String,
    pub stream_id: String,
}

#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
pub struct Enrolled {
    pub site_id: String,
    pub station_id: String,
    pub stream_id: String,
    pub token: String,
}

fn valid_station_id(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 64
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Trade a one-time code for a token. The code is used up in the same transaction that registers
/// the station and its stream; a stream already held by another station is refused.
pub async fn enroll(pool: &Pool, req: &EnrolRequest) -> Result<Enrolled, HubError> {
    let (site_id, _) = req.code.split_once('.').ok_or(HubError::BadEnrolCode)?;
    if !valid_station_id(&req.station_id) {
        return Err(HubError::BadBatch(format!(
            "station id {:?} is not valid",
            req.station_id
        )));
    }
    let stream: uuid::Uuid = req
        .stream_id
        .parse()
        .map_err(|_| HubError::BadBatch(format!("stream id {:?} is not a UUID", req.stream_id)))?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let used = tx
        .execute(
            "UPDATE enrol_code SET used_at = now(), used_by = $3
             WHERE site_id = $1 AND code_hash = $2 AND used_at IS NULL AND expires_at > now()",
            &[&site_id, &sha256_hex(&req.code), &req.station_id],
        )
        .await?;
    if used != 1 {
        return Err(HubError::BadEnrolCode);
    }
    // The same station enrolling again (a new code, say after its token was revoked) keeps its
    // stream and head; a stream held by another station is a copied database.
    let held_by_this = match tx
        .query_opt(
            "SELECT station_id FROM stream WHERE site_id = $1 AND stream_id = $2",
            &[&site_id, &stream],
        )
        .await?
    {
        Some(row) => {
            let holder: String = row.get(0);
            if holder != req.station_id {
                return Err(HubError::StreamTaken(format!(
                    "stream {stream} already belongs to station {holder}"
                )));
            }
            true
        }
        None => false,
    };
    let token = format!("rdk1.{site_id}.{}.{}", req.station_id, random_hex());
    tx.execute(
        "INSERT INTO station (site_id, station_id, name, token_hash) VALUES ($1, $2, $3, $4)
         ON CONFLICT (site_id, station_id) DO UPDATE SET name = excluded.name,
           token_hash = excluded.token_hash, token_issued_at = now(), revoked_at = NULL,
           prev_token_hash = NULL, prev_valid_until = NULL",
        &[&site_id, &req.station_id, &req.station_name, &sha256_hex(&token)],
    )
    .await?;
    if !held_by_this {
        tx.execute(
            "INSERT INTO stream (site_id, stream_id, station_id) VALUES ($1, $2, $3)",
            &[&site_id, &stream, &req.station_id],
        )
        .await?;
    }
    tx.commit().await?;
    tracing::info!(site = site_id, station = %req.station_id, %stream, "station enrolled");
    Ok(Enrolled {
        site_id: site_id.to_string(),
        station_id: req.station_id.clone(),
        stream_id: stream.to_string(),
        token,
    })
}

/// An authenticated station.
#[derive(Debug, Clone)]
pub struct StationAuth {
    pub site_id: String,
    pub station_id: String,
    /// SHA-256 of the token presented.
    pub token_hash: String,
}

/// The station a bearer token names, if the token is its current one and not revoked.
pub async fn authenticate(pool: &Pool, header: Option<&str>) -> Result<StationAuth, HubError> {
    let (site, station, token) = bearer(header, "rdk1")?;
    let client = pool.get().await?;
    let statement = client
        .prepare_cached(
            "SELECT token_hash, revoked_at IS NOT NULL,
                    coalesce(prev_token_hash = $3 AND prev_valid_until > now(), false)
             FROM station WHERE site_id = $1 AND station_id = $2",
        )
        .await?;
    let presented = sha256_hex(token);
    let row = client
        .query_opt(&statement, &[&site, &station, &presented])
        .await?
        .ok_or(HubError::Unauthorized)?;
    let (hash, revoked, previous): (String, bool, bool) = (row.get(0), row.get(1), row.get(2));
    if !same(&hash, &presented) && !previous {
        return Err(HubError::Unauthorized);
    }
    if revoked {
        return Err(HubError::Revoked);
    }
    Ok(StationAuth {
        site_id: site.to_string(),
        station_id: station.to_string(),
        token_hash: presented,
    })
}

/// How long the token a station rotated away from stays valid.
pub const ROTATION_GRACE_DAYS: i32 = 7;

/// Trade the presented token for a new one: the new one is current, the presented one stays
/// valid for [`ROTATION_GRACE_DAYS`] (a station that stopped before it stored the new token goes
/// on with the old one and rotates again).
pub async fn rotate(pool: &Pool, who: &StationAuth) -> Result<String, HubError> {
    let token = format!("rdk1.{}.{}.{}", who.site_id, who.station_id, random_hex());
    let client = pool.get().await?;
    let n = client
        .execute(
            "UPDATE station SET token_hash = $3, token_issued_at = now(), prev_token_hash = $4,
                    prev_valid_until = now() + make_interval(days => $5)
             WHERE site_id = $1 AND station_id = $2 AND revoked_at IS NULL",
            &[
                &who.site_id,
                &who.station_id,
                &sha256_hex(&token),
                &who.token_hash,
                &ROTATION_GRACE_DAYS,
            ],
        )
        .await?;
    if n != 1 {
        return Err(HubError::Revoked);
    }
    tracing::info!(site = %who.site_id, station = %who.station_id, "token rotated");
    Ok(token)
}

/// Revoke a station's token: its next request is refused with `auth.revoked`.
/// A station as an administrator sees it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct StationInfo {
    pub station_id: String,
    pub name: String,
    pub enrolled_at: String,
    pub last_seen_at: Option<String>,
    /// Events the station said it still had to push, at its last request.
    pub backlog: Option<i64>,
    pub revoked_at: Option<String>,
}

/// The stations enrolled at a site, by id.
pub async fn stations(pool: &Pool, site_id: &str) -> Result<Vec<StationInfo>, HubError> {
    let client = pool.get().await?;
    let rows = client
        .query(
            "SELECT station_id, name,
                    to_char(enrolled_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                    to_char(last_seen_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'),
                    backlog,
                    to_char(revoked_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"')
               FROM station WHERE site_id = $1 ORDER BY station_id",
            &[&site_id],
        )
        .await?;
    Ok(rows
        .iter()
        .map(|r| StationInfo {
            station_id: r.get(0),
            name: r.get(1),
            enrolled_at: r.get(2),
            last_seen_at: r.get(3),
            backlog: r.get(4),
            revoked_at: r.get(5),
        })
        .collect())
}

pub async fn revoke(pool: &Pool, site_id: &str, station_id: &str) -> Result<bool, HubError> {
    let client = pool.get().await?;
    Ok(client
        .execute(
            "UPDATE station SET revoked_at = now(), prev_token_hash = NULL, prev_valid_until = NULL
             WHERE site_id = $1 AND station_id = $2 AND revoked_at IS NULL",
            &[&site_id, &station_id],
        )
        .await?
        == 1)
}
