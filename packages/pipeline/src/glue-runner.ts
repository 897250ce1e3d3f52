import { readFileSync, statSync } from "node:fs";
import { BACKFILL_REPORT_ONLY_RULE_TYPES } from "@lakehouse/contracts";
import { type LocalLake, splitS3, sqlString } from "./local-lake";
import type { StackPlan } from "./plan";
import { QualityHistory, type RuleOutcome } from "./quality";
import {
  checkBatchSchema,
  inferJsonSchema,
  SchemaChangeError,
  type SparkSchemaField,
  sparkTypeOfDuck,
} from "./schema-check";

export { SchemaChangeError } from "./schema-check";

/** A batch failed its table's ruleset (the jobs' lakehouse_runner.DataQualityError). */
export class DataQualityError extends Error {}

/** One data-quality evaluation of a job run: what `pnpm demo` prints next to the table's rows. */
export interface QualityResult {
  table: string;
  ruleset: string;
  at: Date;
  rows: number;
  outcomes: RuleOutcome[];
  /** Where the batch went instead of the table, when a rule failed. */
  quarantined?: string;
}

/** Spark StructType JSON, as the jobs' shipped schemas and manifest hold it (transformation's sparkSourceSchema). */
interface SparkField {
  name: string;
  type: string | { type: "struct"; fields: SparkField[] };
  metadata?: { "lakehouse.key"?: boolean };
}

/** A run's report of columns a source batch has and its table spec does not declare (kept in raw only). */
export interface SchemaReport {
  source: string;
  undeclared: string[];
}

/** An Iceberg table's column added from the spec before a merge (cdc_merge_job's ALTER TABLE ... ADD COLUMNS). */
export interface AddedColumn {
  table: string;
  column: string;
  type: string;
}

/** Spark/Hive/Iceberg type text -> DuckDB type. */
export function duckType(type: SparkField["type"]): string {
  if (typeof type !== "string") {
    return `STRUCT(${type.fields.map((f) => `"${f.name}" ${duckType(f.type)}`).join(", ")})`;
  }
  const t = type.replace(/^"|"$/g, "").toLowerCase();
  const simple: Record<string, string> = {
    string: "VARCHAR",
    long: "BIGINT",
    bigint: "BIGINT",
    int: "INTEGER",
    double: "DOUBLE",
    boolean: "BOOLEAN",
    date: "DATE",
    timestamp: "TIMESTAMP",
    timestamptz: "TIMESTAMP",
  };
  if (simple[t]) return simple[t] as string;
  if (/^decimal\(\d+,\s*\d+\)$/.test(t)) return t.toUpperCase();
  throw new Error(`no DuckDB type for ${type}`);
}

/** A Glue `exclusions` glob (`**` any folders, `*` within one) as a RegExp over the object key. */
function globRegExp(glob: string): RegExp {
  const body = glob
    .split("**")
    .map((part) => part.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, "[^/]*"))
    .join(".*");
  return new RegExp(`^${body}$`);
}

/**
 * The runners' read step (jobs/lakehouse_runner.py) on DuckDB: the files under the source path
 * the job bookmark has not seen (exclusions applied), conformed to the declared schema
 * (present fields cast, absent ones typed NULLs, nested values where text is declared as their
 * JSON, extra ones dropped), plus each row's file as `_source_file`; registered as `view`.
 * Returns the files read.
 */
export class LocalGlue {
  private readonly seen = new Map<string, Set<string>>();
  private readonly history = new QualityHistory();
  /** Every evaluation the runs made, in order. */
  readonly quality: QualityResult[] = [];
  private runs = 0;
  /** What each read reported under the schema policy (lakehouse_runner.read_source's `schema:` line). */
  readonly schemaReports: SchemaReport[] = [];
  /** Columns the merges added to Iceberg tables. */
  readonly addedColumns: AddedColumn[] = [];

  constructor(
    readonly lake: LocalLake,
    readonly plan: StackPlan,
  ) {}

  /**
   * The files under the source path (exclusions applied) a run reads: those the job bookmark has
   * not seen, or, for a run with `job-bookmark-disable` (a backfill or replay), every one.
   */
  private newFiles(job: string, sourcePath: string, exclusions: string[], bookmarked = true): string[] {
    const [bucket, prefix] = splitS3(sourcePath);
    const excluded = exclusions.map(globRegExp);
    const seen = bookmarked ? (this.seen.get(job) ?? new Set<string>()) : new Set<string>();
    if (bookmarked) this.seen.set(job, seen);
    return (
      this.lake
        .list(bucket, prefix)
        // Matched against the object key (Glue documents Unix-style globs, not what they are relative to).
        .filter((k) => !excluded.some((re) => re.test(k)))
        .map((k) => this.lake.path(bucket, k))
        .filter((file) => !seen.has(bookmarkEntry(file)))
    );
  }

