/**
 * Layout of the S3 raw zone: one prefix per source. Ingestion writes here, transformation
 * crawls and reads here; neither spells these strings itself.
 */
export const RAW_PREFIXES = {
  dynamodbCdc: "dynamodb-cdc/",
  auroraCdc: "aurora-cdc/",
  events: "events/",
  googleAnalytics: "google-analytics/",
} as const;
export type RawSource = keyof typeof RAW_PREFIXES;
export type RawPrefixes = { [S in RawSource]: string };

/** Where delivery failures land, per source (Firehose error output, DMS has its own). */
export const ERROR_PREFIX = "errors/";

/** Prefixes of the refined zone. */
export const REFINED_PREFIXES = {
  parquet: "parquet/",
  iceberg: "iceberg/",
  /** Batches that failed their table's data-quality ruleset: `<table>/<job run id>/`, never published. */
  quarantine: "quarantine/",
} as const;
