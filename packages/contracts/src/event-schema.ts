/**
 * The client event schema: what producers put to the Firehose `events` stream (one JSON object
 * per record), and the columns of the Glue table Firehose converts those records to Parquet
 * against. One definition serves the producer type, the Glue columns and the partitioning.
 */

/** Glue (Hive) column types used by the schema. */
export type GlueColumnType = "string" | "timestamp" | "bigint" | "double" | "boolean" | "map<string,string>";

export interface EventField {
  name: string;
  type: GlueColumnType;
  required: boolean;
  /** The only values producers send, when the field is enumerated (data-quality rules check them). */
  values?: readonly string[];
  comment: string;
}

export const CLIENT_EVENT_FIELDS = [
  { name: "event_id", type: "string", required: true, comment: "Producer-assigned unique id (dedupe key)." },
  { name: "event_type", type: "string", required: true, comment: "e.g. page_view, add_to_cart, purchase." },
  { name: "event_time", type: "timestamp", required: true, comment: "When it happened, ISO 8601 UTC." },
  { name: "user_id", type: "string", required: false, comment: "Signed-in user, if any." },
  { name: "session_id", type: "string", required: true, comment: "Client session." },
  {
    name: "platform",
    type: "string",
    required: true,
    values: ["web", "ios", "android"],
    comment: "web, ios or android.",
  },
  { name: "app_version", type: "string", required: false, comment: "Client build." },
  { name: "page", type: "string", required: false, comment: "Path or screen name." },
  { name: "value", type: "double", required: false, comment: "Monetary value, if the event has one." },
  { name: "currency", type: "string", required: false, comment: "ISO 4217 code of value." },
  { name: "properties", type: "map<string,string>", required: false, comment: "Free-form attributes." },
] as const satisfies readonly EventField[];

type FieldType<T extends GlueColumnType> = T extends "string" | "timestamp"
  ? string
  : T extends "bigint" | "double"
    ? number
    : T extends "boolean"
      ? boolean
      : Record<string, string>;

type Fields = (typeof CLIENT_EVENT_FIELDS)[number];

/** One client event as a producer sends it (JSON). */
export type ClientEvent = {
  [F in Fields as F["required"] extends true ? F["name"] : never]: FieldType<F["type"]>;
} & {
  [F in Fields as F["required"] extends true ? never : F["name"]]?: FieldType<F["type"]>;
};

/**
 * Partition keys of the events raw table, in path order. Firehose extracts them from each record
 * (dynamic partitioning): `event_date` is the UTC date of `event_time`.
 */
export const CLIENT_EVENT_PARTITION_KEYS = [
  { name: "event_date", type: "string", comment: "yyyy-MM-dd of event_time (UTC)." },
  { name: "event_type", type: "string", comment: "Same as the event_type column." },
] as const;

/** Firehose cannot write a column named like a partition key: the type lives in the path only. */
export const CLIENT_EVENT_COLUMNS: readonly EventField[] = CLIENT_EVENT_FIELDS.filter(
  (f) => !CLIENT_EVENT_PARTITION_KEYS.some((p) => p.name === f.name),
);
