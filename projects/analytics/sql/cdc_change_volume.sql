-- CDC change volume per source and day: what the merge job committed to each entity's Iceberg
-- table, from Iceberg's snapshot metadata (one snapshot per commit, with record counts).
-- Compaction commits are not changes: Iceberg records a rewrite of data files without changing
-- the data as operation 'replace' (Iceberg spec, snapshot summary "operation"), so they are left out.
-- History reaches back as far as snapshot retention (transformation's snapshotRetentionDays):
-- the dashboard dataset's window is clamped to it.
-- Parameters: 1 = first day, 2 = last day (inclusive), both 'YYYY-MM-DD', in UTC.
-- Reads table metadata only: no data file is scanned, whatever the range.
-- Each CDC source feeds exactly one entity table, so the source is named by its entity.
-- element_at rather than a map subscript: Athena fails on a missing key, and a commit
-- without deletes has no 'deleted-records'.
WITH snapshots AS (
{{snapshot_tables}}
)
SELECT
  CAST(committed_at AS DATE) AS change_date,
  source,
  count(*) AS commits,
  sum(CAST(coalesce(element_at(summary, 'added-records'), '0') AS BIGINT)) AS added_records,
  sum(CAST(coalesce(element_at(summary, 'deleted-records'), '0') AS BIGINT)) AS deleted_records
FROM snapshots
WHERE operation <> 'replace'
  AND CAST(committed_at AS DATE) BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
GROUP BY CAST(committed_at AS DATE), source
ORDER BY change_date, source
