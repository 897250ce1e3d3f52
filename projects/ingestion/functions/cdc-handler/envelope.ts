/**
 * DynamoDB stream record -> CDC envelope. Pure and allocation-light: it runs once per change
 * in the Lambda and in the benchmark, so it converts attribute values itself instead of going
 * through the generic SDK unmarshaller.
 */

// The envelope's shape is a contract with the orders table spec (type-only: nothing of the
// contracts package is bundled into the Lambda).
import type { CdcEnvelope, CdcOp, JsonObject, JsonValue } from "@lakehouse/contracts";

export type { CdcEnvelope, CdcOp, JsonObject, JsonValue };

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

/** Thrown inside the hot path without building attribute paths; the path is added on the way out. */
class BadAttribute extends Error {
  constructor(readonly path: string) {
    super(path);
  }
}

function convert(value: StreamAttributeValue): JsonValue {
  if (value === null || typeof value !== "object") throw new BadAttribute("");
  if (value.S !== undefined) return value.S;
  if (value.N !== undefined) return number(value.N);
  if (value.M !== undefined) return convertMap(value.M);
  if (value.L !== undefined) {
    const list = value.L;
    const out: JsonValue[] = new Array(list.length);
    for (let i = 0; i < list.length; i++) {
      try {
        out[i] = convert(list[i] as StreamAttributeValue);
      } catch (error) {
        throw error instanceof BadAttribute ? new BadAttribute(`[${i}]${error.path}`) : error;
      }
    }
    return out;
  }
  if (value.BOOL !== undefined) return value.BOOL;
  if (value.NULL !== undefined) return null;
  if (value.SS !== undefined) return value.SS;
  if (value.NS !== undefined) return value.NS.map(number);
  if (value.B !== undefined) return binary(value.B);
  if (value.BS !== undefined) return value.BS.map(binary);
  throw new BadAttribute("");
}

function convertMap(image: StreamImage): JsonObject {
  const out: JsonObject = {};
  for (const name in image) {
    try {
      out[name] = convert(image[name] as StreamAttributeValue);
    } catch (error) {
      throw error instanceof BadAttribute ? new BadAttribute(`.${name}${error.path}`) : error;
    }
  }
  return out;
}

/** A DynamoDB image (attribute name -> typed value) as plain JSON. */
export function imageToJson(image: StreamImage): JsonObject {
  try {
    return convertMap(image);
  } catch (error) {
    if (!(error instanceof BadAttribute)) throw error;
    throw new PoisonRecordError("unparseable", `attribute ${error.path.slice(1)} has no known DynamoDB type`);
  }
}

/** `arn:aws:dynamodb:<region>:<account>:table/<name>/stream/<label>` -> `<name>`. */
let lastArn: string | undefined;
let lastTable: string | undefined;

export function tableFromArn(arn: string | undefined): string | undefined {
  if (!arn) return undefined;
  // Every record of a batch comes from the same stream: remember the last answer.
  if (arn !== lastArn) {
    lastTable = /:table\/([^/]+)/.exec(arn)?.[1];
    lastArn = arn;
  }
  return lastTable;
}

function eventTime(value: number | Date | undefined): string {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "number" && Number.isFinite(value)) {
    // Lambda delivers epoch seconds (possibly fractional); guard against a millisecond value.
    return new Date(value > 1e11 ? value : value * 1000).toISOString();
  }
  throw new PoisonRecordError("unparseable", "record has no ApproximateCreationDateTime");
}

/** The parts every envelope needs, or PoisonRecordError("unparseable") naming the one missing. */
function readableParts(record: StreamRecord, fallbackTable: string | undefined) {
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
  return { ddb, op, table, keys: ddb.Keys, sequence: ddb.SequenceNumber };
}

/**
 * Builds the envelope of one stream record. Throws PoisonRecordError("unparseable") when the
 * record cannot be read; the caller decides what to do with it.
 */
export function toEnvelope(record: StreamRecord, ingestedAt: string, fallbackTable?: string): CdcEnvelope {
  const { ddb, op, table, keys, sequence } = readableParts(record, fallbackTable);
  const before = op === "insert" || !ddb.OldImage ? null : imageToJson(ddb.OldImage);
  const after = op === "delete" || !ddb.NewImage ? null : imageToJson(ddb.NewImage);
  return {
    source: "dynamodb",
    table,
    op,
    keys: imageToJson(keys),
    before,
    after,
    sequence,
    eventTime: eventTime(ddb.ApproximateCreationDateTime),
    ingestedAt,
  };
}

