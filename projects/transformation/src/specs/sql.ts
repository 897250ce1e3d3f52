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
/** Column of the source view holding each row's source object, from Spark's `input_file_name()` (jobs/lakehouse_runner.py). */
export const SOURCE_FILE_COLUMN = "_source_file";

const ROW_NUMBER = "_row_number";

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

/** View the refine runner registers the refined table's current rows under. */
export const EXISTING_VIEW = "refined_existing";
const BATCH_COLUMN = "_from_batch";

/**
 * Raw -> refined: typed casts, rows without key or event time dropped (they cannot be
 * deduplicated or partitioned), then merged with the rows the refined table already holds in
 * the partitions this batch touches: duplicates collapse to the latest by event time, a tie
 * going to this batch (a re-pulled GA4 day replaces the earlier pull's row). The result is the
 * complete new content of each touched partition, which the job writes in place of the old
 * (dynamic partition overwrite), so re-running a day or replaying files never duplicates a row.
 */
export function renderRefineSql(
  spec: RefinedTableSpec,
  sourceView = SOURCE_VIEW,
  existingView = EXISTING_VIEW,
): string {
  const names = spec.columns.map((c) => c.name);
  const required = [...spec.dedupeKeys, spec.eventTimeColumn];
  const part = spec.partitionColumn;
  return [
    `-- Generated from the table spec "${spec.dataset}" (projects/transformation/src/specs); do not edit.`,
    "WITH typed AS (",
    "  SELECT",
    ...indent(list(spec.columns.map(cast)), 4),
    `  FROM ${sourceView} AS src`,
    "),",
    "incoming AS (",
    "  SELECT",
    ...indent(
      list([...names, `CAST(${spec.eventTimeColumn} AS DATE) AS ${part}`, `1 AS ${BATCH_COLUMN}`]),
      4,
    ),
    "  FROM typed",
    `  WHERE ${required.map((c) => `${c} IS NOT NULL`).join(" AND ")}`,
    "),",
    "candidates AS (",
    `  SELECT ${[...names, part, BATCH_COLUMN].join(", ")} FROM incoming`,
    "  UNION ALL",
    `  SELECT ${[...names, part].join(", ")}, 0 AS ${BATCH_COLUMN}`,
    `  FROM ${existingView}`,
    `  WHERE ${part} IN (SELECT DISTINCT ${part} FROM incoming)`,
    "),",
    "ranked AS (",
    "  SELECT",
    ...indent(
      list([
        ...names,
        part,
        `ROW_NUMBER() OVER (PARTITION BY ${spec.dedupeKeys.join(", ")} ORDER BY ${spec.eventTimeColumn} DESC, ${BATCH_COLUMN} DESC) AS ${ROW_NUMBER}`,
      ]),
      4,
    ),
    "  FROM candidates",
    ")",
    "SELECT",
    ...indent(list([...names, part]), 2),
    "FROM ranked",
    `WHERE ${ROW_NUMBER} = 1`,
  ].join("\n");
}

/**
 * Column marking a deleted key (a tombstone): the row keeps the delete's sequence, so a late or
 * replayed earlier change of that key is older than it and changes nothing. Readers of current
 * state filter `NOT _cdc_deleted`.
 */
export const CDC_DELETED_COLUMN = "_cdc_deleted";

/** Columns of the Iceberg table: the spec's columns, its sequence columns, the tombstone flag. */
export function cdcColumnNames(spec: CdcTableSpec): string[] {
  return [...spec.columns.map((c) => c.name), ...spec.sequence.map((s) => s.name), CDC_DELETED_COLUMN];
}

/** `a` is later than `b` by the spec's sequence columns, compared lexicographically. */
function newer(spec: CdcTableSpec, a: string, b: string): string {
  const terms = spec.sequence.map((seq, i) => {
    const equalBefore = spec.sequence.slice(0, i).map((p) => `${a}.${p.name} = ${b}.${p.name}`);
    return [...equalBefore, `${a}.${seq.name} > ${b}.${seq.name}`].join(" AND ");
  });
  return terms.length === 1 ? (terms[0] as string) : `(${terms.map((t) => `(${t})`).join(" OR ")})`;
}

/** `s` is later than `t` by the spec's sequence columns, compared lexicographically. */
const newerThanTarget = (spec: CdcTableSpec) => newer(spec, "s", "t");

