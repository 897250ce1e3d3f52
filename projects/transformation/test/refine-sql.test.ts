import type { ClientEvent } from "@lakehouse/contracts";
import { describe, expect, it } from "vitest";
import { clientEvents, ga4Sessions, refinedColumnNames, renderRefineSql } from "../src/specs";
import { Duck } from "./duckdb";

/** A producer's event (the contract type), with the map properties as the runner hands them: JSON text. */
const event = (id: string, at: string | null, extra: Partial<ClientEvent> = {}) => {
  const e: ClientEvent = {
    event_id: id,
    event_type: "page_view",
    event_time: at as string,
    user_id: "u-1",
    session_id: "s-1",
    platform: "web",
    app_version: "1.4.0",
    page: "/cart",
    properties: { step: "1" },
    ...extra,
  };
  // Firehose keeps the partition key event_type out of the file: it lives in the path.
  const { event_type: _type, properties, ...columns } = e;
  return { ...columns, properties: properties === undefined ? null : JSON.stringify(properties) };
};

/** Firehose's dynamic-partitioning layout below the events prefix. */
const firehosePath = (day: string, type: string, file: string) =>
  `events/event_date=${day}/event_type=${type}/${file}.parquet`;

describe("client events refine SQL on DuckDB (sample raw JSON converted to Parquet like Firehose)", () => {
  it("types, deduplicates by event_id, takes event_type from the path and partitions by UTC event date", async () => {
    const duck = await Duck.open();
    const views = [
      await duck.parquetView("a", clientEvents.rawSchema, firehosePath("2026-01-05", "page_view", "f1"), [
        event("e1", "2026-01-05T23:59:59Z"),
        event("e1", "2026-01-05T23:59:59Z"), // duplicate delivery
      ]),
      await duck.parquetView("b", clientEvents.rawSchema, firehosePath("2026-01-06", "add_to_cart", "f2"), [
        event("e2", "2026-01-06T00:00:01Z", { value: 19.99, currency: "EUR" }),
      ]),
      await duck.parquetView("c", clientEvents.rawSchema, firehosePath("2026-01-06", "checkout", "f3"), [
        event("e3", "2026-01-06T08:30:00.250Z"),
        event("e3", "2026-01-06T08:31:00Z", { app_version: "1.4.1" }), // retried later: latest wins
        event("e4", null), // no event time: cannot be partitioned
        { ...event("x", "2026-01-06T09:00:00Z"), event_id: null },
      ]),
    ];
    await duck.parquetFilesView("source_batch", views);
    await duck.emptyRefined(clientEvents);

    const rows = await duck.rows(
      `SELECT event_id, event_type, CAST(event_time AS VARCHAR) AS event_time, app_version, value, properties, CAST(event_date AS VARCHAR) AS event_date FROM (${renderRefineSql(clientEvents)}) ORDER BY event_id`,
    );
    expect(rows).toEqual([
      {
        event_id: "e1",
        event_type: "page_view",
        event_time: "2026-01-05 23:59:59",
        app_version: "1.4.0",
        value: null,
        properties: '{"step":"1"}',
        event_date: "2026-01-05",
      },
      {
        event_id: "e2",
        event_type: "add_to_cart",
        event_time: "2026-01-06 00:00:01",
        app_version: "1.4.0",
        value: 19.99,
        properties: '{"step":"1"}',
        event_date: "2026-01-06",
      },
      {
        event_id: "e3",
        event_type: "checkout",
        event_time: "2026-01-06 08:31:00",
        app_version: "1.4.1",
        value: null,
        properties: '{"step":"1"}',
        event_date: "2026-01-06",
      },
    ]);
  });

  it("selects exactly the catalog's columns, partition column last", async () => {
    const duck = await Duck.open();
    await duck.parquetView(
      "source_batch",
      clientEvents.rawSchema,
      firehosePath("2026-01-05", "page_view", "f"),
      [event("e1", "2026-01-05T10:00:00Z")],
    );
    await duck.emptyRefined(clientEvents);
    const cols = await duck.rows(`DESCRIBE ${renderRefineSql(clientEvents)}`);
    expect(cols.map((c) => c.column_name)).toEqual(refinedColumnNames(clientEvents));
    expect(Object.fromEntries(cols.map((c) => [c.column_name, c.column_type]))).toMatchObject({
      event_time: "TIMESTAMP",
      value: "DOUBLE",
      event_date: "DATE",
    });
  });
});

describe("GA4 sessions refine SQL on DuckDB (sample AppFlow records as Parquet)", () => {
  const record = (
    date: string | null,
    source: string,
    sessions: string,
    extra: Record<string, unknown> = {},
  ) => ({
    date,
    sessionSource: source,
    sessionMedium: "organic",
    country: "Germany",
    deviceCategory: "desktop",
    sessions,
    totalUsers: "7",
    engagedSessions: "5",
    screenPageViews: "30",
    ...extra,
  });

  it("parses GA4 dates and counts, collapses repeated rows, turns malformed values into NULL", async () => {
    const duck = await Duck.open();
    await duck.parquetView(
      "source_batch",
      ga4Sessions.rawSchema,
      "google-analytics/2026/01/06/flow-run.parquet",
      [
        record("20260105", "google", "10"),
        record("20260105", "google", "10"), // the flow pulled the same day twice
        record("20260105", "bing", "3"),
        record("20260106", "google", "12", { totalUsers: undefined, engagedSessions: "n/a" }), // absent / malformed
        record("2026010", "broken", "1"), // not a date: dropped
        record(null, "broken", "1"),
      ],
    );
    await duck.emptyRefined(ga4Sessions);
    const rows = await duck.rows(
      `SELECT CAST(session_date AS VARCHAR) AS d, session_source, sessions, total_users, engaged_sessions, CAST(event_date AS VARCHAR) AS p, typeof(sessions) AS t FROM (${renderRefineSql(ga4Sessions)}) ORDER BY d, session_source`,
    );
    expect(rows).toEqual([
      {
        d: "2026-01-05",
        session_source: "bing",
        sessions: "3",
        total_users: "7",
        engaged_sessions: "5",
        p: "2026-01-05",
        t: "BIGINT",
      },
      {
        d: "2026-01-05",
        session_source: "google",
        sessions: "10",
        total_users: "7",
        engaged_sessions: "5",
        p: "2026-01-05",
        t: "BIGINT",
      },
      {
        d: "2026-01-06",
        session_source: "google",
        sessions: "12",
        total_users: null,
        engaged_sessions: null,
        p: "2026-01-06",
        t: "BIGINT",
      },
    ]);
  });
});