  /** Job bookmark commit: the run succeeded, its files are not read again (unless rewritten). */
  private commit(job: string, files: string[]): void {
    for (const file of files) this.seen.get(job)?.add(bookmarkEntry(file));
  }

  async sourceView(
    view: string,
    files: string[],
    format: string,
    schema: { fields: SparkField[] },
    source = view,
  ): Promise<void> {
    const list = `[${files.map(sqlString).join(", ")}]`;
    // As lakehouse_runner.read_source: the batch's schema against the spec's, before anything is read into a view.
    const check = (actual: { fields: SparkSchemaField[] }) => {
      const undeclared = checkBatchSchema(schema as { fields: SparkSchemaField[] }, actual, source);
      if (undeclared.length > 0) this.schemaReports.push({ source, undeclared });
    };
    if (format === "json") {
      check(
        inferJsonSchema(
          files.flatMap((f) =>
            readFileSync(f, "utf8")
              .split("\n")
              .filter((l) => l.trim())
              .map((l) => JSON.parse(l)),
          ),
        ),
      );
      const columns = `{${schema.fields.map((f) => `"${f.name}": '${duckType(f.type)}'`).join(", ")}}`;
      await this.lake.run(
        `CREATE OR REPLACE VIEW ${view} AS SELECT * EXCLUDE (filename), filename AS _source_file FROM read_json(${list}, format = 'newline_delimited', filename = true, columns = ${columns})`,
      );
      return;
    }
    const raw = `read_parquet(${list}, filename = true, union_by_name = true, hive_partitioning = false)`;
    const present = new Map(
      (await this.lake.rows(`DESCRIBE SELECT * FROM ${raw}`)).map((c) => [
        String(c.column_name).toLowerCase(),
        { name: String(c.column_name), type: String(c.column_type) },
      ]),
    );
    // `filename` is DuckDB's column of the scan's file (Spark's input_file_name()), not data.
    check({
      fields: [...present.values()]
        .filter((c) => c.name !== "filename")
        .map((c) => ({ name: c.name, type: sparkTypeOfDuck(c.type) })),
    });
    const exprs = schema.fields.map((f) => {
      const col = present.get(f.name.toLowerCase());
      const type = duckType(f.type);
      if (!col) return `CAST(NULL AS ${type}) AS "${f.name}"`;
      // The runner renders a nested value declared as text with to_json (Spark's JSON of a map).
      if (type === "VARCHAR" && /^(MAP|STRUCT)/.test(col.type))
        return `CAST(to_json("${col.name}") AS VARCHAR) AS "${f.name}"`;
      return `CAST("${col.name}" AS ${type}) AS "${f.name}"`;
    });
    await this.lake.run(
      `CREATE OR REPLACE VIEW ${view} AS SELECT ${[...exprs, "filename AS _source_file"].join(", ")} FROM ${raw}`,
    );
  }

  /**
   * The jobs' gate (lakehouse_runner.gate_batch): `view` against the shipped ruleset; on a failed
   * rule its rows go to `<quarantine path><run id>/` as Parquet with `_outcomes.json`, and the
   * failure message is returned (nothing may be published).
   */
  private async gate(
    table: string,
    ruleset: string,
    rulesetPath: string,
    quarantinePath: string,
    view: string,
    now: Date,
    reportOnly: string[],
  ): Promise<string | null> {
    const dqdl = this.plan.objectAt(rulesetPath);
    const outcomes = await this.history.evaluate(this.lake, ruleset, dqdl, view, now);
    const rows = await this.lake.count(`SELECT * FROM ${view}`);
    // Report-only rule types (the freshness rule) do not gate: a late batch is published.
    const failed = outcomes.filter(
      (o) => o.Outcome !== "Passed" && !reportOnly.includes(o.Rule.split(" ")[0] as string),
    );
    const result: QualityResult = { table, ruleset, at: now, rows, outcomes };
    this.quality.push(result);
    if (failed.length === 0) return null;
    this.runs += 1;
    const target = `${quarantinePath}jr_local_${String(this.runs).padStart(4, "0")}/`;
    const [bucket, prefix] = splitS3(target);
    this.lake.put(bucket, `${prefix}_outcomes.json`, `${JSON.stringify({ ruleset, outcomes }, null, 2)}\n`);
    await this.lake.run(
      `COPY (SELECT * FROM ${view}) TO ${sqlString(this.lake.path(bucket, `${prefix}part-0.parquet`))} (FORMAT PARQUET)`,
    );
    result.quarantined = target;
    return `data quality: the ${table} batch failed ${failed.length} of ${outcomes.length} rules of ruleset ${ruleset}: ${failed.map((o) => `${o.Rule}: ${o.FailureReason}`).join("; ")}. Its rows are quarantined at ${target} and were not published.`;
  }

