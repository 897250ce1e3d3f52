import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runGa4Flow, sampleGa4 } from "../src/appflow-ga4";
import { deliverEvents, sampleEvents } from "../src/firehose-events";
import { LocalGlue } from "../src/glue-runner";
import { LocalLake } from "../src/local-lake";
import { StackPlan } from "../src/plan";
import { runReport } from "../src/reports";

const dir = mkdtempSync(join(tmpdir(), "pipeline-events-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const DAYS = ["2026-03-01", "2026-03-02"];

// Plans first (minutes on a busy machine), so no test's timeout includes them.
beforeAll(() => Promise.all((["dev", "prod"] as const).map((v) => StackPlan.load(v))));

describe.each(["dev", "prod"] as const)(
  "client events -> Firehose (Parquet, partitioned) -> refine -> report (%s stack)",
  (stack) => {
    it("counts each event once per day and type, redeliveries and re-runs included, unreadable records kept out", async () => {
      const plan = await StackPlan.load(stack);
      const lake = await LocalLake.open(join(dir, `events-${stack}`));
      const glue = new LocalGlue(lake, plan);
      const events = sampleEvents(DAYS);
      const texts = events.map((e) => JSON.stringify(e));
      const keys = await deliverEvents(lake, plan, [...texts, "not json"], new Date("2026-03-02T21:00:00Z"));
      expect(
        keys.some((k) =>
          /^events\/event_date=2026-03-01\/event_type=purchase\/lakehouse-\w+-events-1-/.test(k),
        ),
      ).toBe(true);
      expect(keys.filter((k) => k.startsWith("events/errors/"))).toHaveLength(1);
      await glue.refine("refine-events", "refined-events");
      // Firehose redelivers a buffer (at-least-once), refined in a later run.
      await deliverEvents(lake, plan, texts.slice(0, 10), new Date("2026-03-02T22:00:00Z"));
      await glue.refine("refine-events", "refined-events");

      const refinedDb = plan.outputs("lake-storage").refinedDatabaseName;
      expect(await lake.count(`SELECT * FROM "${refinedDb}"."client_events"`)).toBe(events.length);
      const rows = await runReport(lake, plan, "daily_events_by_type", ["2026-03-01", "2026-03-02"]);
      const expected = DAYS.flatMap((day) => {
        const ofDay = events.filter((e) => e.event_time.startsWith(day));
        return [...new Set(ofDay.map((e) => e.event_type))].map((type) => ({
          event_date: day,
          event_type: type,
          events: String(ofDay.filter((e) => e.event_type === type).length),
          users: String(new Set(ofDay.filter((e) => e.event_type === type).map((e) => e.user_id)).size),
        }));
      });
      const order = (r: Record<string, unknown>) => `${r.event_date}|${r.event_type}`;
      expect([...rows].sort((a, b) => order(a).localeCompare(order(b)))).toEqual(
        expected.sort((a, b) => order(a).localeCompare(order(b))),
      );
    });
  },
);

describe.each(["dev", "prod"] as const)(
  "GA4 -> AppFlow (Parquet) -> refine -> report (%s stack)",
  (stack) => {
    it.each(["date", "yyyymmdd"] as const)(
      "with `date` delivered as %s: every row refined, a re-pulled day replaces the first pull",
      async (form) => {
        const plan = await StackPlan.load(stack);
        const lake = await LocalLake.open(join(dir, `ga4-${stack}-${form}`));
        const glue = new LocalGlue(lake, plan);
        await runGa4Flow(lake, plan, "exec-1", sampleGa4(DAYS), form);
        await glue.refine("refine-ga4-sessions", "refined-ga4-sessions");
        // The next incremental run pulls the last day again, with GA4's settled figures.
        const settled = sampleGa4(DAYS, 1.5).filter((r) => r.date === "2026-03-02");
        await runGa4Flow(lake, plan, "exec-2", settled, form);
        await glue.refine("refine-ga4-sessions", "refined-ga4-sessions");

        const expected = [
          ...sampleGa4(["2026-03-01"], 1).map((r) => ({ ...r, date: "2026-03-01" })),
          ...settled,
        ];
        const sum = (date: string, metric: string) =>
          String(expected.filter((r) => r.date === date).reduce((n, r) => n + (r.metrics[metric] ?? 0), 0));
        const max = (date: string, metric: string) =>
          String(Math.max(...expected.filter((r) => r.date === date).map((r) => r.metrics[metric] ?? 0)));
        expect(await runReport(lake, plan, "ga4_sessions_per_day", ["2026-03-01", "2026-03-31"])).toEqual(
          DAYS.map((d) => ({
            session_date: d,
            sessions: sum(d, "sessions"),
            // distinct users are not additive over segments: bounded by the largest and the sum
            users_at_least: max(d, "totalUsers"),
            users_at_most: sum(d, "totalUsers"),
            engaged_sessions: sum(d, "engagedSessions"),
          })),
        );
      },
    );
  },
);
