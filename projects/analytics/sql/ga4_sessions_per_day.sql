-- Google Analytics 4 sessions and users per day.
-- Parameters: 1 = first day, 2 = last day (inclusive), both 'YYYY-MM-DD'.
-- event_date is the partition column (the refine job derives it from session_date): a one-day
-- report scans one day. Each GA4 row holds one combination of source, medium, country and
-- device. Sessions are additive over those rows (a session has one source, medium, country and
-- device); users are not: a user who came twice through different channels or devices is in
-- two rows' totalUsers. The flow pulls no per-day total, so the day's distinct users are given
-- as the bounds these rows prove: at least the largest row's users, at most their sum.
SELECT
  session_date,
  sum(sessions) AS sessions,
  max(total_users) AS users_at_least,
  sum(total_users) AS users_at_most,
  sum(engaged_sessions) AS engaged_sessions
FROM "{{refined_database}}"."{{ga4_sessions_table}}"
WHERE event_date BETWEEN CAST(? AS DATE) AND CAST(? AS DATE)
GROUP BY session_date
ORDER BY session_date
