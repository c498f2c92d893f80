-- The print queue: one row per label to print, kept until printed. A job waits (state 'queued',
-- `next_attempt_at` in the future) while the printer is offline; the dock goes on. Projection of
-- print_queued / print_attempted events.
ALTER TABLE print_job ADD COLUMN template TEXT NOT NULL DEFAULT '100x150mm';
ALTER TABLE print_job ADD COLUMN language TEXT NOT NULL DEFAULT 'en';
ALTER TABLE print_job ADD COLUMN reason TEXT NOT NULL DEFAULT 'decision';   -- decision, reprint
ALTER TABLE print_job ADD COLUMN next_attempt_at TEXT;
ALTER TABLE print_job ADD COLUMN error_code TEXT;
ALTER TABLE print_job ADD COLUMN answer TEXT;                               -- JSON: what the device said
ALTER TABLE print_job ADD COLUMN printed_at TEXT;
CREATE INDEX print_job_waiting ON print_job(state, next_attempt_at);
CREATE INDEX print_job_lpn ON print_job(lpn);
