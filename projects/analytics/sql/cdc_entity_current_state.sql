-- Current state of one CDC entity: how many live entities have each value of one column
-- (e.g. orders by status). No parameters: the Iceberg table's current snapshot holds exactly
-- one row per live entity (the merge job updates in place and removes deleted ones), so there
-- is no history to prune by day.
SELECT
  {{group_column}},
  count(*) AS entities
FROM "{{cdc_database}}"."{{entity_table}}"
GROUP BY {{group_column}}
ORDER BY entities DESC, {{group_column}}
