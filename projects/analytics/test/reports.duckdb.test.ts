/**
 * Runs the report SQL exactly as the program ships it (the rendered `query` of each Athena
 * named query) on DuckDB, against sample rows in exactly the shape the transformation layer
 * writes (its table specs, projects/transformation/src/specs), and checks the figures. The same
 * reports over data the real producers wrote, source by source, are packages/pipeline's tests. Dated tables are
 * Hive-partitioned Parquet, as in S3; Iceberg tables are plain DuckDB tables of the same shape.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type DuckDBConnection, DuckDBInstance } from "@duckdb/node-api";
import { athenaExecutionParameters, executionParameterCount } from "@lakehouse/components";
import { layerFixture } from "@lakehouse/testing";
import {
  CDC_DELETED_COLUMN,
  type CdcTableSpec,
  cdcColumnNames,
  clientEvents,
  customersCdc,
  ga4Sessions,
  ordersCdc,
  type RefinedTableSpec,
  refinedColumnNames,
} from "@lakehouse/transformation/src/specs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runAnalytics } from "./support";

const storage = layerFixture("lake-storage", "dev");

let sql: Record<string, string> = {};
/** The SQL of each QuickSight dataset (the report as a rolling window). */
let dataSetSql: Record<string, string> = {};
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

/**
 * Sample rows in the shape the transformation layer writes: the producer's columns (its table
 * specs: refined columns with the partition column last, or the Iceberg table's columns) in its
 * order and types, absent ones NULL. A sample column the producer does not write is an error, so
 * a column renamed or dropped upstream fails these report tests.
 */
async function producerShaped(spec: RefinedTableSpec | CdcTableSpec, sample: string): Promise<string> {
  const types = new Map<string, string>(spec.columns.map((c) => [c.name, c.type.toUpperCase()]));
  let columns: string[];
  if (spec.kind === "refined") {
    types.set(spec.partitionColumn, "DATE");
    columns = refinedColumnNames(spec);
  } else {
    for (const q of spec.sequence) types.set(q.name, q.type.toUpperCase());
    types.set(CDC_DELETED_COLUMN, "BOOLEAN");
    columns = cdcColumnNames(spec);
  }
  const described = await db.runAndReadAll(`DESCRIBE ${sample}`);
  const present = (described.getRowObjectsJson() as { column_name: string }[]).map((c) => c.column_name);
  const foreign = present.filter((c) => !columns.includes(c));
  if (foreign.length > 0) throw new Error(`${spec.table} has no column ${foreign.join(", ")}`);
  const select = columns.map((c) =>
    present.includes(c)
      ? `CAST(sample.${c} AS ${types.get(c)}) AS ${c}`
      : `CAST(NULL AS ${types.get(c)}) AS ${c}`,
  );
  return `SELECT ${select.join(", ")} FROM (${sample}) AS sample`;
}

