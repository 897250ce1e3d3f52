-- CDC change volume per source and day: the changes each merge commit applied, by operation,
-- from the change log's audit table the CDC merge job appends to (one row per entity and
-- commit; transformation's changeCountsTable). Not from each entity's Iceberg $snapshots:
-- Lake Formation serves those only to principals holding every column of the entity, which
-- readers of customers (confidential columns) never do; the audit table holds counts only.
-- A change counts when it applied: later than the key's stored change, so a replayed or
-- redelivered change counts once. Deletes are tombstones in the entity table; here they are
-- the changes whose operation was a delete.
-- Parameters: 1 = first day, 2 = last day (inclusive), both 'YYYY-MM-DD', in UTC.
-- Each CDC source feeds exactly one entity table, so the source is named by its entity.
SELECT
  CAST(committed_at AS DATE) AS change_date,
  entity AS source,
  count(*) AS commits,
  sum(inserted) AS inserted_records,
  sum(updated) AS updated_records,
  sum(deleted) AS deleted_records
FROM "{{cdc_database}}"."{{change_counts_table}}"
WHERE entity IN ({{entities}})
  AND CAST(committed_at AS DATE) BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
GROUP BY CAST(committed_at AS DATE), entity
ORDER BY change_date, source