/**
 * CDC changes -> current state: each key collapsed to its latest change in the batch, then
 * merged. A change applies only when it is later than the row's stored sequence, so duplicates
 * and late changes are no-ops. A delete does not remove the row: it becomes a tombstone
 * (`_cdc_deleted`, its columns but the keys NULL) holding the delete's sequence, so a late
 * replay of an earlier insert or update (Lambda and Firehose deliver at least once) cannot bring
 * the key back; a delete of a key never seen leaves a tombstone too. A change later than the
 * tombstone (a real re-insert) revives the key. With a full load in the spec, a batch holding one
 * also tombstones the keys it lacks (`missingFromFullLoad`); the source query then reads the target
 * too, which Iceberg's Spark MERGE supports (its tests merge with self subqueries, apache/iceberg#2213).
 */
export function renderMergeSql(spec: CdcTableSpec, target: string, sourceView = SOURCE_VIEW): string {
  const names = cdcColumnNames(spec);
  const newer = newerThanTarget(spec);
  return [
    `-- Generated from the table spec "${spec.dataset}" (projects/transformation/src/specs); do not edit.`,
    `MERGE INTO ${target} AS t`,
    "USING (",
    ...indent(latestChangePerKey(spec, sourceView, target), 2),
    ") AS s",
    `ON ${spec.keys.map((k) => `t.${k} = s.${k}`).join(" AND ")}`,
    `WHEN MATCHED AND ${newer} THEN UPDATE SET ${names
      .filter((n) => !spec.keys.includes(n))
      .map((n) => `${n} = s.${n}`)
      .join(", ")}`,
    `WHEN NOT MATCHED THEN INSERT (${names.join(", ")}) VALUES (${names.map((n) => `s.${n}`).join(", ")})`,
  ].join("\n");
}

/**
 * The whole change log -> current state, for a replay (cdc_merge_job.py `--replay_entity`): each
 * key's latest change by the spec's sequence, a delete kept as its tombstone, in the Iceberg
 * table's columns. The job writes it in place of every row of the table (one overwrite commit).
 * It is the MERGE's own source query, so replaying every change gives the state the incremental
 * merges reach: a MERGE applies a key's change only when it is later than the stored one, so the
 * latest change of each key is what the table holds whatever the batches were. A full load's
 * missing keys are judged against the log alone: the latest load in it is the base.
 */
export function renderReplaySql(spec: CdcTableSpec, sourceView = SOURCE_VIEW): string {
  return [
    `-- Generated from the table spec "${spec.dataset}" (projects/transformation/src/specs); do not edit.`,
    ...latestChangePerKey(spec, sourceView),
  ].join("\n");
}

/**
 * Each key's latest change of `sourceView` (typed, keys present), in the Iceberg table's columns.
 * With a full load in the spec, the tombstones of the keys it lacks (`missingFromFullLoad`,
 * against `prior`, the table's current rows, when given) compete as changes too.
 */
function latestChangePerKey(spec: CdcTableSpec, sourceView: string, prior?: string): string[] {
  const names = cdcColumnNames(spec);
  const typed = [
    ...spec.columns.map(cast),
    ...spec.sequence.map(sequenceCast),
    `(${spec.operation}) = 'D' AS ${CDC_DELETED_COLUMN}`,
  ];
  const order = spec.sequence.map((s) => `${s.name} DESC`).join(", ");
  const missing = spec.fullLoad
    ? ["    UNION ALL", ...indent(missingFromFullLoad(spec, sourceView, prior), 4)]
    : [];
  return [
    "SELECT",
    ...indent(list(names), 2),
    "FROM (",
    "  SELECT",
    ...indent(
      list([
        ...names,
        `ROW_NUMBER() OVER (PARTITION BY ${spec.keys.join(", ")} ORDER BY ${order}) AS ${ROW_NUMBER}`,
      ]),
      4,
    ),
    "  FROM (",
    "    SELECT",
    ...indent(list(typed), 6),
    `    FROM ${sourceView} AS src`,
    ...missing,
    "  ) AS typed",
    `  WHERE ${spec.keys.map((k) => `${k} IS NOT NULL`).join(" AND ")}`,
    ") AS ranked",
    `WHERE ${ROW_NUMBER} = 1`,
  ];
}

