import { randomUUID } from "node:crypto";
import type { ClientEvent } from "@lakehouse/contracts";
import type { LocalLake } from "./local-lake";
import { sqlString } from "./local-lake";
import type { StackPlan } from "./plan";

/**
 * Firehose `events` as the plan configures it, reproduced from AWS's documentation
 * (aws-data-paths.md §3: https://docs.aws.amazon.com/firehose/latest/dev/dynamic-partitioning.html
 * [FH-DP], s3-prefixes.html [FH-PFX], record-format-conversion.html [FH-RFC]):
 * - dynamic partitioning: the MetadataExtraction JQ query's keys fill the prefix's
 *   `!{partitionKeyFromQuery:<key>}`; a record whose keys cannot be extracted goes to the error
 *   prefix (its `!{firehose:error-output-type}` is undocumented for this case: unknown 11);
 * - record format conversion: the OpenX JSON SerDe (keys lower-cased when `caseInsensitive`) reads
 *   each record against the Glue schema table's columns, so fields that are not columns (the
 *   partition keys among them) are not in the file; Parquet with the serializer's compression;
 *   a record with a value its column's type cannot take fails conversion and goes to the error
 *   prefix as `format-conversion-failed` (§3.5 "Records that fail conversion", see `convert`);
 * - object names `<stream>-<version>-yyyy-MM-dd-HH-mm-ss-<random>` (no documented extension).
 * One object per partition per delivery (a buffer flush).
 */

type Jq = Record<string, { field: string; slice?: [number, number] }>;

/** The JQ subset the platform's extraction queries use: `{key: .field, key: .field[a:b]}`. */
export function parseJq(query: string): Jq {
  const body = /^\{(.*)\}$/.exec(query.trim())?.[1];
  if (body === undefined) throw new Error(`unsupported JQ query ${query}`);
  return Object.fromEntries(
    body.split(",").map((part) => {
      const m = /^\s*(\w+)\s*:\s*\.(\w+)(?:\[(\d+):(\d+)\])?\s*$/.exec(part);
      if (!m) throw new Error(`unsupported JQ term ${part} in ${query}`);
      return [
        m[1],
        {
          field: m[2] as string,
          ...(m[3] ? { slice: [Number(m[3]), Number(m[4])] as [number, number] } : {}),
        },
      ];
    }),
  );
}

const GLUE_TO_DUCK: Record<string, string> = {
  string: "VARCHAR",
  timestamp: "VARCHAR",
  bigint: "BIGINT",
  double: "DOUBLE",
  boolean: "BOOLEAN",
  "map<string,string>": "MAP(VARCHAR, VARCHAR)",
};

/**
 * What the OpenX JSON SerDe does with one value for a column of `type` (aws-data-paths.md §3.5,
 * [FH-RFC]): the value as it goes to Parquet, or an error message when the column cannot take it.
 * Documented: the timestamp inputs (`yyyy-MM-dd'T'HH:mm:ss[.S]'Z'` with up to 9 fraction digits,
 * `yyyy-[M]M-[d]d HH:mm:ss[.S]`, epoch seconds, epoch milliseconds, fractional epoch seconds) and
 * that only the Hive SerDe rejects a numeric column's string value (so OpenX takes `"12.5"`).
 * Inferred, not documented: non-numeric text, a fraction for a `bigint`, anything but true/false
 * for a `boolean` and a non-object for a map fail; scalars (and nested JSON, as its text) fit a
 * `string`; an epoch number of 11 or fewer integer digits is seconds, a longer one milliseconds.
 */
function convert(type: string, value: unknown): { value: unknown } | { error: string } {
  if (value === null || value === undefined) return { value: null };
  const fail = { error: `cannot convert ${JSON.stringify(value)} to ${type}` };
  const numeric = (v: unknown) =>
    typeof v === "number"
      ? v
      : typeof v === "string" && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(v)
        ? Number(v)
        : Number.NaN;
  switch (type) {
    case "string":
      return { value: typeof value === "object" ? JSON.stringify(value) : String(value) };
    case "double": {
      const n = numeric(value);
      return Number.isFinite(n) ? { value: n } : fail;
    }
    case "bigint": {
      const n = numeric(value);
      return Number.isSafeInteger(n) ? { value: n } : fail;
    }
    case "boolean":
      if (typeof value === "boolean") return { value };
      if (typeof value === "string" && /^(true|false)$/i.test(value))
        return { value: value.toLowerCase() === "true" };
      return fail;
    case "map<string,string>":
      if (typeof value !== "object" || Array.isArray(value)) return fail;
      return {
        value: Object.fromEntries(
          Object.entries(value as Record<string, unknown>).map(([k, v]) => [
            k,
            v === null || typeof v !== "object" ? (v === null ? null : String(v)) : JSON.stringify(v),
          ]),
        ),
      };
    case "timestamp": {
      // As UTC text the COPY below casts (DuckDB keeps microseconds).
      const text = utcTimestamp(value);
      return text === null ? fail : { value: text };
    }
    default:
      return { value };
  }
}

