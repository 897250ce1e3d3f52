import type { RefinedTableSpec } from "./types";

/**
 * Google Analytics 4 daily report pulled by the AppFlow flow (Parquet, values as text). Fields
 * the flow is not configured to pull (ingestion's ga4Dimensions / ga4Metrics) arrive as NULL.
 */
export const ga4Sessions: RefinedTableSpec = {
  kind: "refined",
  dataset: "ga4_sessions",
  table: "ga4_sessions",
  description: "GA4 sessions per day, source/medium, country and device; one row per dimension combination.",
  source: "googleAnalytics",
  sourceFormat: "parquet",
  domain: "marketing",
  rawSchema: [
    { name: "date", type: "string", key: true },
    { name: "sessionSource", type: "string" },
    { name: "sessionMedium", type: "string" },
    { name: "country", type: "string" },
    { name: "deviceCategory", type: "string" },
    { name: "sessions", type: "string" },
    { name: "totalUsers", type: "string" },
    { name: "engagedSessions", type: "string" },
    { name: "screenPageViews", type: "string" },
  ],
  columns: [
    {
      name: "session_date",
      type: "date",
      sensitivity: "public",
      comment: "Report day (GA4 property time zone).",
      // The GA4 API's `date` is YYYYMMDD text; the flow keeps source typing, so AppFlow may deliver
      // it as a Parquet DATE instead, which the runner's conform step turns into 'YYYY-MM-DD' text
      // (aws-data-paths.md §4.3: the delivered form is undocumented). Both parse; anything else is
      // NULL and the row is dropped. SUBSTR and || are portable (to_date patterns differ by engine).
      from: "CASE WHEN LENGTH(src.date) = 8 THEN SUBSTR(src.date, 1, 4) || '-' || SUBSTR(src.date, 5, 2) || '-' || SUBSTR(src.date, 7, 2) ELSE SUBSTR(src.date, 1, 10) END",
      required: true,
    },
    {
      name: "session_source",
      type: "string",
      sensitivity: "public",
      comment: "Traffic source.",
      from: "src.sessionSource",
    },
    {
      name: "session_medium",
      type: "string",
      sensitivity: "public",
      comment: "Traffic medium.",
      from: "src.sessionMedium",
    },
    { name: "country", type: "string", sensitivity: "public", comment: "Visitor country." },
    {
      name: "device_category",
      type: "string",
      sensitivity: "public",
      comment: "desktop, mobile or tablet.",
      from: "src.deviceCategory",
      // GA4's deviceCategory dimension; NULL when the flow does not pull it (ga4Dimensions).
      values: ["desktop", "mobile", "tablet", "smart tv"],
    },
    { name: "sessions", type: "bigint", sensitivity: "public", comment: "Sessions." },
    { name: "total_users", type: "bigint", sensitivity: "public", comment: "Users.", from: "src.totalUsers" },
    {
      name: "engaged_sessions",
      type: "bigint",
      sensitivity: "public",
      comment: "Engaged sessions.",
      from: "src.engagedSessions",
    },
    {
      name: "screen_page_views",
      type: "bigint",
      sensitivity: "public",
      comment: "Views.",
      from: "src.screenPageViews",
    },
  ],
  eventTimeColumn: "session_date",
  freshnessColumn: "session_date",
  dedupeKeys: ["session_date", "session_source", "session_medium", "country", "device_category"],
  partitionColumn: "event_date",
};
