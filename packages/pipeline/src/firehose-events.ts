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
    const prefix = String(s3.prefix).replace(/!\{partitionKeyFromQuery:(\w+)\}/g, (_: string, k: string) =>
      String(keys.find(([name]) => name === k)?.[1]),
    );
    groups.set(prefix, [...(groups.get(prefix) ?? []), record]);
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
  if (errors.length > 0) {
    const prefix = String(s3.errorOutputPrefix)
      .replace("!{firehose:error-output-type}", "processing-failed")
      .replace(/!\{timestamp:yyyy-MM-dd\}/, at.toISOString().slice(0, 10));
    const key = `${prefix}${name()}`;
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
  return written;
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
