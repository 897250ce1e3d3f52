import type { CdcTableSpec, ColumnSpec, RawField, RefinedTableSpec, SqlType } from "./types";

/**
 * Renders the SQL the Glue jobs run. The text keeps to a subset Spark 3.5 (Glue 5.0) and
 * DuckDB both execute, so the tests run the shipped SQL for real. Dialect rules it follows:
 * - `UPDATE SET col = s.col` with unqualified target columns (DuckDB rejects `t.col = ...`,
 *   Spark accepts both);
 * - casts are TRY_CAST: a malformed value becomes NULL in both engines (Spark without ANSI
 *   mode yields NULL, DuckDB's CAST would fail the batch);
 * - strings are joined with `||`, which is NULL when a part is NULL in both engines (DuckDB's
 *   CONCAT skips NULLs, Spark's returns NULL);
 * - date parsing by SUBSTR + `||` + cast, never `to_date(x, fmt)` (format syntax differs);
 * - times are cast from UTC strings; the runner pins `spark.sql.session.timeZone=UTC` because
 *   DuckDB ignores offsets when casting to TIMESTAMP while Spark converts to the session zone;
 * - the only engine-specific token is the target table, passed in by the caller
 *   (`glue_catalog.<db>.<table>` for Spark's Iceberg catalog, a plain name in tests).
 */

/** View name the runners register the run's source rows under. */
export const SOURCE_VIEW = "source_batch";
/** Column of the source view holding each row's S3 key (jobs/lakehouse_runner.py attaches it). */
export const SOURCE_FILE_COLUMN = "_source_file";

const ROW_NUMBER = "_row_number";
export const CDC_OP_COLUMN = "_cdc_op";

function sqlType(type: SqlType): string {
  return type.toUpperCase();
}

function cast(column: ColumnSpec): string {
  return `TRY_CAST(${column.from ?? `src.${column.name}`} AS ${sqlType(column.type)}) AS ${column.name}`;
}

const indent = (lines: string[], by: number) => lines.map((l) => `${" ".repeat(by)}${l}`);
const list = (items: string[]) => items.map((item, i) => (i < items.length - 1 ? `${item},` : item));

/** Output columns of a refined table, partition column last (as the Glue sink writes it). */
export function refinedColumnNames(spec: RefinedTableSpec): string[] {
  return [...spec.columns.map((c) => c.name), spec.partitionColumn];
}

/**
 * Raw -> refined: typed casts, rows without key or event time dropped (they cannot be
 * deduplicated or partitioned), duplicates collapsed to the latest by event time, and the
 * partition column derived from the event time.
 */
export function renderRefineSql(spec: RefinedTableSpec, sourceView = SOURCE_VIEW): string {
  const names = spec.columns.map((c) => c.name);
  const required = [...spec.dedupeKeys, spec.eventTimeColumn];
  return [
    `-- Generated from the table spec "${spec.dataset}" (projects/transformation/src/specs); do not edit.`,
    "WITH typed AS (",
    "  SELECT",
    ...indent(list(spec.columns.map(cast)), 4),
    `  FROM ${sourceView} AS src`,
    "),",
    "ranked AS (",
    "  SELECT",
    ...indent(
      list([
        ...names,
        `ROW_NUMBER() OVER (PARTITION BY ${spec.dedupeKeys.join(", ")} ORDER BY ${spec.eventTimeColumn} DESC) AS ${ROW_NUMBER}`,
      ]),
      4,
    ),
    "  FROM typed",
    `  WHERE ${required.map((c) => `${c} IS NOT NULL`).join(" AND ")}`,
    ")",
    "SELECT",
    ...indent(list([...names, `CAST(${spec.eventTimeColumn} AS DATE) AS ${spec.partitionColumn}`]), 2),
    "FROM ranked",
    `WHERE ${ROW_NUMBER} = 1`,
  ].join("\n");
}