/** An OpenX-accepted timestamp input as `YYYY-MM-DD HH:MM:SS.ffffff+00` (UTC), or null. */
function utcTimestamp(value: unknown): string | null {
  const utc = (y: number, mo: number, d: number, h: number, mi: number, s: number, frac: string) => {
    const t = Date.UTC(y, mo - 1, d, h, mi, s);
    const date = new Date(t);
    if (
      date.getUTCFullYear() !== y ||
      date.getUTCMonth() !== mo - 1 ||
      date.getUTCDate() !== d ||
      h > 23 ||
      mi > 59 ||
      s > 59
    )
      return null;
    return `${date.toISOString().slice(0, 19).replace("T", " ")}.${frac.padEnd(6, "0").slice(0, 6)}+00`;
  };
  if (typeof value === "string") {
    const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?Z$/.exec(value);
    const spaced = /^(\d{4})-(\d{1,2})-(\d{1,2}) (\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/.exec(value);
    const m = iso ?? spaced;
    if (!m) return null;
    const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [
      number,
      number,
      number,
      number,
      number,
      number,
    ];
    return utc(y, mo, d, h, mi, s, m[7] ?? "");
  }
  if (typeof value === "number" && Number.isFinite(value)) {
    const millis = Number.isInteger(value) && Math.abs(value) >= 1e11 ? value : value * 1000;
    const date = new Date(Math.floor(millis / 1000) * 1000);
    if (Number.isNaN(date.getTime())) return null;
    const micros = String(Math.floor((millis - date.getTime()) * 1000)).padStart(6, "0");
    return `${date.toISOString().slice(0, 19).replace("T", " ")}.${micros.slice(0, 6)}+00`;
  }
  return null;
}

/** Delivers one buffer of producer records (JSON text, as PutRecordBatch carries them); returns the keys written. */
export async function deliverEvents(
  lake: LocalLake,
  plan: StackPlan,
  records: string[],
  at: Date,
): Promise<string[]> {
  const stream = plan.inputs(
    "ingestion",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    "events",
  );
  const s3 = stream.extendedS3Configuration;
  const schema = plan.inputs("ingestion", "aws:glue/catalogTable:CatalogTable", "events-schema");
  const columns = schema.storageDescriptor.columns as { name: string; type: string }[];
  const query = s3.processingConfiguration.processors
    .find((p: { type: string }) => p.type === "MetadataExtraction")
    .parameters.find(
      (p: { parameterName: string }) => p.parameterName === "MetadataExtractionQuery",
    ).parameterValue;
  const jq = parseJq(query);
  const caseInsensitive =
    s3.dataFormatConversionConfiguration.inputFormatConfiguration.deserializer.openXJsonSerDe
      ?.caseInsensitive ?? true;
  const compression =
    s3.dataFormatConversionConfiguration.outputFormatConfiguration.serializer.parquetSerDe?.compression ??
    "SNAPPY";
  const bucket = String(s3.bucketArn).replace("arn:aws:s3:::", "");
  const stamp = at.toISOString().replace(/[:T]/g, "-").slice(0, 19);
  const name = () => `${stream.name}-1-${stamp}-${randomUUID()}`;

  const groups = new Map<string, Record<string, unknown>[]>();
  const errors: string[] = [];
  const failedConversion: { rawData: string; message: string }[] = [];
  for (const text of records) {
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(text);
    } catch {
      errors.push(text);
      continue;
    }
    if (caseInsensitive)
      record = Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
    const keys = Object.entries(jq).map(([k, { field, slice }]) => {
      const v = record[field];
      return [k, typeof v === "string" && slice ? v.slice(...slice) : v] as const;
    });
    if (keys.some(([, v]) => typeof v !== "string" || v === "")) {
      errors.push(text);
      continue;
    }
    // Format conversion, per column: only the schema table's columns are written.
    const row: Record<string, unknown> = {};
    const problems: string[] = [];
    for (const c of columns) {
      const converted = convert(c.type, record[caseInsensitive ? c.name.toLowerCase() : c.name]);
      if ("error" in converted) problems.push(`column ${c.name}: ${converted.error}`);
      else row[c.name] = converted.value;
    }
    if (problems.length > 0) {
      failedConversion.push({ rawData: text, message: problems.join("; ") });
      continue;
    }
    const prefix = String(s3.prefix).replace(/!\{partitionKeyFromQuery:(\w+)\}/g, (_: string, k: string) =>
      String(keys.find(([name]) => name === k)?.[1]),
    );
    groups.set(prefix, [...(groups.get(prefix) ?? []), row]);
  }

  const written: string[] = [];
  const spec = `{${columns.map((c) => `"${c.name}": '${GLUE_TO_DUCK[c.type] ?? "VARCHAR"}'`).join(", ")}}`;
  const select = columns
    .map((c) =>
      c.type === "timestamp"
        ? `CAST(CAST("${c.name}" AS TIMESTAMPTZ) AS TIMESTAMP) AS "${c.name}"`
        : `"${c.name}"`,
    )
    .join(", ");
  for (const [prefix, rows] of groups) {
    const key = `${prefix}${name()}`;
    const json = lake.put(
      ".tmp",
      `${key.replace(/\//g, "_")}.jsonl`,
      rows.map((r) => JSON.stringify(r)).join("\n"),
    );
    const file = lake.put(bucket, key, "");
    await lake.run(
      `COPY (SELECT ${select} FROM read_json(${sqlString(json)}, format = 'newline_delimited', columns = ${spec})) TO ${sqlString(file)} (FORMAT parquet, COMPRESSION ${compression.toLowerCase()})`,
    );
    written.push(key);
  }
  const errorKey = (type: string) =>
    `${String(s3.errorOutputPrefix)
      .replace("!{firehose:error-output-type}", type)
      .replace(/!\{timestamp:yyyy-MM-dd\}/, at.toISOString().slice(0, 10))}${name()}`;
  if (errors.length > 0) {
    const key = errorKey("processing-failed");
    lake.put(
      bucket,
      key,
      errors
        .map((rawData) =>
          JSON.stringify({ rawData, errorCode: "DynamicPartitioning.MetadataExtractionFailed" }),
        )
        .join("\n"),
    );
    written.push(key);
  }
  if (failedConversion.length > 0) {
    // §3.5 "Records that fail conversion" [FH-RFC]: one JSON document per failed record. The
    // reference lists the fields lastErrorCode/lastErrorMessage (the current AWS page prints them
    // as ErrorCode/ErrorMessage); it documents no error-code values and not whether rawData is
    // base64: here base64 of the record (Firehose's Data blob), the code a local stand-in, and
    // sequence numbers synthetic (a Direct PUT stream has no Kinesis sequence number to carry).
    const catalog = s3.dataFormatConversionConfiguration.schemaConfiguration;
    const dataCatalogTable = {
      catalogId: catalog.catalogId,
      databaseName: catalog.databaseName,
      tableName: catalog.tableName,
      region: catalog.region,
      versionId: catalog.versionId ?? "LATEST",
      catalogArn: `arn:aws:glue:${catalog.region}:${catalog.catalogId}:catalog`,
    };
    const key = errorKey("format-conversion-failed");
    lake.put(
      bucket,
      key,
      failedConversion
        .map(({ rawData, message }, i) =>
          JSON.stringify({
            attemptsMade: 1,
            arrivalTimestamp: at.getTime(),
            lastErrorCode: "DataFormatConversion.ParseError",
            lastErrorMessage: message,
            attemptEndingTimestamp: at.getTime(),
            rawData: Buffer.from(rawData, "utf8").toString("base64"),
            sequenceNumber: `${at.getTime()}${String(i).padStart(6, "0")}`,
            subSequenceNumber: 0,
            dataCatalogTable,
          }),
        )
        .join("\n"),
    );
    written.push(key);
  }
  return written;
}

