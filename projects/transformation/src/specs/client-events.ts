import type { RefinedTableSpec } from "./types";

/** Client events delivered by Firehose "events" (converted to Parquet on delivery). */
export const clientEvents: RefinedTableSpec = {
  kind: "refined",
  dataset: "events",
  table: "client_events",
  description: "Client events, typed and deduplicated by event_id, partitioned by event date (UTC).",
  source: "events",
  sourceFormat: "parquet",
  domain: "marketing",
  rawSchema: [
    { name: "event_id", type: "string" },
    { name: "event_type", type: "string" },
    { name: "user_id", type: "string" },
    { name: "session_id", type: "string" },
    { name: "occurred_at", type: "string" },
    { name: "page_url", type: "string" },
    { name: "platform", type: "string" },
    { name: "app_version", type: "string" },
    { name: "properties", type: "string" },
  ],
  columns: [
    {
      name: "event_id",
      type: "string",
      sensitivity: "public",
      comment: "Producer-assigned unique event id.",
    },
    { name: "event_type", type: "string", sensitivity: "public", comment: "Event name, e.g. page_view." },
    { name: "user_id", type: "string", sensitivity: "internal", comment: "Pseudonymous user id." },
    { name: "session_id", type: "string", sensitivity: "internal", comment: "Client session id." },
    {
      name: "occurred_at",
      type: "timestamp",
      sensitivity: "public",
      comment: "When the event happened (UTC).",
    },
    { name: "page_url", type: "string", sensitivity: "internal", comment: "Page or screen URL." },
    { name: "platform", type: "string", sensitivity: "public", comment: "web, ios or android." },
    { name: "app_version", type: "string", sensitivity: "public", comment: "Client version." },
    {
      name: "properties",
      type: "string",
      sensitivity: "internal",
      comment: "Event properties as JSON text.",
    },
  ],
  eventTimeColumn: "occurred_at",
  dedupeKeys: ["event_id"],
  partitionColumn: "event_date",
};