describe("refine runs are idempotent (each run's output replaces the partitions it touches)", () => {
  /** One refine run as the job does it: refine the batch against the table, overwrite the touched partitions. */
  async function refineRun(duck: Duck, spec: typeof ga4Sessions, path: string, records: unknown[]) {
    await duck.parquetView("source_batch", spec.rawSchema, path, records);
    const part = spec.partitionColumn;
    await duck.run(`CREATE OR REPLACE TABLE run_output AS ${renderRefineSql(spec)}`);
    await duck.run(`DELETE FROM refined_existing WHERE ${part} IN (SELECT ${part} FROM run_output)`);
    await duck.run("INSERT INTO refined_existing SELECT * FROM run_output");
  }

  it("a re-pulled GA4 day replaces the earlier pull instead of adding to it", async () => {
    const duck = await Duck.open();
    await duck.emptyRefined(ga4Sessions);
    const row = (date: string, sessions: string) => ({
      date,
      sessionSource: "google",
      sessionMedium: "organic",
      country: "Germany",
      deviceCategory: "desktop",
      sessions,
      totalUsers: "7",
      engagedSessions: "5",
      screenPageViews: "30",
    });
    await refineRun(duck, ga4Sessions, "google-analytics/run1.parquet", [
      row("20260105", "10"),
      row("20260106", "4"),
    ]);
    await refineRun(duck, ga4Sessions, "google-analytics/run2.parquet", [row("20260106", "12")]); // day re-pulled
    expect(
      await duck.rows(
        `SELECT CAST(session_date AS VARCHAR) AS d, sum(sessions) AS s FROM refined_existing GROUP BY d ORDER BY d`,
      ),
    ).toEqual([
      { d: "2026-01-05", s: "10" },
      { d: "2026-01-06", s: "12" },
    ]);
  });

  it("an event delivered again in a later run is kept once", async () => {
    const duck = await Duck.open();
    await duck.emptyRefined(clientEvents);
    const path = (run: string) => firehosePath("2026-01-05", "page_view", run);
    await refineRun(duck, clientEvents as typeof ga4Sessions, path("r1"), [
      event("e1", "2026-01-05T10:00:00Z"),
    ]);
    await refineRun(duck, clientEvents as typeof ga4Sessions, path("r2"), [
      event("e1", "2026-01-05T10:00:00Z"), // Firehose redelivery
      event("e2", "2026-01-05T11:00:00Z"),
    ]);
    expect(await duck.rows("SELECT event_id FROM refined_existing ORDER BY event_id")).toEqual([
      { event_id: "e1" },
      { event_id: "e2" },
    ]);
  });
});

describe("GA4 date as AppFlow may deliver it", () => {
  it("parses YYYYMMDD text, YYYY-MM-DD text and a Parquet DATE (as the runner's cast to string gives it)", async () => {
    const duck = await Duck.open();
    await duck.emptyRefined(ga4Sessions);
    const base = {
      sessionSource: "google",
      sessionMedium: "organic",
      country: "DE",
      deviceCategory: "desktop",
    };
    await duck.parquetView("source_batch", ga4Sessions.rawSchema, "google-analytics/f.parquet", [
      { ...base, date: "20260105", sessions: "1" },
      { ...base, date: "2026-01-06", sessions: "2" },
    ]);
    // A file whose `date` is a Parquet DATE, read through the runner's cast to the declared string
    // type (Spark renders a DATE as yyyy-MM-dd, as DuckDB does).
    const typed = `${duck.dir}/google-analytics/typed.parquet`;
    await duck.run(
      `COPY (SELECT DATE '2026-01-07' AS date, 'google' AS sessionSource, 'organic' AS sessionMedium, 'DE' AS country, 'desktop' AS deviceCategory, 3 AS sessions) TO '${typed}' (FORMAT parquet)`,
    );
    await duck.run(
      `CREATE OR REPLACE VIEW source_batch AS SELECT CAST(date AS VARCHAR) AS date, sessionSource, sessionMedium, country, deviceCategory, CAST(sessions AS VARCHAR) AS sessions, NULL AS totalUsers, NULL AS engagedSessions, NULL AS screenPageViews, filename AS _source_file FROM read_parquet(['${duck.dir}/google-analytics/f.parquet', '${typed}'], filename = true, union_by_name = true)`,
    );
    const rows = await duck.rows(
      `SELECT CAST(session_date AS VARCHAR) AS d, sessions FROM (${renderRefineSql(ga4Sessions)}) ORDER BY d`,
    );
    expect(rows).toEqual([
      { d: "2026-01-05", sessions: "1" },
      { d: "2026-01-06", sessions: "2" },
      { d: "2026-01-07", sessions: "3" },
    ]);
  });
});
