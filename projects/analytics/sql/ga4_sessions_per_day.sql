-- Google Analytics 4 sessions and users per day.
-- Parameters: 1 = first day, 2 = last day (inclusive), both 'YYYY-MM-DD'.
-- event_date is the partition column (the refine job derives it from session_date): a one-day
-- report scans one day. Each GA4 row holds one combination of source, medium, country and
-- device; users summed over rows count a user once per combination.
SELECT
  session_date,
  sum(sessions) AS sessions,
  sum(total_users) AS users,
  sum(engaged_sessions) AS engaged_sessions
FROM "{{refined_database}}"."{{ga4_sessions_table}}"
WHERE event_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
GROUP BY session_date
ORDER BY session_date
