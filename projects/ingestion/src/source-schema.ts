import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { DmsTableSelection } from "@lakehouse/components";

/** The replicated schema of an Aurora source the stack creates (dev and demos). */
export const SOURCE_SCHEMA_FILE = join(__dirname, "..", "sql", "aurora-source-schema.sql");

/** The file's statements: `--` comments dropped, one statement per `;` at the end of a line. */
export function sqlStatements(text: string): string[] {
  return text
    .split("\n")
    .filter((line) => !line.trim().startsWith("--"))
    .join("\n")
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** `schema.table` of each `CREATE TABLE [IF NOT EXISTS] schema.table` statement. */
export function createdTables(statements: string[]): string[] {
  return statements.flatMap((s) => {
    const m = /^CREATE TABLE (?:IF NOT EXISTS )?([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)/i.exec(s);
    return m ? [`${m[1]}.${m[2]}`] : [];
  });
}

/**
 * The DDL the stack runs on the cluster it creates, checked against what DMS replicates: every
 * selected table that names no `%` pattern must be created here, or the full load would find none.
 */
export function sourceSchemaStatements(tables: DmsTableSelection[], file = SOURCE_SCHEMA_FILE): string[] {
  const statements = sqlStatements(readFileSync(file, "utf8"));
  const created = new Set(createdTables(statements));
  const missing = tables
    .filter((t) => !t.schema.includes("%") && !t.table.includes("%"))
    .map((t) => `${t.schema}.${t.table}`)
    .filter((t) => !created.has(t));
  if (missing.length > 0)
    throw new Error(
      `lakehouse-ingestion:dmsTables selects ${missing.join(", ")}, which ${file} does not create (the stack creates the Aurora cluster, so its database starts empty)`,
    );
  return statements;
}