/** Columns of the Iceberg table: the spec's columns, then its sequence columns. */
export function cdcColumnNames(spec: CdcTableSpec): string[] {
  return [...spec.columns.map((c) => c.name), ...spec.sequence.map((s) => s.name)];
}

/** `s` is later than `t` by the spec's sequence columns, compared lexicographically. */
function newerThanTarget(spec: CdcTableSpec): string {
  const terms = spec.sequence.map((seq, i) => {
    const equalBefore = spec.sequence.slice(0, i).map((p) => `s.${p.name} = t.${p.name}`);
    return [...equalBefore, `s.${seq.name} > t.${seq.name}`].join(" AND ");
  });
  return terms.length === 1 ? (terms[0] as string) : `(${terms.map((t) => `(${t})`).join(" OR ")})`;
}

/**
 * CDC changes -> current state: each key collapsed to its latest change in the batch, then
 * merged. A change applies only when it is later than the row's stored sequence, so
 * duplicates and late changes of existing rows are no-ops; a delete of a missing key does
 * nothing; an insert after a delete creates the row again.
 */
export function renderMergeSql(spec: CdcTableSpec, target: string, sourceView = SOURCE_VIEW): string {
  const names = cdcColumnNames(spec);
  const typed = [
    ...spec.columns.map(cast),
    ...spec.sequence.map((s) => `TRY_CAST(${s.from} AS ${sqlType(s.type)}) AS ${s.name}`),
    `${spec.operation} AS ${CDC_OP_COLUMN}`,
  ];
  const order = spec.sequence.map((s) => `${s.name} DESC`).join(", ");
  const newer = newerThanTarget(spec);
  return [
    `-- Generated from the table spec "${spec.dataset}" (projects/transformation/src/specs); do not edit.`,
    `MERGE INTO ${target} AS t`,
    "USING (",
    "  SELECT",
    ...indent(list([...names, CDC_OP_COLUMN]), 4),
    "  FROM (",
    "    SELECT",
    ...indent(
      list([
        ...names,
        CDC_OP_COLUMN,
        `ROW_NUMBER() OVER (PARTITION BY ${spec.keys.join(", ")} ORDER BY ${order}) AS ${ROW_NUMBER}`,
      ]),
      6,
    ),
    "    FROM (",
    "      SELECT",
    ...indent(list(typed), 8),
    `      FROM ${sourceView} AS src`,
    "    ) AS typed",
    `    WHERE ${spec.keys.map((k) => `${k} IS NOT NULL`).join(" AND ")}`,
    "  ) AS ranked",
    `  WHERE ${ROW_NUMBER} = 1`,
    ") AS s",
    `ON ${spec.keys.map((k) => `t.${k} = s.${k}`).join(" AND ")}`,
    `WHEN MATCHED AND s.${CDC_OP_COLUMN} = 'D' AND ${newer} THEN DELETE`,
    `WHEN MATCHED AND s.${CDC_OP_COLUMN} <> 'D' AND ${newer} THEN UPDATE SET ${names
      .filter((n) => !spec.keys.includes(n))
      .map((n) => `${n} = s.${n}`)
      .join(", ")}`,
    `WHEN NOT MATCHED AND s.${CDC_OP_COLUMN} <> 'D' THEN INSERT (${names.join(", ")}) VALUES (${names
      .map((n) => `s.${n}`)
      .join(", ")})`,
  ].join("\n");
}

/** Spark's JSON form of a StructType (`StructType.fromJson` reads it), for the runners' source schema. */
export interface SparkStructType {
  type: "struct";
  fields: { name: string; type: string | SparkStructType; nullable: true; metadata: Record<string, never> }[];
}

export function sparkSourceSchema(fields: RawField[]): SparkStructType {
  return {
    type: "struct",
    fields: fields.map((f) => ({
      name: f.name,
      type: typeof f.type === "string" ? f.type : sparkSourceSchema(f.type.struct),
      nullable: true,
      metadata: {},
    })),
  };
}