const sequenceCast = (s: CdcTableSpec["sequence"][number]) =>
  `TRY_CAST(${s.from} AS ${sqlType(s.type)}) AS ${s.name}`;

const FULL_LOAD_COLUMN = "_cdc_full_load";

/**
 * A full load is a snapshot of the source table: a key it lacks whose latest change (in
 * `sourceView`, or `prior`'s stored row) is live and older than the load was deleted before the load
 * started, while no change was captured (a DMS `reload-target` after a gap longer than the WAL is
 * kept). Each such key gets a tombstone, in the Iceberg table's columns, whose sequence is the
 * spec's `missingSequence` of the earliest load later than that change: later than every change
 * before the load, earlier than the load's own rows, so a row of the same load read in a later
 * batch (a load written in several files) brings the key back. A key the load holds has its load
 * row as latest change, which no load is later than, so only missing keys qualify.
 */
function missingFromFullLoad(spec: CdcTableSpec, sourceView: string, prior?: string): string[] {
  const fullLoad = spec.fullLoad as NonNullable<CdcTableSpec["fullLoad"]>;
  if (fullLoad.missingSequence.length !== spec.sequence.length)
    throw new Error(`${spec.dataset}: fullLoad.missingSequence needs one expression per sequence column`);
  const keys = spec.keys;
  const sequence = spec.sequence.map((s) => s.name);
  const state = [...keys, ...sequence, CDC_DELETED_COLUMN];
  const typed = [
    ...spec.columns.filter((c) => keys.includes(c.name)).map(cast),
    ...spec.sequence.map(sequenceCast),
    `(${spec.operation}) = 'D' AS ${CDC_DELETED_COLUMN}`,
    `COALESCE(${fullLoad.rows}, FALSE) AS ${FULL_LOAD_COLUMN}`,
  ];
  const changes = ["SELECT", ...indent(list(typed), 2), `FROM ${sourceView} AS src`];
  const output = [
    ...spec.columns.map((c) =>
      keys.includes(c.name) ? `m.${c.name}` : `TRY_CAST(NULL AS ${sqlType(c.type)}) AS ${c.name}`,
    ),
    ...sequence.map((n) => `m.${n}`),
    `TRUE AS ${CDC_DELETED_COLUMN}`,
  ];
  return [
    "SELECT",
    ...indent(list(output), 2),
    "FROM (",
    "  SELECT",
    ...indent(
      list([
        ...keys.map((k) => `l.${k}`),
        ...spec.sequence.map(
          (s, i) => `TRY_CAST(${fullLoad.missingSequence[i]} AS ${sqlType(s.type)}) AS ${s.name}`,
        ),
        `ROW_NUMBER() OVER (PARTITION BY ${keys.map((k) => `l.${k}`).join(", ")} ORDER BY ${sequence.map((n) => `f.${n}`).join(", ")}) AS ${ROW_NUMBER}`,
      ]),
      4,
    ),
    "  FROM (",
    `    SELECT ${state.join(", ")}`,
    "    FROM (",
    `      SELECT ${[...state, `ROW_NUMBER() OVER (PARTITION BY ${keys.join(", ")} ORDER BY ${sequence.map((n) => `${n} DESC`).join(", ")}) AS ${ROW_NUMBER}`].join(", ")}`,
    "      FROM (",
    `        SELECT ${state.join(", ")} FROM (`,
    ...indent(changes, 10),
    "        ) AS c",
    ...(prior ? ["        UNION ALL", `        SELECT ${state.join(", ")} FROM ${prior}`] : []),
    "      ) AS states",
    `      WHERE ${keys.map((k) => `${k} IS NOT NULL`).join(" AND ")}`,
    "    ) AS latest",
    `    WHERE ${ROW_NUMBER} = 1`,
    "  ) AS l",
    "  JOIN (",
    `    SELECT DISTINCT ${sequence.join(", ")} FROM (`,
    ...indent(changes, 6),
    `    ) AS c WHERE ${FULL_LOAD_COLUMN}`,
    `  ) AS f ON ${newer(spec, "f", "l")}`,
    `  WHERE NOT l.${CDC_DELETED_COLUMN}`,
    ") AS m",
    `WHERE m.${ROW_NUMBER} = 1`,
  ];
}

