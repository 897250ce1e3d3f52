import { describe, expect, it } from "vitest";
import { clientEvents, ga4Sessions, refinedColumnNames, renderRefineSql } from "../src/specs";
import { Duck, duckColumns } from "./duckdb";

const event = (id: string, type: string, at: string | null, extra: Record<string, unknown> = {}) => ({
  event_id: id,
  event_type: type,
  user_id: "u-1",
  session_id: "s-1",
  occurred_at: at,
  page_url: "https://shop.example.com/",
  platform: "web",
  app_version: "1.4.0",
  properties: JSON.stringify({ step: 1 }),
  ...extra,
});

describe("client events refine SQL on DuckDB", () => {
  it("types, deduplicates by event_id, drops keyless rows and partitions by UTC event date", async () => {
    const duck = await Duck.open();
    // Firehose delivers events as Parquet: convert the sample JSON like its record conversion does.
    const json = duck.jsonLines("events.json", [
      event("e1", "page_view", "2026-01-05T23:59:59Z"),
      event("e1", "page_view", "2026-01-05T23:59:59Z"), // duplicate delivery
      event("e2", "add_to_cart", "2026-01-06T00:00:01Z"),
      event("e3", "checkout", "2026-01-06T08:30:00.250Z"),
      event("e3", "checkout", "2026-01-06T08:31:00Z", { app_version: "1.4.1" }), // retried later: latest wins
      event("e4", "page_view", null), // no event time: cannot be partitioned
      { ...event("x", "page_view", "2026-01-06T09:00:00Z"), event_id: null },
    ]);
    const parquet = `${duck.dir}/events.parquet`;
    await duck.run(
      `COPY (SELECT * FROM read_json('${json}', format = 'newline_delimited', columns = ${duckColumns(clientEvents.rawSchema)})) TO '${parquet}' (FORMAT parquet, COMPRESSION snappy)`,
    );
    await duck.run(`CREATE VIEW source_batch AS SELECT * FROM read_parquet('${parquet}')`);

    const rows = await duck.rows(
      `SELECT event_id, CAST(occurred_at AS VARCHAR) AS occurred_at, app_version, CAST(event_date AS VARCHAR) AS event_date, typeof(occurred_at) AS t FROM (${renderRefineSql(clientEvents)}) ORDER BY event_id`,
    );
    expect(rows).toEqual([
      {
        event_id: "e1",
        occurred_at: "2026-01-05 23:59:59",
        app_version: "1.4.0",
        event_date: "2026-01-05",
        t: "TIMESTAMP",
      },
      {
        event_id: "e2",
        occurred_at: "2026-01-06 00:00:01",
        app_version: "1.4.0",
        event_date: "2026-01-06",
        t: "TIMESTAMP",
      },
      {
        event_id: "e3",
        occurred_at: "2026-01-06 08:31:00",
        app_version: "1.4.1",
        event_date: "2026-01-06",
        t: "TIMESTAMP",
      },
    ]);
  });

  it("selects exactly the catalog's columns, partition column last", async () => {
    const duck = await Duck.open();
    await duck.jsonView("source_batch", clientEvents.rawSchema, [
      event("e1", "page_view", "2026-01-05T10:00:00Z"),
    ]);
    const cols = await duck.rows(`DESCRIBE ${renderRefineSql(clientEvents)}`);
    expect(cols.map((c) => c.column_name)).toEqual(refinedColumnNames(clientEvents));
  });
});

describe("GA4 sessions refine SQL over sample AppFlow JSON on DuckDB", () => {
  const record = (date: string, source: string, sessions: string, extra: Record<string, unknown> = {}) => ({
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

  it("parses GA4 dates and counts, collapses repeated rows of one dimension combination", async () => {
    const duck = await Duck.open();
    await duck.jsonView("source_batch", ga4Sessions.rawSchema, [
      record("20260105", "google", "10"),
      record("20260105", "google", "10"), // the flow pulled the same day twice
      record("20260105", "bing", "3"),
      record("20260106", "google", "12", { totalUsers: undefined }), // absent metric
      record("2026010", "broken", "1", { date: null }),
    ]);
    const rows = await duck.rows(
      `SELECT CAST(session_date AS VARCHAR) AS d, session_source, sessions, total_users, CAST(event_date AS VARCHAR) AS p, typeof(sessions) AS t FROM (${renderRefineSql(ga4Sessions)}) ORDER BY d, session_source`,
    );
    expect(rows).toEqual([
      {
        d: "2026-01-05",
        session_source: "bing",
        sessions: "3",
        total_users: "7",
        p: "2026-01-05",
        t: "BIGINT",
      },
      {
        d: "2026-01-05",
        session_source: "google",
        sessions: "10",
        total_users: "7",
        p: "2026-01-05",
        t: "BIGINT",
      },
      {
        d: "2026-01-06",
        session_source: "google",
        sessions: "12",
        total_users: null,
        p: "2026-01-06",
        t: "BIGINT",
      },
    ]);
  });
});