/** One client event of the contract's producer type, its other fields set to plain values. */
export function clientEvent(
  id: string,
  type: string,
  at: string,
  extra: Partial<ClientEvent> = {},
): ClientEvent {
  return {
    event_id: id,
    event_type: type,
    event_time: at,
    user_id: "u-1",
    session_id: "s-1",
    platform: "web",
    app_version: "1.4.0",
    page: "/cart",
    properties: { step: "1" },
    ...extra,
  };
}

/** Sample client events for `days` (the contract's producer type), some delivered twice. */
export function sampleEvents(days: string[]): ClientEvent[] {
  const types = ["page_view", "page_view", "page_view", "add_to_cart", "purchase"] as const;
  return days.flatMap((day, d) =>
    Array.from({ length: 12 + 4 * d }, (_, i) => {
      const type = types[(i + d) % types.length] as string;
      return {
        event_id: `${day}-e${i}`,
        event_type: type,
        event_time: `${day}T${String(8 + (i % 12)).padStart(2, "0")}:${String((i * 7) % 60).padStart(2, "0")}:00.000Z`,
        user_id: `u${(i * 3 + d) % 7}`,
        session_id: `s${day}-${i % 4}`,
        platform: i % 3 === 0 ? "ios" : "web",
        page: type === "purchase" ? "/checkout" : "/",
        ...(type === "purchase" ? { value: 20 + i, currency: "EUR" } : {}),
        properties: { campaign: i % 2 === 0 ? "spring" : "none" },
      } satisfies ClientEvent;
    }),
  );
}