/**
 * What a CDC batch makes visible, for its data-quality gate (specs/quality.ts): of the changes
 * the MERGE applies, those that are not deletes, in the table's columns but the tombstone flag.
 * Readers of current state filter `NOT _cdc_deleted`, so these are the rows they would see change.
 */
export function renderVisibleChangesSql(spec: CdcTableSpec, sourceView = SOURCE_VIEW): string {
  const columns = cdcColumnNames(spec).filter((c) => c !== CDC_DELETED_COLUMN);
  return [
    `-- Generated from the table spec "${spec.dataset}" (projects/transformation/src/specs); do not edit.`,
    "SELECT",
    ...indent(list(columns), 2),
    "FROM (",
    ...indent(latestChangePerKey(spec, sourceView), 2),
    ") AS staged",
    `WHERE NOT ${CDC_DELETED_COLUMN}`,
  ].join("\n");
}

/** Spark's JSON form of a StructType (`StructType.fromJson` reads it), for the runners' source schema. */
export interface SparkStructType {
  type: "struct";
  fields: {
    name: string;
    type: string | SparkStructType;
    nullable: true;
    metadata: { "lakehouse.key"?: true };
  }[];
}

export function sparkSourceSchema(fields: RawField[]): SparkStructType {
  return {
    type: "struct",
    fields: fields.map((f) => ({
      name: f.name,
      type: typeof f.type === "string" ? f.type : sparkSourceSchema(f.type.struct),
      nullable: true,
      // Spark field metadata the runners read (lakehouse_runner.KEY_METADATA).
      metadata: f.key ? { "lakehouse.key": true as const } : {},
    })),
  };
}

const OPERATION_COLUMN = "_cdc_operation";

/**
 * The changes a MERGE of this batch applies, counted by operation, for the change log's audit
 * table (specs/change-counts.ts). Run before the MERGE, against the same target: a change counts
 * when it is later than the key's stored sequence (or the key is new), so a replayed or duplicated
 * change (delivered again, or read again by a retried run) counts once, like it applies once.
 * Every change of the batch counts, not only each key's latest: an insert, an update and a delete
 * of one key in one batch are three changes. Returns one row: entity, inserted, updated, deleted.
 */
export function renderChangeCountSql(spec: CdcTableSpec, target: string, sourceView = SOURCE_VIEW): string {
  const keyColumns = spec.columns.filter((c) => spec.keys.includes(c.name));
  const sequence = spec.sequence.map((s) => s.name);
  const typed = [
    ...keyColumns.map(cast),
    ...spec.sequence.map(sequenceCast),
    `(${spec.operation}) AS ${OPERATION_COLUMN}`,
  ];
  // The tombstones of keys a full load lacks are deletes the MERGE applies: counted as such.
  const missing = spec.fullLoad
    ? [
        "    UNION ALL",
        `    SELECT ${[...keyColumns.map((c) => c.name), ...sequence].join(", ")}, 'D' AS ${OPERATION_COLUMN} FROM (`,
        ...indent(missingFromFullLoad(spec, sourceView, target), 6),
        "    ) AS gone",
      ]
    : [];
  const counted = (op: string) =>
    `CAST(COALESCE(SUM(CASE WHEN s.${OPERATION_COLUMN} = '${op}' THEN 1 ELSE 0 END), 0) AS BIGINT)`;
  const [firstKey] = spec.keys;
  return [
    `-- Generated from the table spec "${spec.dataset}" (projects/transformation/src/specs); do not edit.`,
    "SELECT",
    ...indent(
      list([
        `'${spec.dataset}' AS entity`,
        `${counted("I")} AS inserted`,
        `${counted("U")} AS updated`,
        `${counted("D")} AS deleted`,
      ]),
      2,
    ),
    "FROM (",
    `  SELECT DISTINCT ${[...spec.keys, ...sequence, OPERATION_COLUMN].join(", ")}`,
    "  FROM (",
    "    SELECT",
    ...indent(list(typed), 6),
    `    FROM ${sourceView} AS src`,
    ...missing,
    "  ) AS typed",
    `  WHERE ${spec.keys.map((k) => `${k} IS NOT NULL`).join(" AND ")}`,
    ") AS s",
    `LEFT JOIN ${target} AS t ON ${spec.keys.map((k) => `t.${k} = s.${k}`).join(" AND ")}`,
    `WHERE t.${firstKey} IS NULL OR ${newerThanTarget(spec)}`,
  ].join("\n");
}
