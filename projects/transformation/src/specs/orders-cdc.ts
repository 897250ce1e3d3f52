import type { CdcTableSpec } from "./types";

/**
 * DynamoDB orders (partition key `pk` = order id), from the ingestion CDC handler's envelopes,
 * one JSON line per change: `{ source, table, op: insert|update|delete, keys, before, after,
 * sequence, eventTime, ingestedAt }` with plain-JSON (unmarshalled) images.
 */
export const ordersCdc: CdcTableSpec = {
  kind: "cdc",
  dataset: "orders",
  table: "orders",
  description: "Current state of the DynamoDB orders table, merged from stream changes.",
  source: "dynamodbCdc",
  sourceFormat: "json",
  domain: "sales",
  rawSchema: [
    { name: "op", type: "string" },
    { name: "sequence", type: "string" },
    { name: "eventTime", type: "string" },
    { name: "keys", type: { struct: [{ name: "pk", type: "string" }] } },
    {
      name: "after",
      type: {
        struct: [
          { name: "pk", type: "string" },
          { name: "customer_id", type: "string" },
          { name: "status", type: "string" },
          // Numbers beyond double precision arrive as decimal strings: read as text, cast exactly.
          { name: "total_amount", type: "string" },
          { name: "currency", type: "string" },
          { name: "created_at", type: "string" },
          { name: "updated_at", type: "string" },
        ],
      },
    },
  ],
  columns: [
    {
      name: "order_id",
      type: "string",
      sensitivity: "public",
      comment: "Order id (partition key of the source table).",
      // Deletes carry no after image: the key comes from `keys`.
      from: "COALESCE(src.after.pk, src.keys.pk)",
    },
    {
      name: "customer_id",
      type: "string",
      sensitivity: "internal",
      comment: "Customer id.",
      from: "src.after.customer_id",
    },
    {
      name: "status",
      type: "string",
      sensitivity: "public",
      comment: "Order status.",
      from: "src.after.status",
    },
    {
      name: "total_amount",
      type: "decimal(12,2)",
      sensitivity: "internal",
      comment: "Order total.",
      from: "src.after.total_amount",
    },
    {
      name: "currency",
      type: "string",
      sensitivity: "public",
      comment: "ISO 4217 currency.",
      from: "src.after.currency",
    },
    {
      name: "created_at",
      type: "timestamp",
      sensitivity: "public",
      comment: "Order creation time (UTC).",
      from: "src.after.created_at",
    },
    {
      name: "updated_at",
      type: "timestamp",
      sensitivity: "public",
      comment: "Last change time (UTC).",
      from: "src.after.updated_at",
    },
  ],
  keys: ["order_id"],
  operation: "CASE src.op WHEN 'delete' THEN 'D' WHEN 'insert' THEN 'I' ELSE 'U' END",
  sequence: [
    {
      name: "_cdc_sequence",
      type: "string",
      // Stream sequence numbers are decimal strings of up to 40 digits, ordered per item:
      // left-padding makes string order equal numeric order.
      from: "LPAD(COALESCE(src.sequence, ''), 40, '0')",
      comment: "DynamoDB Streams sequence number of the last applied change (zero-padded).",
    },
  ],
  partition: { column: "created_at", transform: "month" },
};
