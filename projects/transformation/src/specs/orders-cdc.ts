import { CDC_ENVELOPE_FIELDS } from "@lakehouse/contracts";
import type { CdcTableSpec, RawField } from "./types";

/** The order lifecycle the orders service writes (`status` of an order item). */
export const ORDER_STATUSES = ["NEW", "PAID", "SHIPPED", "DELIVERED", "CANCELLED", "REFUNDED"] as const;

/** The item attributes the orders service writes, as the raw images carry them. */
const ITEM_ATTRIBUTES: RawField[] = [
  { name: "customer_id", type: "string" },
  { name: "status", type: "string" },
  // Numbers beyond double precision arrive as decimal strings: read as text, cast exactly.
  { name: "total_amount", type: "string" },
  { name: "currency", type: "string" },
  { name: "created_at", type: "string" },
  { name: "updated_at", type: "string" },
];

/**
 * DynamoDB orders, from the ingestion CDC handler's envelopes, one JSON line per change:
 * `{ source, table, op: insert|update|delete, keys, before, after, sequence, eventTime,
 * ingestedAt }` with plain-JSON (unmarshalled) images. The raw schema declares every envelope
 * field (CDC_ENVELOPE_FIELDS, the handler's own contract) and, in both images, the key
 * attributes and the item attributes the columns read: a batch of ordinary changes reports no
 * undeclared column, and a new item attribute is reported as `after.<name>`.
 *
 * `sourceKeys` are the source table's key attributes as its key schema declares them
 * (ingestion's `sourceTableKeys`): the partition key, then the sort key if the table has one.
 * An item is identified by both: (order o1, item LINE#1) and (o1, ORDER) are different rows.
 * The table's columns do not depend on the attribute names: `order_id` holds the partition key,
 * `item_key` the sort key ('' when the source table has none), so the catalog is the same for
 * every stack and only the rendered SQL reads the configured names.
 */
export function ordersCdcFor(sourceKeys: readonly string[]): CdcTableSpec {
  const [hashKey, rangeKey, ...extra] = sourceKeys;
  const attribute = /^[A-Za-z_][A-Za-z0-9_]*$/;
  if (!hashKey || extra.length > 0 || !sourceKeys.every((k) => attribute.test(k))) {
    throw new Error(
      `orders CDC: source key attributes must be [partitionKey] or [partitionKey, sortKey], got ${JSON.stringify(sourceKeys)}`,
    );
  }
  const keyFields = sourceKeys.map((name) => ({ name, type: "string" as const }));
  return {
    kind: "cdc",
    dataset: "orders",
    table: "orders",
    description: "Current state of the DynamoDB orders table, merged from stream changes.",
    source: "dynamodbCdc",
    sourceFormat: "json",
    domain: "sales",
    rawSchema: Object.entries(CDC_ENVELOPE_FIELDS).map(([name, holds]): RawField => {
      // Key values are read as text: a number or binary key attribute compares exactly that way.
      if (holds === "keys") return { name, type: { struct: keyFields }, key: true };
      if (holds === "image")
        return {
          name,
          type: { struct: [...keyFields, ...ITEM_ATTRIBUTES.filter((a) => !sourceKeys.includes(a.name))] },
        };
      return { name, type: "string" };
    }),
    columns: [
      {
        name: "order_id",
        type: "string",
        sensitivity: "public",
        comment: "Order id (partition key of the source table).",
        // Every change carries its item's key, deletes too.
        from: `src.keys.${hashKey}`,
        required: true,
      },
      {
        name: "item_key",
        type: "string",
        sensitivity: "public",
        comment: "Item within the order (sort key of the source table); '' when the table has no sort key.",
        from: rangeKey ? `src.keys.${rangeKey}` : "''",
        required: true,
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
        comment: "Order status (NULL on line items).",
        from: "src.after.status",
        values: ORDER_STATUSES,
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
        required: true,
      },
      {
        name: "updated_at",
        type: "timestamp",
        sensitivity: "public",
        comment: "Last change time (UTC).",
        from: "src.after.updated_at",
      },
    ],
    keys: ["order_id", "item_key"],
    freshnessColumn: "updated_at",
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
}

/** The orders table as the catalog declares it (its columns are the same for any key attribute names). */
export const ordersCdc: CdcTableSpec = ordersCdcFor(["pk", "sk"]);
