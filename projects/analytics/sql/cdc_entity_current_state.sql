-- Current state of one CDC entity: how many entities are in each status now.
-- No parameters: the Iceberg table's current snapshot holds exactly one row per live entity
-- (the merge job applies updates in place and removes deleted ones), so there is no history
-- to prune by day.
SELECT
  {{status_column}} AS status,
  count(*) AS entities
FROM "{{cdc_database}}"."{{entity_table}}"
GROUP BY {{status_column}}
ORDER BY entities DESC, status
