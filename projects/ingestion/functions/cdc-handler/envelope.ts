/**
 * DynamoDB stream record -> CDC envelope. Pure and allocation-light: it runs once per change
 * in the Lambda and in the benchmark, so it converts attribute values itself instead of going
 * through the generic SDK unmarshaller.
 */

/** An attribute value as a stream record carries it (Lambda event: B as base64; SDK: Uint8Array). */
export type StreamAttributeValue = {
  S?: string;
  N?: string;
  B?: string | Uint8Array;
  BOOL?: boolean;
  NULL?: boolean;
  M?: Record<string, StreamAttributeValue>;
  L?: StreamAttributeValue[];
  SS?: string[];
  NS?: string[];
  BS?: (string | Uint8Array)[];
};
export type StreamImage = Record<string, StreamAttributeValue>;

/** The subset of a DynamoDB stream record the handler reads (Lambda event and GetRecords shapes). */
export interface StreamRecord {
  eventID?: string;
  eventName?: "INSERT" | "MODIFY" | "REMOVE" | string;
  eventSourceARN?: string;
  dynamodb?: {
    ApproximateCreationDateTime?: number | Date;
    Keys?: StreamImage;
    NewImage?: StreamImage;
    OldImage?: StreamImage;
    SequenceNumber?: string;
    SizeBytes?: number;
  };
}

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

/** A record that can never be delivered: it goes to the on-failure queue with this reason. */
export class PoisonRecordError extends Error {
  constructor(
    readonly reason: "unparseable" | "oversized",
    message: string,
  ) {
    super(message);
    this.name = "PoisonRecordError";
  }
}

const OPS: Record<string, CdcOp> = { INSERT: "insert", MODIFY: "update", REMOVE: "delete" };

function binary(value: string | Uint8Array): string {
  return typeof value === "string" ? value : Buffer.from(value).toString("base64");
}

/**
 * DynamoDB numbers have 38 digits of precision; a JSON number only keeps those that survive a
 * double. Numbers that would not round-trip exactly (DynamoDB returns them normalised, so this
 * is only a precision question) are kept as their exact decimal string.
 */
function number(text: string): number | string {
  const n = Number(text);
  return String(n) === text ? n : text;
}

export function attributeToJson(value: StreamAttributeValue, path: string): JsonValue {
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return number(value.N);
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.M !== undefined) return imageToJson(value.M, path);
  if (value.L !== undefined) return value.L.map((v, i) => attributeToJson(v, `${path}[${i}]`));
  if (value.SS !== undefined) return value.SS;
  if (value.NS !== undefined) return value.NS.map(number);
  if (value.B !== undefined) return binary(value.B);
  if (value.BS !== undefined) return value.BS.map(binary);
  throw new PoisonRecordError("unparseable", `attribute ${path} has no known DynamoDB type`);
}

export function imageToJson(image: StreamImage, path = ""): JsonObject {
  const out: JsonObject = {};
  for (const name in image) {
    const value = image[name];
    if (value === null || typeof value !== "object") {
      throw new PoisonRecordError("unparseable", `attribute ${path}${name} is not an attribute value`);
    }
    out[name] = attributeToJson(value, `${path}${name}`);
  }
  return out;
}

/** `arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>` -> `<name>`. */
export function tableFromArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  const match = /:table\/([^/]+)/.exec(arn);
  return match?.[1];
}

function eventTime(value: number | Date | undefined): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number" && Number.isFinite(value)) {
    // Lambda delivers epoch seconds (possibly fractional); guard against a millisecond value.
    return new Date(value > 1e11 ? value : value * 1000).toISOString();
  }
  throw new PoisonRecordError("unparseable", "record has no ApproximateCreationDateTime");
}

/**
 * Builds the envelope of one stream record. Throws PoisonRecordError("unparseable") when the
 * record cannot be read; the caller decides what to do with it.
 */
export function toEnvelope(record: StreamRecord, ingestedAt: string, fallbackTable?: string): CdcEnvelope {
  const ddb = record.dynamodb;
  if (!ddb || typeof ddb !== "object")
    throw new PoisonRecordError("unparseable", "record has no dynamodb section");
  const op = OPS[record.eventName ?? ""];
  if (!op)
    throw new PoisonRecordError("unparseable", `unknown eventName ${JSON.stringify(record.eventName)}`);
  if (!ddb.SequenceNumber) throw new PoisonRecordError("unparseable", "record has no SequenceNumber");
  if (!ddb.Keys) throw new PoisonRecordError("unparseable", "record has no Keys");
  const table = tableFromArn(record.eventSourceARN) ?? fallbackTable;
  if (!table) throw new PoisonRecordError("unparseable", "cannot tell the table: no eventSourceARN");
  const before = op === "insert" || !ddb.OldImage ? null : imageToJson(ddb.OldImage);
  const after = op === "delete" || !ddb.NewImage ? null : imageToJson(ddb.NewImage);
  return {
    source: "dynamodb",
    table,
    op,
    keys: imageToJson(ddb.Keys),
    before,
    after,
    sequence: ddb.SequenceNumber,
    eventTime: eventTime(ddb.ApproximateCreationDateTime),
    ingestedAt,
  };
}
