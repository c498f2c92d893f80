-- KPIs over a date range (#16 item 4) read from hourly rollups, so a month at a big dock is a few
-- thousand rows, not a hundred thousand inspections. `hour` is the UTC hour `YYYY-MM-DDTHH` (a
-- range in the site's calendar is whole UTC hours in a zone of whole-hour offsets). Kept by the
-- projection with each inspection, decision and breach it inserts (one taken in from the hub
-- too: the station's data as pulled); a rebuild refills it. Metrics and keys:
--   inspected  operator, grading set          n, total = handle ms
--   handle     grading set, bucket (seconds)  n          (0, 15, 30, 60, 120, 300: lower bounds)
--   reason     sku, stated, found             n
--   flag       fraud flag                     n
--   decided    channel, decided_by, currency  n, total = expected recovery (minor units)
--   breach     queue kind                     n
CREATE TABLE kpi_hour (
    metric TEXT NOT NULL,
    hour   TEXT NOT NULL,
    k1     TEXT NOT NULL,
    k2     TEXT NOT NULL DEFAULT '',
    k3     TEXT NOT NULL DEFAULT '',
    n      INTEGER NOT NULL,
    total  INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (metric, hour, k1, k2, k3)
) STRICT, WITHOUT ROWID;

-- What the station holds already, as the projection would have counted it.
INSERT INTO kpi_hour (metric, hour, k1, k2, n, total)
SELECT 'inspected', substr(inspected_at, 1, 13), COALESCE(operator_id, ''), grading_set, count(*),
       COALESCE(sum(handle_ms), 0)
  FROM inspection GROUP BY 2, 3, 4;
INSERT INTO kpi_hour (metric, hour, k1, k2, n)
SELECT 'handle', substr(inspected_at, 1, 13), grading_set,
       CASE WHEN handle_ms < 15000 THEN '0' WHEN handle_ms < 30000 THEN '15' WHEN handle_ms < 60000 THEN '30'
            WHEN handle_ms < 120000 THEN '60' WHEN handle_ms < 300000 THEN '120' ELSE '300' END, count(*)
  FROM inspection WHERE handle_ms IS NOT NULL GROUP BY 2, 3, 4;
INSERT INTO kpi_hour (metric, hour, k1, k2, k3, n)
SELECT 'reason', substr(i.inspected_at, 1, 13), COALESCE(u.sku, ''), COALESCE(i.stated_reason, ''),
       COALESCE(i.found_reason, ''), count(*)
  FROM inspection i LEFT JOIN unit u ON u.lpn = i.lpn GROUP BY 2, 3, 4, 5;
INSERT INTO kpi_hour (metric, hour, k1, n)
SELECT 'flag', substr(i.inspected_at, 1, 13), f.value, count(*)
  FROM inspection i, json_each(i.flags) f GROUP BY 2, 3;
INSERT INTO kpi_hour (metric, hour, k1, k2, k3, n, total)
SELECT 'decided', substr(decided_at, 1, 13), channel, decided_by, COALESCE(currency, ''), count(*),
       COALESCE(sum(recovery_minor), 0)
  FROM disposition GROUP BY 2, 3, 4, 5;