  /** Creates the catalog's refined table (Hive columns, partition columns last) as `"db"."table"`. */
  async createRefinedTable(resourceName: string): Promise<string> {
    const t = this.plan.inputs("transformation", "aws:glue/catalogTable:CatalogTable", resourceName);
    const cols = [...t.storageDescriptor.columns, ...t.partitionKeys].map(
      (c: { name: string; type: string }) => `"${c.name}" ${duckType(c.type)}`,
    );
    await this.lake.run(`CREATE SCHEMA IF NOT EXISTS "${t.databaseName}"`);
    const name = `"${t.databaseName}"."${t.name}"`;
    await this.lake.run(`CREATE TABLE IF NOT EXISTS ${name} (${cols.join(", ")})`);
    return name;
  }

  /** Creates the catalog's Iceberg table and its `$snapshots` metadata table. */
  async createIcebergTable(resourceName: string): Promise<string> {
    const t = this.plan.inputs("transformation", "aws:glue/catalogTable:CatalogTable", resourceName);
    const fields = t.openTableFormatInput.icebergInput.icebergTableInput.schema.fields as SparkField[];
    await this.lake.run(`CREATE SCHEMA IF NOT EXISTS "${t.databaseName}"`);
    const name = `"${t.databaseName}"."${t.name}"`;
    await this.lake.run(
      `CREATE TABLE IF NOT EXISTS ${name} (${fields.map((f) => `"${f.name}" ${duckType(JSON.parse(f.type as string))}`).join(", ")})`,
    );
    await this.lake.run(
      `CREATE TABLE IF NOT EXISTS "${t.databaseName}"."${t.name}$snapshots" (committed_at TIMESTAMPTZ, snapshot_id BIGINT, parent_id BIGINT, operation VARCHAR, manifest_list VARCHAR, summary MAP(VARCHAR, VARCHAR))`,
    );
    return name;
  }

  /**
   * One run of a refine job (refine_job.py) as the plan configures it: new source files ->
   * shipped SQL (with the table's current rows as `refined_existing`) -> the touched partitions
   * overwritten. Returns the files read.
   */
  async refine(
    jobName: string,
    tableResource: string,
    options: { backfill?: { from: string; to: string }; now?: Date } = {},
  ): Promise<string[]> {
    const { backfill, now = new Date() } = options;
    const args = this.plan.jobArguments(jobName);
    const table = await this.createRefinedTable(tableResource);
    const files = this.newFiles(
      jobName,
      args["--source_path"] as string,
      JSON.parse(args["--source_exclusions"] as string),
      backfill === undefined,
    );
    if (files.length === 0) return files;
    await this.sourceView(
      "source_batch",
      files,
      args["--source_format"] as string,
      JSON.parse(this.plan.objectAt(args["--source_schema_path"] as string)),
      `${args["--target_table"]} (${args["--source_path"]})`,
    );
    // A backfill (refine_job.py --backfill_from/--backfill_to) rebuilds its days from the raw rows alone.
    await this.lake.run(
      `CREATE OR REPLACE VIEW refined_existing AS SELECT * FROM ${table}${backfill ? " WHERE FALSE" : ""}`,
    );
    const sql = this.plan.objectAt(args["--sql_path"] as string);
    const keys = (args["--partition_keys"] as string).split(",").map((k) => `"${k.trim()}"`);
    const days = backfill
      ? ` WHERE ${keys[0]} BETWEEN DATE ${sqlString(backfill.from)} AND DATE ${sqlString(backfill.to)}`
      : "";
    await this.lake.run(`CREATE OR REPLACE TEMP TABLE refine_output AS SELECT * FROM (${sql})${days}`);
    // As refine_job.py: the output passes the table's ruleset, or it is quarantined and the run fails.
    const failure = await this.gate(
      args["--target_table"] as string,
      args["--dq_ruleset_name"] as string,
      args["--dq_ruleset_path"] as string,
      args["--quarantine_path"] as string,
      "refine_output",
      now,
      // As `lakehouse data backfill`'s StartJobRun override.
      backfill ? BACKFILL_REPORT_ONLY_RULE_TYPES : JSON.parse(args["--dq_report_only"] as string),
    );
    if (failure) throw new DataQualityError(failure);
    // Dynamic partition overwrite: the partitions the output holds are replaced, the others kept.
    await this.lake.run(
      `DELETE FROM ${table} WHERE (${keys.join(", ")}) IN (SELECT DISTINCT (${keys.join(", ")}) FROM refine_output)`,
    );
    await this.lake.run(`INSERT INTO ${table} SELECT * FROM refine_output`);
    if (backfill === undefined) this.commit(jobName, files);
    return files;
  }

