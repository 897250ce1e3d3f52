import { CLIENT_EVENT_COLUMNS, type GlueColumnType } from "@lakehouse/contracts";
import type { ColumnSpec, RawField, RefinedTableSpec, Sensitivity, SqlType } from "./types";

/** Sensitivity of each client event field (the event schema itself lives in the contracts). */
const SENSITIVITY: Record<string, Sensitivity> = {
  event_id: "public",
  event_time: "public",
  user_id: "internal",
  session_id: "internal",
  platform: "public",
  app_version: "public",
  page: "public",
  value: "internal",
  currency: "public",
  properties: "internal",
};

/** Firehose writes maps; refined keeps them as JSON text (the runner renders nested values with to_json). */
const sqlType = (t: GlueColumnType): SqlType => (t === "map<string,string>" ? "string" : t);

/**
 * Client events as Firehose "events" delivers them: Parquet files with the contract's columns
 * (`CLIENT_EVENT_COLUMNS`), under `event_date=<day>/event_type=<type>/` folders. Firehose keeps
 * partition keys out of the files, so event_type is read from the file's path.
 */
export const clientEvents: RefinedTableSpec = {
  kind: "refined",
  dataset: "events",
  table: "client_events",
  description: "Client events, typed and deduplicated by event_id, partitioned by event date (UTC).",
  source: "events",
  sourceFormat: "parquet",
  domain: "marketing",
  rawSchema: CLIENT_EVENT_COLUMNS.map(
    (f): RawField => ({
      name: f.name,
      type: sqlType(f.type),
      ...(f.name === "event_id" ? { key: true } : {}),
    }),
  ),
  columns: [
    {
      name: "event_type",
      type: "string",
      sensitivity: "public",
      comment: "e.g. page_view, add_to_cart, purchase.",
      from: "NULLIF(regexp_extract(src._source_file, 'event_type=([^/]+)/', 1), '')",
      required: true,
    },
    ...CLIENT_EVENT_COLUMNS.map(
      (f): ColumnSpec => ({
        name: f.name,
        type: sqlType(f.type),
        comment: f.comment,
        sensitivity: SENSITIVITY[f.name] ?? "internal",
        // What the producer contract requires and enumerates, the refined table holds.
        ...(f.required ? { required: true } : {}),
        ...(f.values ? { values: f.values } : {}),
      }),
    ),
  ],
  eventTimeColumn: "event_time",
  freshnessColumn: "event_time",
  dedupeKeys: ["event_id"],
  partitionColumn: "event_date",
};
