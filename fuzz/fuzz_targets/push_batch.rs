//! The hub's push decoder on arbitrary bytes: JSON → PushBatch → check_batch. Never panics; a
//! batch that passes has consecutive seqs, one checked event per event sent, and every station
//! event's hash is its envelope's.
#![no_main]

use libfuzzer_sys::fuzz_target;
use redock_events::wire::{check_batch, PushBatch};
use redock_events::{envelope_hash, Origin};

const STREAM: &str = "019ad0a0-0000-7000-8000-000000000001";

fuzz_target!(|data: &[u8]| {
    let Ok(batch) = serde_json::from_slice::<PushBatch>(data) else { return };
    // The stream the batch says it is of (so real batches reach the hash checks), or a fixed one.
    let named = batch.events.first().and_then(|e| e.stream_id.as_deref()).and_then(|s| uuid::Uuid::parse_str(s).ok());
    let stream = named.unwrap_or_else(|| uuid::Uuid::parse_str(STREAM).unwrap());
    let stream_text = stream.to_string();
    if let Ok(checked) = check_batch(&stream, &batch) {
        assert_eq!(checked.len(), batch.events.len());
        for w in checked.windows(2) {
            assert_eq!(w[1].seq, w[0].seq + 1);
        }
        for c in &checked {
            if c.origin == Origin::Station {
                let payload = c.payload.as_deref().unwrap();
                assert_eq!(envelope_hash(&stream_text, c.seq, &c.kind, c.version as u32, Origin::Station, payload), c.hash);
            }
        }
    }
});
