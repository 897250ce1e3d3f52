import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import {
  EXISTING_VIEW,
  type RawField,
  type RefinedTableSpec,
  SOURCE_FILE_COLUMN,
  type SqlType,
} from "../src/specs";

/** DuckDB spelling of a raw field type (STRUCT(...) for nested records; scalar names are shared with Spark). */
export function duckType(type: RawField["type"]): string {
  if (typeof type === "string") return (type as SqlType).toUpperCase();
  return `STRUCT(${type.struct.map((f) => `"${f.name}" ${duckType(f.type)}`).join(", ")})`;
}

/** `read_json` columns argument: the same schema the Spark runner reads the files with. */
export function duckColumns(fields: RawField[]): string {
  return `{${fields.map((f) => `"${f.name}": '${duckType(f.type)}'`).join(", ")}}`;
}

export class Duck {
  private constructor(
    readonly conn: DuckDBConnection,
    readonly dir: string,
  ) {}

  static async open(): Promise<Duck> {
    const instance = await DuckDBInstance.create(":memory:");
    return new Duck(await instance.connect(), mkdtempSync(join(tmpdir(), "lakehouse-sql-")));
  }

  async run(sql: string): Promise<void> {
    await this.conn.run(sql);
  }

  async rows(sql: string): Promise<Record<string, unknown>[]> {
    const reader = await this.conn.runAndReadAll(sql);
    return reader.getRowObjectsJson() as Record<string, unknown>[];
  }

  /** The refined table as the refine SQL reads it (`refined_existing`): empty, typed like the catalog. */
  async emptyRefined(spec: RefinedTableSpec, name = EXISTING_VIEW): Promise<void> {
    const cols = [
      ...spec.columns.map((c) => `${c.name} ${c.type.toUpperCase()}`),
      `${spec.partitionColumn} DATE`,
    ];
    await this.run(`CREATE OR REPLACE TABLE ${name} (${cols.join(", ")})`);
  }

  /** Writes JSON lines to a file and returns its path. */
  jsonLines(name: string, records: unknown[]): string {
    const file = join(this.dir, name);
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    return file;
  }

  /**
   * Registers `view` over JSON-lines records read with the spec's raw schema plus the file's
   * path as `_source_file`: the columns the runner gives the SQL.
   */
  async jsonView(view: string, fields: RawField[], records: unknown[]): Promise<void> {
    const file = this.jsonLines(`${view}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`, records);
    await this.run(
      `CREATE OR REPLACE VIEW ${view} AS SELECT * EXCLUDE (filename), filename AS ${SOURCE_FILE_COLUMN} FROM read_json('${file}', format = 'newline_delimited', filename = true, columns = ${duckColumns(fields)})`,
    );
  }

  /**
   * Writes sample JSON records as a Snappy Parquet file at `relativePath` (as Firehose or
   * AppFlow convert them) and registers `view` over it like the runner does.
   */
  async parquetView(
    view: string,
    fields: RawField[],
    relativePath: string,
    records: unknown[],
  ): Promise<string> {
    const json = this.jsonLines(`${relativePath.replace(/\//g, "_")}.json`, records);
    const file = join(this.dir, relativePath);
    mkdirSync(dirname(file), { recursive: true });
    await this.run(
      `COPY (SELECT * FROM read_json('${json}', format = 'newline_delimited', columns = ${duckColumns(fields)})) TO '${file}' (FORMAT parquet, COMPRESSION snappy)`,
    );
    await this.parquetFilesView(view, [file]);
    return file;
  }

  /** Registers `view` over Parquet files (no Hive partition discovery: the runner does none). */
  async parquetFilesView(view: string, files: string[]): Promise<void> {
    const list = files.map((f) => `'${f}'`).join(", ");
    await this.run(
      `CREATE OR REPLACE VIEW ${view} AS SELECT * EXCLUDE (filename), filename AS ${SOURCE_FILE_COLUMN} FROM read_parquet([${list}], filename = true, hive_partitioning = false)`,
    );
  }
}
