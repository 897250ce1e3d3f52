import type { CdcTableSpec } from "./types";

/**
 * DynamoDB orders, from the CDC handler's envelopes (one JSON line per stream record):
 * `{ eventId, eventName: INSERT|MODIFY|REMOVE, sequenceNumber, approximateCreationDateTime,
 *    keys: {...}, newImage: {...} | null, oldImage: {...} | null }` with unmarshalled images.
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
    { name: "eventId", type: "string" },
    { name: "eventName", type: "string" },
    { name: "sequenceNumber", type: "string" },
    { name: "approximateCreationDateTime", type: "string" },
    { name: "keys", type: { struct: [{ name: "order_id", type: "string" }] } },
    {
      name: "newImage",
      type: {
        struct: [
          { name: "order_id", type: "string" },
          { name: "customer_id", type: "string" },
          { name: "status", type: "string" },
          { name: "total_amount", type: "double" },
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
      // REMOVE records carry no new image: the key comes from `keys`.
      from: "COALESCE(src.newImage.order_id, src.keys.order_id)",
    },
    {
      name: "customer_id",
      type: "string",
      sensitivity: "internal",
      comment: "Customer id.",
      from: "src.newImage.customer_id",
    },
    {
      name: "status",
      type: "string",
      sensitivity: "public",
      comment: "Order status.",
      from: "src.newImage.status",
    },
    {
      name: "total_amount",
      type: "decimal(12,2)",
      sensitivity: "internal",
      comment: "Order total.",
      from: "src.newImage.total_amount",
    },
    {
      name: "currency",
      type: "string",
      sensitivity: "public",
      comment: "ISO 4217 currency.",
      from: "src.newImage.currency",
    },
    {
      name: "created_at",
      type: "timestamp",
      sensitivity: "public",
      comment: "Order creation time (UTC).",
      from: "src.newImage.created_at",
    },
    {
      name: "updated_at",
      type: "timestamp",
      sensitivity: "public",
      comment: "Last change time (UTC).",
      from: "src.newImage.updated_at",
    },
  ],
  keys: ["order_id"],
  operation: "CASE src.eventName WHEN 'REMOVE' THEN 'D' WHEN 'INSERT' THEN 'I' ELSE 'U' END",
  sequence: [
    {
      name: "_cdc_sequence",
      type: "string",
      // Stream sequence numbers are decimal strings of up to 40 digits, ordered per item:
      // left-padding makes string order equal numeric order.
      from: "LPAD(COALESCE(src.sequenceNumber, ''), 40, '0')",
      comment: "DynamoDB Streams sequence number of the last applied change (zero-padded).",
    },
  ],
  partition: { column: "created_at", transform: "month" },
};
