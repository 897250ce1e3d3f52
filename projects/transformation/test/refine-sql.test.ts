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