  /**
   * One run of the CDC merge job (cdc_merge_job.py): per manifest entity, new change files ->
   * the shipped MERGE into the Iceberg table, and a snapshot recorded per commit the way Iceberg
   * does for a merge-on-read MERGE (format v2, the table's write.merge.mode): `added-records`
   * are the rows written (new and changed keys), `added-position-deletes` the rows they
   * replace, operation `overwrite` when anything was replaced, else `append`.
   */
  private manifest(): MergeManifest {
    const args = this.plan.jobArguments("cdc-merge");
    return JSON.parse(this.plan.objectAt(args["--manifest_path"] as string)) as MergeManifest;
  }

  /**
   * One replay run of the CDC merge job (cdc_merge_job.py --replay_entity, bookmarks disabled):
   * every change file of the entity -> the shipped replay query -> every row of its Iceberg table
   * replaced, by column name, in one transaction (DataFrameWriterV2.overwrite(lit(True)) is one
   * Iceberg commit). The bookmark is neither read nor saved. Returns the files read.
   */
  async replay(entityName: string): Promise<string[]> {
    const manifest = this.manifest();
    const entity = manifest.entities.find((e) => e.name === entityName);
    if (!entity) throw new Error(`no entity ${entityName} in the merge manifest`);
    const table = await this.createIcebergTable(`iceberg-${entity.name}`);
    if (localTable(entity.targetTable) !== table)
      throw new Error(`manifest targetTable ${entity.targetTable} is not the planned ${table}`);
    const files = this.newFiles(
      `cdc-merge/${entity.name}`,
      entity.sourcePath,
      entity.sourceExclusions,
      false,
    );
    if (files.length === 0) throw new Error(`${entity.name}: no changes under ${entity.sourcePath}`);
    await this.stageBatch(table, entity, files);
    await this.lake.run(
      `CREATE OR REPLACE TEMP TABLE replay_state AS ${this.plan.objectAt(entity.replaySqlPath)}`,
    );
    await this.lake.run("BEGIN TRANSACTION");
    await this.lake.run(`DELETE FROM ${table}`);
    await this.lake.run(`INSERT INTO ${table} BY NAME SELECT * FROM replay_state`);
    await this.lake.run("COMMIT");
    return files;
  }

  /**
   * What a merge and a replay both do first, in cdc_merge_job.py's order: the entity's change
   * files are read and schema-checked as the `source_batch` view (read_entity_changes), then the
   * table gets the spec's missing columns (iceberg_add_columns). A refused batch adds no column.
   */
  private async stageBatch(
    table: string,
    entity: MergeManifest["entities"][number],
    files: string[],
  ): Promise<void> {
    await this.sourceView(
      "source_batch",
      files,
      entity.sourceFormat,
      entity.sourceSchema,
      `${entity.name} (${entity.sourcePath})`,
    );
    await this.addDeclaredColumns(table, entity);
  }

  /**
   * As lakehouse_runner.iceberg_add_columns: the manifest's columns the table lacks are added
   * (nullable), a column whose type differs from the spec's is refused.
   */
  private async addDeclaredColumns(table: string, entity: MergeManifest["entities"][number]): Promise<void> {
    const present = new Map(
      (await this.lake.rows(`DESCRIBE ${table}`)).map((c) => [
        String(c.column_name).toLowerCase(),
        String(c.column_type),
      ]),
    );
    const refused: string[] = [];
    for (const column of entity.columns) {
      const have = present.get(column.name.toLowerCase());
      const want = duckType(column.type);
      if (have === undefined) {
        await this.lake.run(`ALTER TABLE ${table} ADD COLUMN "${column.name}" ${want}`);
        this.addedColumns.push({ table: entity.targetTable, column: column.name, type: column.type });
      } else if (have !== want) {
        refused.push(`column ${column.name} is ${have} in the table, the spec declares ${column.type}`);
      }
    }
    if (refused.length > 0)
      throw new SchemaChangeError(
        `schema change refused: table ${entity.targetTable}: ${refused.join("; ")}. Nothing was merged into it (docs/runbook.md#schema-change-refused).`,
      );
  }