beforeAll(async () => {
  const run = await runAnalytics("dev");
  sql = Object.fromEntries(
    run.recorder
      .ofType("aws:athena/namedQuery:NamedQuery")
      .map((q) => [String(q.inputs.name), String(q.inputs.query)]),
  );

  dataSetSql = Object.fromEntries(
    run.recorder.ofType("aws:quicksight/dataSet:DataSet").map((d) => {
      const [table] = d.inputs.physicalTableMaps as { customSql: { sqlQuery: string } }[];
      return [d.name, table?.customSql.sqlQuery ?? ""];
    }),
  );
  dir = mkdtempSync(join(tmpdir(), "analytics-reports-"));
  const instance = await DuckDBInstance.create(":memory:");
  db = await instance.connect();
  await db.run("SET TimeZone = 'UTC'");
  const refined = storage.refinedDatabaseName;
  const cdc = storage.cdcDatabaseName;

  // Client events as the refine job writes them: one row per event, partitioned by event_date.
  await partitionedTable(
    refined,
    "client_events",
    "event_date",
    await producerShaped(
      clientEvents,
      `SELECT * FROM (VALUES
      ('e1', 'page_view', 'u1', 's1', TIMESTAMP '2026-03-01 08:00:00', '/',  'web', '1.0', '{}', DATE '2026-03-01'),
      ('e2', 'page_view', 'u1', 's1', TIMESTAMP '2026-03-01 08:05:00', '/a', 'web', '1.0', '{}', DATE '2026-03-01'),
      ('e3', 'page_view', 'u2', 's2', TIMESTAMP '2026-03-01 09:00:00', '/',  'ios', '2.1', '{}', DATE '2026-03-01'),
      ('e4', 'purchase',  'u2', 's2', TIMESTAMP '2026-03-01 09:10:00', '/c', 'ios', '2.1', '{"sku":"x"}', DATE '2026-03-01'),
      ('e5', 'page_view', 'u3', 's3', TIMESTAMP '2026-03-02 10:00:00', '/',  'web', '1.0', '{}', DATE '2026-03-02'),
      ('e6', 'sign_up',   'u3', 's3', TIMESTAMP '2026-03-02 10:01:00', '/s', 'web', '1.0', '{}', DATE '2026-03-02'),
      ('e7', 'purchase',  'u1', 's4', TIMESTAMP '2026-03-03 11:00:00', '/c', 'web', '1.0', '{"sku":"y"}', DATE '2026-03-03')
    ) AS t(event_id, event_type, user_id, session_id, event_time, page, platform, app_version, properties, event_date)`,
    ),
  );
  // GA4 report rows: one per day, source/medium, country and device; partitioned by event_date.
  await partitionedTable(
    refined,
    "ga4_sessions_daily",
    "event_date",
    await producerShaped(
      ga4Sessions,
      `SELECT * FROM (VALUES
      (DATE '2026-03-01', 'google', 'organic', 'DE', 'desktop', 120, 100, 80, 400, DATE '2026-03-01'),
      (DATE '2026-03-01', '(direct)', '(none)', 'FR', 'mobile', 30, 25, 20, 90, DATE '2026-03-01'),
      (DATE '2026-03-02', 'google', 'organic', 'DE', 'desktop', 90, 80, 60, 300, DATE '2026-03-02')
    ) AS t(session_date, session_source, session_medium, country, device_category, sessions, total_users,
           engaged_sessions, screen_page_views, event_date)`,
    ),
  );
  // Iceberg entity tables kept current by the CDC merge job: one row per live entity.
  await db.run(`CREATE SCHEMA "${cdc}"`);
  await db.run(
    `CREATE TABLE "${cdc}"."orders_current" AS ${await producerShaped(
      ordersCdc,
      `SELECT * FROM (VALUES
      ('o1', 'k1', 'shipped',   42.50, 'EUR', TIMESTAMP '2026-03-01 08:00:00', TIMESTAMP '2026-03-02 09:00:00', '01', false),
      ('o2', 'k2', 'pending',   10.00, 'EUR', TIMESTAMP '2026-03-01 09:30:00', TIMESTAMP '2026-03-02 11:00:00', '02', false),
      ('o3', 'k2', 'pending',   12.00, 'EUR', TIMESTAMP '2026-03-02 12:00:00', TIMESTAMP '2026-03-02 12:00:00', '03', false),
      ('o4', 'k3', 'cancelled',  5.00, 'USD', TIMESTAMP '2026-03-03 08:00:00', TIMESTAMP '2026-03-03 08:00:00', '04', false),
      ('o5', NULL, NULL,         NULL,  NULL,  NULL,                          NULL,                          '05', true),
      -- a line item of o1 (same table, sort key LINE#1): no status, so no group of its own
      ('o1', NULL, NULL,         10.00, 'EUR', TIMESTAMP '2026-03-01 08:00:00', TIMESTAMP '2026-03-01 08:00:00', '06', false)
    ) AS t(order_id, customer_id, status, total_amount, currency, created_at, updated_at, _cdc_sequence, _cdc_deleted)`,
    )}`,
  );
  await db.run(
    `CREATE TABLE "${cdc}"."customers_current" AS ${await producerShaped(
      customersCdc,
      `SELECT * FROM (VALUES
      (1, 'DE', TIMESTAMP '2026-03-01 08:00:00', false),
      (2, 'DE', TIMESTAMP '2026-03-01 09:00:00', false),
      (3, 'FR', TIMESTAMP '2026-03-02 09:00:00', false)
    ) AS t(customer_id, country, updated_at, _cdc_deleted)`,
    )}`,
  );
  // The change log's audit table (transformation's changeCountsTable), as the merge job appends
  // to it: one row per entity and commit that had changes, counted by operation.
  await db.run(
    `CREATE TABLE "${cdc}"."cdc_changes_log" AS SELECT * FROM (VALUES
      ('orders',    TIMESTAMPTZ '2026-03-01 08:00:00+00', 2::BIGINT, 0::BIGINT, 0::BIGINT),
      ('orders',    TIMESTAMPTZ '2026-03-01 23:59:59+00', 1::BIGINT, 2::BIGINT, 1::BIGINT),
      ('customers', TIMESTAMPTZ '2026-03-01 10:00:00+00', 3::BIGINT, 0::BIGINT, 0::BIGINT),
      ('orders',    TIMESTAMPTZ '2026-03-02 00:00:00+00', 0::BIGINT, 1::BIGINT, 2::BIGINT),
      ('customers', TIMESTAMPTZ '2026-03-02 10:00:00+00', 0::BIGINT, 1::BIGINT, 1::BIGINT),
      -- an entity the stack does not report (not in cdcEntities) is left out
      ('invoices',  TIMESTAMPTZ '2026-03-02 11:00:00+00', 9::BIGINT, 9::BIGINT, 9::BIGINT),
      ('orders',    TIMESTAMPTZ '2026-03-03 07:00:00+00', 1::BIGINT, 0::BIGINT, 0::BIGINT)
    ) AS t(entity, committed_at, inserted, updated, deleted)`,
  );
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe("report queries on DuckDB", () => {
  it("ship one named query per report, reading the databases and tables named by the contracts", () => {
    expect(Object.keys(sql).sort()).toEqual([
      "cdc_change_volume",
      "cdc_current_state_customers",
      "cdc_current_state_orders",
      "daily_events_by_type",
      "ga4_sessions_per_day",
    ]);
    expect(sql.daily_events_by_type).toContain(`"${storage.refinedDatabaseName}"."client_events"`);
    expect(sql.ga4_sessions_per_day).toContain(`"${storage.refinedDatabaseName}"."ga4_sessions_daily"`);
    expect(sql.cdc_current_state_orders).toContain(`"${storage.cdcDatabaseName}"."orders_current"`);
    // The change log's audit table, never an entity's $snapshots (Lake Formation serves those only
    // to principals holding every column, and customers has confidential columns).
    expect(sql.cdc_change_volume).toContain(`"${storage.cdcDatabaseName}"."cdc_changes_log"`);
    expect(sql.cdc_change_volume).toContain("entity IN ('orders', 'customers')");
    expect(sql.cdc_change_volume).not.toMatch(/\$snapshots"/);
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

  it("GA4 sessions per day summed over the segment rows; distinct users bounded by the largest segment and the sum", async () => {
    const rows = await query(sql.ga4_sessions_per_day as string, ["2026-03-01", "2026-03-31"]);
    // 2026-03-01: segments of 100 and 25 users -> at least 100 distinct users, at most 125.
    expect(rows).toEqual([
      {
        session_date: "2026-03-01",
        sessions: 150,
        users_at_least: 100,
        users_at_most: 125,
        engaged_sessions: 100,
      },
      {
        session_date: "2026-03-02",
        sessions: 90,
        users_at_least: 80,
        users_at_most: 80,
        engaged_sessions: 60,
      },
    ]);
  });

  it("current state of each CDC entity from its Iceberg table: live entities per value, rows without the column left out", async () => {
    expect(await query(sql.cdc_current_state_orders as string)).toEqual([
      { status: "pending", entities: 2 },
      { status: "cancelled", entities: 1 },
      { status: "shipped", entities: 1 },
    ]);
    expect(await query(sql.cdc_current_state_customers as string)).toEqual([
      { country: "DE", entities: 2 },
      { country: "FR", entities: 1 },
    ]);
  });

  it("CDC change volume per source and day: commits, inserts, updates and deletes from the change log", async () => {
    const rows = await query(sql.cdc_change_volume as string, ["2026-03-01", "2026-03-02"]);
    expect(rows).toEqual([
      {
        change_date: "2026-03-01",
        source: "customers",
        commits: 1,
        inserted_records: 3,
        updated_records: 0,
        deleted_records: 0,
      },
      // 2 + 1 inserts, 0 + 2 updates, 0 + 1 delete over the day's two commits
      {
        change_date: "2026-03-01",
        source: "orders",
        commits: 2,
        inserted_records: 3,
        updated_records: 2,
        deleted_records: 1,
      },
      {
        change_date: "2026-03-02",
        source: "customers",
        commits: 1,
        inserted_records: 0,
        updated_records: 1,
        deleted_records: 1,
      },
      {
        change_date: "2026-03-02",
        source: "orders",
        commits: 1,
        inserted_records: 0,
        updated_records: 1,
        deleted_records: 2,
      },
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

describe("QuickSight dataset SQL", () => {
  it("reads the last quicksightWindowDays days (30 in dev) up to today through the partition filter", async () => {
    const path = join(dir, storage.refinedDatabaseName, "ga4_sessions_daily");
    // Two more GA4 days relative to today: 3 days ago (inside the window), 45 days ago (outside).
    await db.run(`COPY (SELECT * FROM (VALUES
        (current_date - 3, 'google', 'organic', 'DE', 'desktop', 7, 5, 4, 20, current_date - 3),
        (current_date - 45, 'google', 'organic', 'DE', 'desktop', 9, 8, 7, 30, current_date - 45)
      ) AS t(session_date, session_source, session_medium, country, device_category, sessions, total_users,
             engaged_sessions, screen_page_views, event_date))
      TO '${path}' (FORMAT parquet, PARTITION_BY (event_date), OVERWRITE_OR_IGNORE)`);
    const rows = await query(dataSetSql.ga4_sessions_per_day as string);
    expect(rows.map((r) => [r.sessions, r.users_at_least, r.users_at_most])).toEqual([[7, 5, 5]]);
  });
});

describe("Athena/DuckDB dialect differences", () => {
  /** What Athena does with ExecutionParameters: each `?` replaced by the literal text, in order. */
  function substituteAsAthena(text: string, literals: string[]): string {
    let i = 0;
    return text.replace(/\?/g, () => literals[i++] as string);
  }

  it("every dated report takes exactly two parameters, the current-state reports none", () => {
    expect(executionParameterCount(sql.daily_events_by_type as string)).toBe(2);
    expect(executionParameterCount(sql.ga4_sessions_per_day as string)).toBe(2);
    expect(executionParameterCount(sql.cdc_change_volume as string)).toBe(2);
    expect(executionParameterCount(sql.cdc_current_state_orders as string)).toBe(0);
    expect(executionParameterCount(sql.cdc_current_state_customers as string)).toBe(0);
  });

  it("Athena gets quoted literals, and substituting them gives the figures DuckDB's bound parameters give", async () => {
    const literals = athenaExecutionParameters(["2026-03-02", "2026-03-02"]);
    expect(literals).toEqual(["'2026-03-02'", "'2026-03-02'"]);
    const bound = await query(sql.ga4_sessions_per_day as string, ["2026-03-02", "2026-03-02"]);
    const substituted = await query(substituteAsAthena(sql.ga4_sessions_per_day as string, literals));
    expect(substituted).toEqual(bound);
    expect(bound).toEqual([
      {
        session_date: "2026-03-02",
        sessions: 90,
        users_at_least: 80,
        users_at_most: 80,
        engaged_sessions: 60,
      },
    ]);
  });

  it("a bare date without quotes would not be a date literal in Athena", async () => {
    // 2026-03-01 unquoted is integer arithmetic (2022): the reason the parameters are quoted.
    await expect(
      query(substituteAsAthena(sql.ga4_sessions_per_day as string, ["2026-03-01", "2026-03-01"])),
    ).rejects.toThrow();
  });
});
