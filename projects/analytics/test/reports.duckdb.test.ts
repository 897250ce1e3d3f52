/**
 * Runs the report SQL exactly as the program ships it (the rendered `query` of each Athena
 * named query) on DuckDB, against fixture tables shaped like what the transformation layer
 * writes, and checks the figures. Dated tables are Hive-partitioned Parquet, as in S3.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { athenaExecutionParameters, executionParameterCount } from "@lakehouse/components";
import { layerFixture } from "@lakehouse/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAnalytics } from "./support";

const storage = layerFixture("lake-storage", "dev");

let sql: Record<string, string> = {};
let db: DuckDBConnection;
let dir: string;

/** Rows as plain objects with dates as `YYYY-MM-DD` strings and counts as numbers. */
async function query(text: string, params: string[] = []): Promise<Record<string, unknown>[]> {
  const reader = await db.runAndReadAll(text, params);
  return reader
    .getRowObjectsJson()
    .map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [k, typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v]),
      ),
    );
}

/** A table written as Hive-partitioned Parquet (`<dir>/<column>=<value>/*.parquet`), read like Athena reads S3. */
async function partitionedTable(schema: string, table: string, partition: string, select: string) {
  const path = join(dir, schema, table);
  mkdirSync(join(dir, schema), { recursive: true });
  await db.run(`COPY (${select}) TO '${path}' (FORMAT parquet, PARTITION_BY (${partition}))`);
  await db.run(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
  await db.run(
    `CREATE VIEW "${schema}"."${table}" AS SELECT * FROM read_parquet('${path}/**/*.parquet', hive_partitioning = true, hive_types = {'${partition}': DATE})`,
  );
}

beforeAll(async () => {
  const run = await runAnalytics("dev");
  sql = Object.fromEntries(
    run.recorder
      .ofType("aws:athena/namedQuery:NamedQuery")
      .map((q) => [String(q.inputs.name), String(q.inputs.query)]),
  );

  dir = mkdtempSync(join(tmpdir(), "analytics-reports-"));
  const instance = await DuckDBInstance.create(":memory:");
  db = await instance.connect();
  const refined = storage.refinedDatabaseName;
  const cdc = storage.cdcDatabaseName;

  // Client events as the refine job writes them: one row per event, partitioned by event_date.
  await partitionedTable(
    refined,
    "client_events",
    "event_date",
    `SELECT * FROM (VALUES
      ('e1', 'page_view', 'u1', TIMESTAMP '2026-03-01 08:00:00', '{"path":"/"}', DATE '2026-03-01'),
      ('e2', 'page_view', 'u1', TIMESTAMP '2026-03-01 08:05:00', '{"path":"/a"}', DATE '2026-03-01'),
      ('e3', 'page_view', 'u2', TIMESTAMP '2026-03-01 09:00:00', '{"path":"/"}', DATE '2026-03-01'),
      ('e4', 'purchase',  'u2', TIMESTAMP '2026-03-01 09:10:00', '{"sku":"x"}', DATE '2026-03-01'),
      ('e5', 'page_view', 'u3', TIMESTAMP '2026-03-02 10:00:00', '{"path":"/"}', DATE '2026-03-02'),
      ('e6', 'sign_up',   'u3', TIMESTAMP '2026-03-02 10:01:00', '{}',           DATE '2026-03-02'),
      ('e7', 'purchase',  'u1', TIMESTAMP '2026-03-03 11:00:00', '{"sku":"y"}', DATE '2026-03-03')
    ) AS t(event_id, event_type, user_id, occurred_at, payload, event_date)`,
  );
  // GA4 report rows: one per day and traffic source, partitioned by session_date.
  await partitionedTable(
    refined,
    "ga4_sessions",
    "session_date",
    `SELECT * FROM (VALUES
      ('google / organic', 120, 100, 40, DATE '2026-03-01'),
      ('(direct) / (none)', 30, 25, 10, DATE '2026-03-01'),
      ('google / organic', 90, 80, 20, DATE '2026-03-02')
    ) AS t(source_medium, sessions, users, new_users, session_date)`,
  );
  // The refined CDC change log: one row per captured change, partitioned by change_date.
  await partitionedTable(
    refined,
    "cdc_changes",
    "change_date",
    `SELECT * FROM (VALUES
      ('c1', 'dynamodb', 'orders', 'o1', 'insert', TIMESTAMP '2026-03-01 08:00:00', DATE '2026-03-01'),
      ('c2', 'dynamodb', 'orders', 'o1', 'update', TIMESTAMP '2026-03-01 09:00:00', DATE '2026-03-01'),
      ('c3', 'dynamodb', 'orders', 'o2', 'insert', TIMESTAMP '2026-03-01 09:30:00', DATE '2026-03-01'),
      ('c4', 'aurora', 'customers', 'k1', 'insert', TIMESTAMP '2026-03-01 10:00:00', DATE '2026-03-01'),
      ('c5', 'aurora', 'customers', 'k1', 'delete', TIMESTAMP '2026-03-02 10:00:00', DATE '2026-03-02'),
      ('c6', 'dynamodb', 'orders', 'o2', 'update', TIMESTAMP '2026-03-02 11:00:00', DATE '2026-03-02')
    ) AS t(change_id, source, entity, entity_id, operation, changed_at, change_date)`,
  );
  // The Iceberg entity table kept current by the CDC merge job: one row per live order.
  await db.run(`CREATE SCHEMA "${cdc}"`);
  await db.run(`CREATE TABLE "${cdc}"."orders_current" AS SELECT * FROM (VALUES
      ('o1', 'k1', 'shipped',   42.50, TIMESTAMP '2026-03-02 09:00:00'),
      ('o2', 'k2', 'pending',   10.00, TIMESTAMP '2026-03-02 11:00:00'),
      ('o3', 'k2', 'pending',   12.00, TIMESTAMP '2026-03-02 12:00:00'),
      ('o4', 'k3', 'cancelled',  5.00, TIMESTAMP '2026-03-03 08:00:00')
    ) AS t(order_id, customer_id, status, amount, updated_at)`);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("report queries on DuckDB", () => {
  it("ship one named query per report, reading the databases and tables named by the contracts", () => {
    expect(Object.keys(sql).sort()).toEqual([
      "cdc_change_volume",
      "cdc_current_state_orders",
      "daily_events_by_type",
      "ga4_sessions_per_day",
    ]);
    expect(sql.daily_events_by_type).toContain(`"${storage.refinedDatabaseName}"."client_events"`);
    expect(sql.cdc_current_state_orders).toContain(`"${storage.cdcDatabaseName}"."orders_current"`);
    for (const text of Object.values(sql)) expect(text).not.toMatch(/\{\{|\}\}/);
  });

  it("daily client events by type: events and distinct users per day and type", async () => {
    const rows = await query(sql.daily_events_by_type as string, ["2026-03-01", "2026-03-02"]);
    expect(rows).toEqual([
      { event_date: "2026-03-01", event_type: "page_view", events: 3, users: 2 },
      { event_date: "2026-03-01", event_type: "purchase", events: 1, users: 1 },
      { event_date: "2026-03-02", event_type: "page_view", events: 1, users: 1 },
      { event_date: "2026-03-02", event_type: "sign_up", events: 1, users: 1 },
    ]);
  });

  it("GA4 sessions and users per day, summed over the report rows of each day", async () => {
    const rows = await query(sql.ga4_sessions_per_day as string, ["2026-03-01", "2026-03-31"]);
    expect(rows).toEqual([
      { session_date: "2026-03-01", sessions: 150, users: 125 },
      { session_date: "2026-03-02", sessions: 90, users: 80 },
    ]);
  });

  it("current state of orders from the Iceberg table: entities per status", async () => {
    const rows = await query(sql.cdc_current_state_orders as string);
    expect(rows).toEqual([
      { status: "pending", entities: 2 },
      { status: "cancelled", entities: 1 },
      { status: "shipped", entities: 1 },
    ]);
  });

  it("CDC change volume per source and day, split by operation", async () => {
    const rows = await query(sql.cdc_change_volume as string, ["2026-03-01", "2026-03-02"]);
    expect(rows).toEqual([
      { change_date: "2026-03-01", source: "aurora", changes: 1, inserts: 1, updates: 0, deletes: 0 },
      { change_date: "2026-03-01", source: "dynamodb", changes: 3, inserts: 2, updates: 1, deletes: 0 },
      { change_date: "2026-03-02", source: "aurora", changes: 1, inserts: 0, updates: 0, deletes: 1 },
      { change_date: "2026-03-02", source: "dynamodb", changes: 1, inserts: 0, updates: 1, deletes: 0 },
    ]);
  });

  it("a one-day report reads only that day's partition", async () => {
    // Corrupt every partition but 2026-03-01 (the first, whose file the reader takes the
    // schema from): the query succeeds only if the partition filter keeps DuckDB, like Athena,
    // from opening the others.
    const table = join(dir, storage.refinedDatabaseName, "client_events");
    const others = readdirSync(table).filter((p) => p !== "event_date=2026-03-01");
    expect(others.sort()).toEqual(["event_date=2026-03-02", "event_date=2026-03-03"]);
    for (const partition of others) {
      for (const file of readdirSync(join(table, partition)))
        writeFileSync(join(table, partition, file), "not parquet");
    }
    const rows = await query(sql.daily_events_by_type as string, ["2026-03-01", "2026-03-01"]);
    expect(rows.map((r) => [r.event_type, r.events, r.users])).toEqual([
      ["page_view", 3, 2],
      ["purchase", 1, 1],
    ]);
    // The control: a two-day range must open the corrupted partition and fail.
    await expect(query(sql.daily_events_by_type as string, ["2026-03-01", "2026-03-02"])).rejects.toThrow(
      /parquet/i,
    );
  });
});

describe("the Athena/DuckDB dialect difference: how parameters reach the query", () => {
  /** What Athena does with ExecutionParameters: each `?` replaced by the literal text, in order. */
  function substituteAsAthena(text: string, literals: string[]): string {
    let i = 0;
    return text.replace(/\?/g, () => literals[i++] as string);
  }

  it("every dated report takes exactly two parameters, the current-state report none", () => {
    expect(executionParameterCount(sql.daily_events_by_type as string)).toBe(2);
    expect(executionParameterCount(sql.ga4_sessions_per_day as string)).toBe(2);
    expect(executionParameterCount(sql.cdc_change_volume as string)).toBe(2);
    expect(executionParameterCount(sql.cdc_current_state_orders as string)).toBe(0);
  });

  it("Athena gets quoted literals, and substituting them gives the figures DuckDB's bound parameters give", async () => {
    const literals = athenaExecutionParameters(["2026-03-01", "2026-03-01"]);
    expect(literals).toEqual(["'2026-03-01'", "'2026-03-01'"]);
    const bound = await query(sql.cdc_change_volume as string, ["2026-03-01", "2026-03-01"]);
    const substituted = await query(substituteAsAthena(sql.cdc_change_volume as string, literals));
    expect(substituted).toEqual(bound);
    expect(bound.map((r) => r.changes)).toEqual([1, 3]);
  });

  it("a bare date without quotes would not be a date literal in Athena", async () => {
    // 2026-03-01 unquoted is integer arithmetic (2022): the reason the parameters are quoted.
    await expect(
      query(substituteAsAthena(sql.cdc_change_volume as string, ["2026-03-01", "2026-03-01"])),
    ).rejects.toThrow();
  });
});