  async merge(committedAt: Date): Promise<Record<string, string[]>> {
    const manifest = this.manifest();
    const reportOnly = JSON.parse(this.plan.jobArguments("cdc-merge")["--dq_report_only"] as string);
    const local = localTable;
    const counts = await this.createIcebergTable("iceberg-cdc-changes");
    if (local(manifest.changeCountsTable) !== counts) {
      throw new Error(
        `manifest changeCountsTable ${manifest.changeCountsTable} is not the planned ${counts}`,
      );
    }
    const read: Record<string, string[]> = {};
    const failures: string[] = [];
    for (const entity of manifest.entities) {
      const table = await this.createIcebergTable(`iceberg-${entity.name}`);
      const files = this.newFiles(`cdc-merge/${entity.name}`, entity.sourcePath, entity.sourceExclusions);
      read[entity.name] = files;
      if (files.length === 0) continue;
      await this.stageBatch(table, entity, files);
      const sql = local(this.plan.objectAt(entity.sqlPath));
      // As cdc_merge_job.py: the rows the batch makes visible pass the entity's ruleset, or nothing of it merges.
      await this.lake.run(
        `CREATE OR REPLACE TEMP TABLE visible_changes AS ${local(this.plan.objectAt(entity.visibleSqlPath))}`,
      );
      const failure = await this.gate(
        entity.name,
        entity.rulesetName,
        entity.rulesetPath,
        entity.quarantinePath,
        "visible_changes",
        committedAt,
        reportOnly,
      );
      if (failure) {
        failures.push(failure);
        continue;
      }
      // As cdc_merge_job.py: counted before the MERGE, appended to the audit table after it.
      await this.lake.run(
        `CREATE OR REPLACE TEMP TABLE change_counts AS ${local(this.plan.objectAt(entity.countSqlPath))}`,
      );
      await this.lake.run(`CREATE OR REPLACE TEMP TABLE before_merge AS SELECT * FROM ${table}`);
      await this.lake.run(sql);
      await this.lake.run(
        `INSERT INTO ${counts} SELECT entity, TIMESTAMPTZ ${sqlString(committedAt.toISOString())}, inserted, updated, deleted FROM change_counts`,
      );
      const added = await this.lake.count(`SELECT * FROM ${table} EXCEPT ALL SELECT * FROM before_merge`);
      const replaced = await this.lake.count(`SELECT * FROM before_merge EXCEPT ALL SELECT * FROM ${table}`);
      const snapshots = `${table.slice(0, -1)}$snapshots"`;
      const id = (await this.lake.count(`SELECT * FROM ${snapshots}`)) + 1;
      await this.lake.run(
        `INSERT INTO ${snapshots} VALUES (TIMESTAMPTZ ${sqlString(committedAt.toISOString())}, ${id}, ${id - 1}, ${sqlString(replaced > 0 ? "overwrite" : "append")}, NULL, MAP {'added-records': '${added}', 'added-position-deletes': '${replaced}'})`,
      );
    }
    if (failures.length > 0) throw new DataQualityError(failures.join(" | "));
    // Job bookmark commit, after every entity (job.commit()): a failed run commits none.
    for (const [name, files] of Object.entries(read)) this.commit(`cdc-merge/${name}`, files);
    return read;
  }
}

/** The CDC merge job's manifest (transformation's cdc-merge.ts). */
interface MergeManifest {
  changeCountsTable: string;
  entities: {
    name: string;
    targetTable: string;
    sourcePath: string;
    sourceFormat: string;
    sourceSchema: { fields: SparkField[] };
    sourceExclusions: string[];
    sqlPath: string;
    countSqlPath: string;
    replaySqlPath: string;
    visibleSqlPath: string;
    rulesetName: string;
    rulesetPath: string;
    quarantinePath: string;
    columns: { name: string; type: string }[];
  }[];
}

/**
 * A file as the job bookmark knows it: path and last-modified time. An S3 bookmark checks the
 * objects' last modified time, so an object written again under the same key is read again (Glue
 * developer guide, "Tracking processed data using job bookmarks"), e.g. a DMS reload's LOAD file.
 */
const bookmarkEntry = (file: string) => `${file}@${statSync(file).mtimeMs}`;

/** `glue_catalog.db.table` (Spark's Iceberg catalog) -> the local `"db"."table"`. */
const localTable = (sql: string) => sql.replace(/glue_catalog\.(\w+)\.(\w+)/g, '"$1"."$2"');
