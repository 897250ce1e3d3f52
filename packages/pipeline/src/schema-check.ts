/**
 * The jobs' schema-change policy (jobs/lakehouse_runner.py check_batch_schema and
 * iceberg_add_columns) on the local pipeline, over the same Spark JSON types: a batch's schema
 * against the spec's raw schema. Refused (SchemaChangeError): a declared field whose type changed
 * to one its values do not cast to without loss, and any change of a key field (missing, changed
 * type, changed key attributes). Returned for the run to report: the batch's undeclared fields.
 */

/** A batch's schema changed in a way the table cannot take (lakehouse_runner.SchemaChangeError). */
export class SchemaChangeError extends Error {}

export type SparkType = string | { type: "struct"; fields: SparkSchemaField[] } | { type: "map" | "array" };
export interface SparkSchemaField {
  name: string;
  type: SparkType;
  metadata?: { "lakehouse.key"?: boolean };
}

const SPARK_NAMES: Record<string, string> = { bigint: "long", int: "integer" };
const WIDENS_TO: Record<string, string[]> = { long: ["integer"], double: ["integer", "long", "float"] };
const DECIMAL = /^decimal\((\d+),\s*(\d+)\)$/;

const typeName = (t: SparkType): string =>
  typeof t === "string" ? (SPARK_NAMES[t.toLowerCase()] ?? t.toLowerCase()) : t.type;

function describe(t: SparkType): string {
  if (typeof t !== "string" && t.type === "struct")
    return `struct<${t.fields.map((f) => `${f.name}:${describe(f.type)}`).join(",")}>`;
  return typeName(t);
}

function accepts(declared: string, actual: string): boolean {
  if (declared === actual || actual === "null" || actual === "void") return true;
  if (declared === "string") return actual !== "array" && actual !== "binary";
  if (WIDENS_TO[declared]?.includes(actual)) return true;
  if (declared === "timestamp" && actual === "timestamp_ntz") return true;
  const d = DECIMAL.exec(declared);
  const a = DECIMAL.exec(actual);
  if (d && a) return Number(a[2]) === Number(d[2]) && Number(a[1]) <= Number(d[1]);
  if (d && (actual === "integer" || actual === "long"))
    return Number(d[1]) - Number(d[2]) >= (actual === "integer" ? 10 : 19);
  return false;
}

const isStruct = (t: SparkType): t is { type: "struct"; fields: SparkSchemaField[] } =>
  typeof t !== "string" && t.type === "struct";

/** check_batch_schema: throws on a refused change, returns the undeclared fields as `path (type)`. */
export function checkBatchSchema(
  declared: { fields: SparkSchemaField[] },
  actual: { fields: SparkSchemaField[] },
  source: string,
): string[] {
  const refused: string[] = [];
  const undeclared: string[] = [];
  const walk = (want: SparkSchemaField[], have: SparkSchemaField[], prefix: string) => {
    const present = new Map(have.map((f) => [f.name.toLowerCase(), f]));
    const known = new Set(want.map((f) => f.name.toLowerCase()));
    for (const field of want) {
      const path = `${prefix}${field.name}`;
      const isKey = field.metadata?.["lakehouse.key"] === true;
      const got = present.get(field.name.toLowerCase());
      if (!got) {
        if (isKey)
          refused.push(
            `key column ${path} (${describe(field.type)}) is missing from the batch (a key change)`,
          );
        continue;
      }
      if (isStruct(field.type)) {
        if (isStruct(got.type)) {
          if (isKey) {
            const wanted = field.type.fields.map((f) => f.name).sort();
            const found = got.type.fields.map((f) => f.name).sort();
            if (wanted.join().toLowerCase() !== found.join().toLowerCase()) {
              refused.push(
                `key ${path} changed from attributes ${JSON.stringify(wanted)} to ${JSON.stringify(found)} (a key change)`,
              );
              continue;
            }
          }
          walk(field.type.fields, got.type.fields, `${path}.`);
        } else if (!["string", "null", "void"].includes(typeName(got.type))) {
          refused.push(`column ${path} changed type from ${describe(field.type)} to ${describe(got.type)}`);
        }
        continue;
      }
      if (typeof got.type !== "string" || !accepts(typeName(field.type), typeName(got.type))) {
        if (typeof got.type !== "string" && typeName(field.type) === "string" && !isKey) continue;
        refused.push(
          `${isKey ? "key column" : "column"} ${path} changed type from ${describe(field.type)} to ${describe(got.type)}`,
        );
      }
    }
    for (const f of have)
      if (!known.has(f.name.toLowerCase())) undeclared.push(`${prefix}${f.name} (${describe(f.type)})`);
  };
  walk(declared.fields, actual.fields, "");
  if (refused.length > 0) {
    throw new SchemaChangeError(
      `schema change refused: source ${source}: ${refused.join("; ")}. Nothing of this batch was written; its rows stay in raw and the job bookmark is not committed, so the run after the fix reads them again (docs/runbook.md#schema-change-refused).`,
    );
  }
  return undeclared;
}

/** Spark's JSON schema inference over parsed JSON lines (numbers: long or double; objects: structs; nulls skipped). */
export function inferJsonSchema(records: unknown[]): { fields: SparkSchemaField[] } {
  const fields = new Map<string, SparkType>();
  const typeOf = (v: unknown): SparkType | undefined => {
    if (v === null || v === undefined) return undefined;
    if (Array.isArray(v)) return { type: "array" };
    if (typeof v === "object") return { type: "struct", ...inferJsonSchema([v]) };
    if (typeof v === "boolean") return "boolean";
    if (typeof v === "number") return Number.isInteger(v) ? "long" : "double";
    return "string";
  };
  for (const record of records) {
    for (const [name, value] of Object.entries(record as Record<string, unknown>)) {
      const t = typeOf(value);
      const seen = fields.get(name);
      if (t === undefined) {
        if (!seen) fields.set(name, "string"); // null in every row: Spark types it string
        continue;
      }
      if (!seen || seen === "string") fields.set(name, t);
      else if (isStruct(seen) && isStruct(t)) {
        const merged = new Map([...seen.fields, ...t.fields].map((f) => [f.name, f]));
        fields.set(name, { type: "struct", fields: [...merged.values()] });
      } else if (seen === "long" && t === "double") fields.set(name, "double");
    }
  }
  return { fields: [...fields].map(([name, type]) => ({ name, type })) };
}

/** A DuckDB column type (DESCRIBE of a Parquet scan) as Spark's JSON type name. */
export function sparkTypeOfDuck(duck: string): SparkType {
  const t = duck.trim().toUpperCase();
  const simple: Record<string, string> = {
    VARCHAR: "string",
    BIGINT: "long",
    INTEGER: "integer",
    DOUBLE: "double",
    FLOAT: "float",
    BOOLEAN: "boolean",
    DATE: "date",
    TIMESTAMP: "timestamp",
    "TIMESTAMP WITH TIME ZONE": "timestamp",
    BLOB: "binary",
    '"NULL"': "null",
    NULL: "null",
  };
  if (simple[t]) return simple[t] as string;
  if (t.startsWith("DECIMAL")) return t.toLowerCase().replace(/\s/g, "");
  if (t.startsWith("MAP")) return { type: "map" };
  if (t.endsWith("[]")) return { type: "array" };
  if (t.startsWith("STRUCT")) return { type: "struct", fields: [] };
  throw new Error(`no Spark type for the DuckDB type ${duck}`);
}
