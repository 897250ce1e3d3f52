-- Daily client events by type.
-- Parameters: 1 = first day, 2 = last day (inclusive), both 'YYYY-MM-DD'.
-- event_date is the table's partition column: a one-day report (first = last) scans one day.
SELECT
  event_date,
  event_type,
  count(*) AS events,
  count(DISTINCT user_id) AS users
FROM "{{refined_database}}"."{{events_table}}"
WHERE event_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
GROUP BY event_date, event_type
ORDER BY event_date, events DESC, event_type
