-- Google Analytics 4 sessions and users per day.
-- Parameters: 1 = first day, 2 = last day (inclusive), both 'YYYY-MM-DD'.
-- session_date is the partition column. Each GA4 report row holds sessions and users for one
-- combination of dimensions; users summed over rows count a user once per dimension value.
SELECT
  session_date,
  sum(sessions) AS sessions,
  sum(users) AS users
FROM "{{refined_database}}"."{{ga4_sessions_table}}"
WHERE session_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
GROUP BY session_date
ORDER BY session_date
