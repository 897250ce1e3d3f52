import { describe, expect, it } from "vitest";
import { clientEvents, ga4Sessions, renderRefineSql } from "../src/specs";
import { Duck } from "./duckdb";

// The refine SQL over what its producers write (Firehose, AppFlow, generated from the plan) is
// tested in packages/pipeline (events-refine, ga4-refine, events-ga4.e2e). Here only values no
// producer writes: the SQL's guards against input AppFlow or a client could still send.

describe("refine SQL guards on DuckDB (values no producer in the repo writes)", () => {
  it("GA4: a malformed count becomes NULL, a row whose date is not a date or absent is dropped", async () => {
    const duck = await Duck.open();
    const record = (date: string | null, source: string, engagedSessions: string) => ({
      date,
      sessionSource: source,
      sessionMedium: "organic",
      country: "Germany",
      deviceCategory: "desktop",
      sessions: "12",
      totalUsers: "7",
      engagedSessions,
      screenPageViews: "30",
    });
    await duck.parquetView("source_batch", ga4Sessions.rawSchema, "google-analytics/f.parquet", [
      record("20260106", "google", "n/a"),
      record("2026010", "broken", "5"),
      record(null, "broken", "5"),
    ]);
    await duck.emptyRefined(ga4Sessions);
    expect(
      await duck.rows(
        `SELECT CAST(session_date AS VARCHAR) AS d, session_source, engaged_sessions FROM (${renderRefineSql(ga4Sessions)})`,
      ),
    ).toEqual([{ d: "2026-01-06", session_source: "google", engaged_sessions: null }]);
  });

  it("events: an event without event_time (Firehose cannot partition it either) is dropped", async () => {
    const duck = await Duck.open();
    const event = (id: string, at: string | null) => ({ event_id: id, event_time: at, properties: null });
    await duck.parquetView(
      "source_batch",
      clientEvents.rawSchema,
      "events/event_date=2026-01-05/event_type=page_view/f.parquet",
      [event("e1", "2026-01-05T10:00:00Z"), event("e2", null)],
    );
    await duck.emptyRefined(clientEvents);
    expect(await duck.rows(`SELECT event_id FROM (${renderRefineSql(clientEvents)})`)).toEqual([
      { event_id: "e1" },
    ]);
  });
});
