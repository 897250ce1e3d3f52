/**
 * The change envelope the ingestion CDC handler writes for each DynamoDB stream record, one JSON
 * line per change in the raw zone's `dynamodb-cdc/` prefix. Shared by its producer (the handler,
 * `projects/ingestion/functions/cdc-handler/envelope.ts`) and its consumer (the orders table spec,
 * which declares every field so a normal batch reports no undeclared column).
 */

export type CdcOp = "insert" | "update" | "delete";
export type JsonValue = string | number | boolean | null | JsonValue[] | { [k: string]: JsonValue };
export type JsonObject = { [k: string]: JsonValue };

/** One change, as it lands in the raw zone (one JSON line per envelope). */
export interface CdcEnvelope {
  source: "dynamodb";
  table: string;
  op: CdcOp;
  keys: JsonObject;
  before: JsonObject | null;
  after: JsonObject | null;
  /** Stream sequence number: orders changes of one item, and deduplicates Lambda retries. */
  sequence: string;
  /** When DynamoDB recorded the change (ISO 8601). */
  eventTime: string;
  /** When this handler built the envelope (ISO 8601). */
  ingestedAt: string;
}

/**
 * Every envelope field and what it holds: text, the item's key attributes, or an image of the
 * whole item (its key attributes included; null when there is none: `before` of an insert, `after`
 * of a delete). `satisfies` makes the compiler hold this list to the type: a field added to the
 * envelope and not here, or listed here and not there, fails to compile.
 */
export const CDC_ENVELOPE_FIELDS = {
  source: "string",
  table: "string",
  op: "string",
  keys: "keys",
  before: "image",
  after: "image",
  sequence: "string",
  eventTime: "string",
  ingestedAt: "string",
} as const satisfies Record<keyof CdcEnvelope, "string" | "keys" | "image">;
