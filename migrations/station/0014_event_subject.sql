-- What each event is about (#16, a unit's audit trail): its unit (`lpn:`), parcel (`parcel:`)
-- and return (`rma:`), from the payload's `lpn`, `parcel_id`, `rma` and `rmas`. Written by the
-- projection with the event; emptied and refilled by a rebuild; rows of compacted events go with
-- them. Not a snapshot table: it indexes the log, which is where the trail is read from.
CREATE TABLE event_subject (
    subject TEXT NOT NULL,
    seq     INTEGER NOT NULL,
    PRIMARY KEY (subject, seq)
) STRICT, WITHOUT ROWID;

INSERT OR IGNORE INTO event_subject (subject, seq)
SELECT 'lpn:' || json_extract(payload, '$.lpn'), seq FROM events WHERE json_extract(payload, '$.lpn') IS NOT NULL;
INSERT OR IGNORE INTO event_subject (subject, seq)
SELECT 'parcel:' || json_extract(payload, '$.parcel_id'), seq FROM events
 WHERE json_extract(payload, '$.parcel_id') IS NOT NULL;
INSERT OR IGNORE INTO event_subject (subject, seq)
SELECT 'rma:' || json_extract(payload, '$.rma'), seq FROM events WHERE json_extract(payload, '$.rma') IS NOT NULL;
INSERT OR IGNORE INTO event_subject (subject, seq)
SELECT 'rma:' || r.value, e.seq FROM events e, json_each(e.payload, '$.rmas') r
 WHERE json_type(e.payload, '$.rmas') = 'array';
-- A label's later facts name only its job: the unit is the job's (as `print_queued` said).
CREATE TEMP TABLE queued_job (job_id TEXT PRIMARY KEY, lpn TEXT NOT NULL);
INSERT OR IGNORE INTO queued_job (job_id, lpn)
SELECT json_extract(payload, '$.job_id'), json_extract(payload, '$.lpn') FROM events
 WHERE kind = 'print_queued' AND json_extract(payload, '$.lpn') IS NOT NULL;
INSERT OR IGNORE INTO event_subject (subject, seq)
SELECT 'lpn:' || q.lpn, e.seq FROM events e JOIN queued_job q ON q.job_id = json_extract(e.payload, '$.job_id')
 WHERE e.kind LIKE 'print_%' AND json_extract(e.payload, '$.lpn') IS NULL;
DROP TABLE queued_job;
