-- A label is sent once. A job is `sending` (committed before any byte goes out) until its result is
-- recorded; one found `sending` with nobody sending it may have printed, and waits for a person
-- (confirmed: `done`; printed again: `replaced` by a new job). A supervisor may give a failed job up
-- (`dismissed`). Finished jobs (done, dismissed, replaced) say since when (`finished_at`), so that
-- the retention sweep can prune them through `print_jobs_pruned` events.
--
-- SQLite cannot change a CHECK constraint in place: the table is rebuilt with the new states,
-- columns in the same order as before and the new ones at the end. Nothing references print_job.
CREATE TABLE print_job_0005 (
    job_id          TEXT PRIMARY KEY,
    lpn             TEXT REFERENCES unit(lpn),
    printer         TEXT NOT NULL,
    format          TEXT NOT NULL,
    state           TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'printing', 'done', 'failed',
                                                   'dismissed', 'replaced')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    template        TEXT NOT NULL DEFAULT '100x150mm',
    language        TEXT NOT NULL DEFAULT 'en',
    reason          TEXT NOT NULL DEFAULT 'decision',   -- decision, reprint
    next_attempt_at TEXT,
    error_code      TEXT,
    answer          TEXT,                               -- JSON: what the device said
    printed_at      TEXT,
    finished_at     TEXT,                               -- done, dismissed or replaced since
    replaced_by     TEXT                                -- the job that printed it again
) STRICT;
-- The same values a replay of the events gives: a done job finished when it printed.
INSERT INTO print_job_0005 (job_id, lpn, printer, format, state, attempts, last_error, created_at, template,
                            language, reason, next_attempt_at, error_code, answer, printed_at, finished_at)
SELECT job_id, lpn, printer, format, state, attempts, last_error, created_at, template, language, reason,
       next_attempt_at, error_code, answer, printed_at, CASE WHEN state = 'done' THEN printed_at END
FROM print_job;
DROP TABLE print_job;
ALTER TABLE print_job_0005 RENAME TO print_job;
CREATE INDEX print_job_waiting ON print_job(state, next_attempt_at);
CREATE INDEX print_job_lpn ON print_job(lpn);
CREATE INDEX print_job_finished ON print_job(state, finished_at);
