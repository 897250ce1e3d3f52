-- Current state of one CDC entity: how many live entities have each value of one column
-- (e.g. orders by status). No parameters: the Iceberg table's current snapshot holds exactly
-- one row per key (the merge job updates in place), so there is no history to prune by day.
-- Deleted keys stay as tombstones (_cdc_deleted) so late replays cannot revive them: not live.
-- Rows without the column are not entities of this report: in a single-table DynamoDB design
-- an order's line items share its table but carry no status, so they form no (blank) group.
SELECT
  {{group_column}},
  count(*) AS entities
FROM "{{cdc_database}}"."{{entity_table}}"
WHERE NOT _cdc_deleted
  AND {{group_column}} IS NOT NULL
GROUP BY {{group_column}}
ORDER BY entities DESC, {{group_column}}
