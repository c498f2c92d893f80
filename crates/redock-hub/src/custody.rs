//! Custody of a unit (../shared/sync.md "Conflicts"): the station that received a unit holds it;
//! another station acts on it after the hub hands custody over. The hand-over is a write at the
//! hub (`hub_reference`, kind `custody`, with a change number from the site's counter row), so
//! the station that held the unit hears of it at its next pull and stops writing it; the station
//! that asked is handed the unit's receipt and the register writes nothing supersedes, which it
//! records as its own fact (`unit_taken_over`). Writes a station made before it heard are not
//! lost: they meet the new holder's in the registers (registers.rs).

use crate::auth::StationAuth;
use crate::error::HubError;
use deadpool_postgres::Pool;
pub use redock_events::feed::{Handed, TakeRequest};
use redock_events::EventBody;

/// Hand `lpn` to the asking station's stream, in one transaction with the unit's row locked.
pub async fn take(pool: &Pool, who: &StationAuth, lpn: &str, req: &TakeRequest) -> Result<Handed, HubError> {
    let stream: uuid::Uuid = req
        .stream_id
        .parse()
        .map_err(|_| HubError::UnknownStream(req.stream_id.clone()))?;
    let mut client = pool.get().await?;
    let tx = client.transaction().await?;
    let owner: Option<String> = tx
        .query_opt(
            "SELECT station_id FROM stream WHERE site_id = $1 AND stream_id = $2",
            &[&who.site_id, &stream],
        )
        .await?
        .map(|r| r.get(0));
    match owner {
        None => return Err(HubError::UnknownStream(req.stream_id.clone())),
        Some(o) if o != who.station_id => {
            return Err(HubError::Forbidden(format!(
                "stream {stream} belongs to station {o}"
            )))
        }
        Some(_) => {}
    }
    // The counter row first (the site's writer lock, as every feed write), then the unit.
    let change: i64 = tx
        .query_one(
            "UPDATE site_feed SET n = n + 1 WHERE site_id = $1 RETURNING n",
            &[&who.site_id],
        )
        .await?
        .get(0);
    let unit = tx
        .query_opt(
            "SELECT stream_id, received_seq FROM hub_unit WHERE site_id = $1 AND lpn = $2 FOR UPDATE",
            &[&who.site_id, &lpn],
        )
        .await?
        .ok_or_else(|| HubError::UnknownUnit(lpn.to_string()))?;
    let (receiver, received_seq): (uuid::Uuid, Option<i64>) = (unit.get(0), unit.get(1));
    let holder: uuid::Uuid = match tx
        .query_opt(
            "SELECT body FROM hub_reference WHERE site_id = $1 AND kind = 'custody' AND key = $2",
            &[&who.site_id, &lpn],
        )
        .await?
    {
        Some(r) => {
            let body: String = r.get(0);
            match serde_json::from_str(&body) {
                Ok(redock_events::feed::Reference::Custody { holder_stream, .. }) => {
                    holder_stream.parse().unwrap_or(receiver)
                }
                _ => receiver,
            }
        }
        None => receiver,
    };
    let received = match received_seq {
        Some(seq) => event_body(&tx, &who.site_id, &receiver, seq).await?,
        None => {
            let seq: i64 = tx
                .query_one(
                    "SELECT seq FROM event WHERE site_id = $1 AND stream_id = $2 AND kind = 'unit_received'
                       AND payload::jsonb ->> 'lpn' = $3",
                    &[&who.site_id, &receiver, &lpn],
                )
                .await?
                .get(0);
            event_body(&tx, &who.site_id, &receiver, seq).await?
        }
    };
    let EventBody::UnitReceived(received) = received else {
        return Err(HubError::Config(format!(
            "unit {lpn}: its receipt is not a unit_received event"
        )));
    };
    let heads = tx
        .query(crate::registers::UNIT_HEADS, &[&who.site_id, &lpn])
        .await?;
    let (mut seen, mut inspections, mut decisions) = (vec![], vec![], vec![]);
    for h in &heads {
        let (write_id, s, seq): (String, uuid::Uuid, i64) = (h.get(0), h.get(1), h.get(2));
        match event_body(&tx, &who.site_id, &s, seq).await? {
            EventBody::Inspected(i) => inspections.push(i),
            EventBody::Decided(d) => decisions.push(d),
            _ => continue,
        }
        seen.push(write_id);
    }
    // The register's value last: the taker shows it until the hub settles otherwise.
    let winner: Option<String> = tx
        .query_opt(
            "SELECT write_id FROM hub_register WHERE site_id = $1 AND lpn = $2 AND register = 'disposition'",
            &[&who.site_id, &lpn],
        )
        .await?
        .map(|r| r.get(0));
    decisions.sort_by_key(|d| winner.as_deref() == Some(d.disposition_id.as_str()));
    let moved = holder != stream;
    if moved {
        let item = redock_events::feed::Reference::Custody {
            lpn: lpn.to_string(),
            holder_stream: stream.to_string(),
            from_stream: holder.to_string(),
        };
        let body = serde_json::to_string(&item).map_err(|e| HubError::Config(e.to_string()))?;
        tx.execute(
            "INSERT INTO hub_reference (site_id, kind, key, body, change_no) VALUES ($1, 'custody', $2, $3, $4)
             ON CONFLICT (site_id, kind, key) DO UPDATE SET body = excluded.body, change_no = excluded.change_no,
               updated_at = now()",
            &[&who.site_id, &lpn, &body, &change],
        )
        .await?;
        tx.commit().await?;
        tracing::info!(site = %who.site_id, lpn, from = %holder, to = %stream, change, "custody handed over");
    } else {
        // Nothing moved: the counter's number is given back with the rollback.
        tx.rollback().await?;
    }
    Ok(Handed {
        lpn: lpn.to_string(),
        from_stream: holder.to_string(),
        seen,
        received,
        inspections,
        decisions,
        change_no: moved.then_some(change),
    })
}

async fn event_body(
    tx: &deadpool_postgres::Transaction<'_>,
    site: &str,
    stream: &uuid::Uuid,
    seq: i64,
) -> Result<EventBody, HubError> {
    let r = tx
        .query_one(
            "SELECT kind, schema_version, payload FROM event WHERE site_id = $1 AND stream_id = $2 AND seq = $3",
            &[&site, stream, &seq],
        )
        .await?;
    let (kind, version, payload): (String, i32, Option<String>) = (r.get(0), r.get(1), r.get(2));
    let payload = payload.ok_or_else(|| HubError::Config(format!("event {stream}/{seq} has no payload")))?;
    EventBody::decode(&kind, version as u32, &payload)
        .map_err(|e| HubError::Config(format!("event {stream}/{seq}: {e}")))
}
