-- CDC change volume per source and day (inserts, updates and deletes captured).
-- Parameters: 1 = first day, 2 = last day (inclusive), both 'YYYY-MM-DD'.
-- change_date is the partition column of the refined change log: a one-day report scans one day.
SELECT
  change_date,
  source,
  count(*) AS changes,
  count_if(operation = 'insert') AS inserts,
  count_if(operation = 'update') AS updates,
  count_if(operation = 'delete') AS deletes
FROM "{{refined_database}}"."{{cdc_changes_table}}"
WHERE change_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
GROUP BY change_date, source
ORDER BY change_date, source