// Direct serialisation: the same JSON line as JSON.stringify(toEnvelope(...)) + "\n", written straight
// from the typed attribute values without building the intermediate objects. This is the hot
// path of the handler; toEnvelope stays the readable definition (tests check they agree).

const quote = JSON.stringify;

/**
 * JSON string literal. Most values are short and need no escaping: checking that in JS is
 * cheaper than calling into JSON.stringify for each of them. Control characters, quotes,
 * backslashes and surrogates (lone ones must be escaped) take the JSON.stringify path.
 */
function quoteString(text: string): string {
  if (text.length > 64) return quote(text);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92 || (c >= 0xd800 && c <= 0xdfff)) return quote(text);
  }
  return `"${text}"`;
}

/** Integers of up to 15 digits always survive a double: no need to convert them to check. */
function isSmallInteger(text: string): boolean {
  const start = text.charCodeAt(0) === 45 ? 1 : 0;
  const length = text.length - start;
  if (length < 1 || length > 15) return false;
  if (length > 1 && text.charCodeAt(start) === 48) return false; // leading zero
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return text !== "-0";
}

/** Attribute names repeat in every record of a table: quote each once. */
const quotedNames = new Map<string, string>();
function quoteName(name: string): string {
  let quoted = quotedNames.get(name);
  if (quoted === undefined) {
    quoted = quote(name);
    if (quotedNames.size < 10_000) quotedNames.set(name, quoted);
  }
  return quoted;
}

function numberJson(text: string): string {
  if (isSmallInteger(text)) return text;
  const n = Number(text);
  return String(n) === text ? text : quote(text);
}

function valueJson(value: StreamAttributeValue): string {
  if (value === null || typeof value !== "object") throw new BadAttribute("");
  if (value.S !== undefined) return quoteString(value.S);
  if (value.N !== undefined) return numberJson(value.N);
  if (value.M !== undefined) return mapJson(value.M);
  if (value.L !== undefined) {
    const list = value.L;
    let out = "[";
    for (let i = 0; i < list.length; i++) {
      try {
        out += (i === 0 ? "" : ",") + valueJson(list[i] as StreamAttributeValue);
      } catch (error) {
        throw error instanceof BadAttribute ? new BadAttribute(`[${i}]${error.path}`) : error;
      }
    }
    return `${out}]`;
  }
  if (value.BOOL !== undefined) return value.BOOL ? "true" : "false";
  if (value.NULL !== undefined) return "null";
  if (value.SS !== undefined) return quote(value.SS);
  if (value.NS !== undefined) return `[${value.NS.map(numberJson).join(",")}]`;
  if (value.B !== undefined) return quote(binary(value.B));
  if (value.BS !== undefined) return quote(value.BS.map(binary));
  throw new BadAttribute("");
}

function mapJson(image: StreamImage): string {
  let out = "{";
  let first = true;
  for (const name in image) {
    try {
      out += `${first ? "" : ","}${quoteName(name)}:${valueJson(image[name] as StreamAttributeValue)}`;
    } catch (error) {
      throw error instanceof BadAttribute ? new BadAttribute(`.${name}${error.path}`) : error;
    }
    first = false;
  }
  return `${out}}`;
}

function imageJson(image: StreamImage): string {
  try {
    return mapJson(image);
  } catch (error) {
    if (!(error instanceof BadAttribute)) throw error;
    throw new PoisonRecordError("unparseable", `attribute ${error.path.slice(1)} has no known DynamoDB type`);
  }
}

/** The envelope of `record` as one JSON line; throws PoisonRecordError like toEnvelope. */
export function envelopeLine(record: StreamRecord, ingestedAt: string, fallbackTable?: string): string {
  const { ddb, op, table, keys, sequence } = readableParts(record, fallbackTable);
  const before = op === "insert" || !ddb.OldImage ? "null" : imageJson(ddb.OldImage);
  const after = op === "delete" || !ddb.NewImage ? "null" : imageJson(ddb.NewImage);
  return (
    `{"source":"dynamodb","table":${quote(table)},"op":"${op}","keys":${imageJson(keys)},` +
    `"before":${before},"after":${after},"sequence":${quote(sequence)},` +
    `"eventTime":"${eventTime(ddb.ApproximateCreationDateTime)}","ingestedAt":${quote(ingestedAt)}}\n`
  );
}
