import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import type { RawField, SqlType } from "../src/specs";

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

  /** Writes JSON lines to a file and returns its path. */
  jsonLines(name: string, records: unknown[]): string {
    const file = join(this.dir, name);
    writeFileSync(file, records.map((r) => JSON.stringify(r)).join("\n") + "\n");
    return file;
  }

  /** Registers `view` over JSON-lines records read with the spec's raw schema, as the runner does. */
  async jsonView(view: string, fields: RawField[], records: unknown[]): Promise<void> {
    const file = this.jsonLines(`${view}-${Date.now()}-${Math.random().toString(36).slice(2)}.json`, records);
    await this.run(
      `CREATE OR REPLACE VIEW ${view} AS SELECT * FROM read_json('${file}', format = 'newline_delimited', columns = ${duckColumns(fields)})`,
    );
  }
}
