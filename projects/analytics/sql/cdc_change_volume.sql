-- CDC change volume per source and day: what the merge job committed to each entity's Iceberg
-- table, from Iceberg's snapshot metadata (one snapshot per commit, with record counts).
-- Compaction commits are not changes: Iceberg records a rewrite of data files without changing
-- the data as operation 'replace' (Iceberg spec, snapshot summary "operation"), so they are left out.
-- History reaches back as far as snapshot retention (transformation's snapshotRetentionDays):
-- the dashboard dataset's window is clamped to it.
-- Parameters: 1 = first day, 2 = last day (inclusive), both 'YYYY-MM-DD', in UTC.
-- Reads table metadata only: no data file is scanned, whatever the range.
-- Each CDC source feeds exactly one entity table, so the source is named by its entity.
-- element_at rather than a map subscript: Athena fails on a missing key.
-- What the columns count (Iceberg spec, snapshot summary; the tables are merge-on-read, format
-- v2): rows_written = 'added-records', the rows of the data files a commit added (new keys,
-- changed keys and tombstones alike: since deletes are tombstones, a delete is a written row);
-- rows_superseded = 'added-position-deletes' + 'added-equality-deletes', the earlier rows those
-- commits replaced. 'deleted-records' is not used: it counts rows of data files a commit removed
-- (copy-on-write rewrites, compaction), which a merge-on-read MERGE never does.
WITH snapshots AS (
{{snapshot_tables}}
)
SELECT
  CAST(committed_at AS DATE) AS change_date,
  source,
  count(*) AS commits,
  sum(CAST(coalesce(element_at(summary, 'added-records'), '0') AS BIGINT)) AS rows_written,
  sum(
    CAST(coalesce(element_at(summary, 'added-position-deletes'), '0') AS BIGINT)
    + CAST(coalesce(element_at(summary, 'added-equality-deletes'), '0') AS BIGINT)
  ) AS rows_superseded
FROM snapshots
WHERE operation <> 'replace'
  AND CAST(committed_at AS DATE) BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
GROUP BY CAST(committed_at AS DATE), source
ORDER BY change_date, source
