import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Ga4Row, runGa4Flow } from "../src/appflow-ga4";
import { LocalGlue } from "../src/glue-runner";
import { LocalLake } from "../src/local-lake";
import { type Stack, StackPlan } from "../src/plan";

/**
 * The GA4 refine job (transformation's shipped SQL, run as the plan configures it) over the files
 * the plan's AppFlow flow writes, with `date` in either form AppFlow may deliver it.
 */
const dir = mkdtempSync(join(tmpdir(), "pipeline-ga4-refine-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => Promise.all((["dev", "prod"] as const).map((v) => StackPlan.load(v))));

const row = (date: string, sessionSource: string, metrics: Record<string, number>): Ga4Row => ({
  date,
  dimensions: { sessionSource, sessionMedium: "organic", country: "Germany", deviceCategory: "desktop" },
  metrics,
});
const full = (sessions: number) => ({ sessions, totalUsers: 7, engagedSessions: 5, screenPageViews: 30 });

describe.each(["dev", "prod"] as const)("GA4 refine over AppFlow's files (%s plan)", (stack: Stack) => {
  it.each(["date", "yyyymmdd"] as const)(
    "with `date` as %s: parses dates and counts, collapses a row pulled twice, leaves absent metrics NULL",
    async (form) => {
      const plan = await StackPlan.load(stack);
      const lake = await LocalLake.open(join(dir, `${stack}-${form}`));
      const glue = new LocalGlue(lake, plan);
      await runGa4Flow(
        lake,
        plan,
        "exec-1",
        [
          row("2026-01-05", "google", full(10)),
          row("2026-01-05", "google", full(10)), // the flow pulled the same day twice
          row("2026-01-05", "bing", full(3)),
          row("2026-01-06", "google", { sessions: 12, screenPageViews: 40 }), // metrics absent
        ],
        form,
      );
      await glue.refine("refine-ga4-sessions", "refined-ga4-sessions");
      const db = plan.outputs("lake-storage").refinedDatabaseName;
      const refined = (
        d: string,
        source: string,
        sessions: string,
        users: string | null,
        engaged: string | null,
      ) => ({
        d,
        session_source: source,
        sessions,
        total_users: users,
        engaged_sessions: engaged,
        p: d,
        t: "BIGINT",
      });
      expect(
        await lake.rows(
          `SELECT CAST(session_date AS VARCHAR) AS d, session_source, sessions, total_users, engaged_sessions, CAST(event_date AS VARCHAR) AS p, typeof(sessions) AS t FROM "${db}"."ga4_sessions" ORDER BY d, session_source`,
        ),
      ).toEqual([
        refined("2026-01-05", "bing", "3", "7", "5"),
        refined("2026-01-05", "google", "10", "7", "5"),
        refined("2026-01-06", "google", "12", null, null),
      ]);
    },
  );
});
