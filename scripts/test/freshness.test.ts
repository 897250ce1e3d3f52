import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { LAYERS } from "@lakehouse/contracts";
import { beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../src/args";
import { planCommand } from "../src/commands/plan";
import { cronMaxGapMinutes, rateMinutes, scheduledWaitMinutes } from "../src/freshness/schedule";
import { ASSUMED_MINUTES, computeFreshness, type FreshnessReport } from "../src/freshness/staleness";
import type { PlanFile } from "../src/plan/plan-file";
import { writePlan } from "../src/plan/write-plan";
import { REPO_ROOT } from "../src/repo-root";
import { importProgram } from "./support/import-program";
import { stackPlan } from "./support/stack-plans";

describe("schedule gaps", () => {
  it("reads Glue crons as the longest wait between two starts", () => {
    expect(cronMaxGapMinutes("cron(0/5 * * * ? *)")).toBe(5);
    expect(cronMaxGapMinutes("cron(15/30 * * * ? *)")).toBe(30);
    expect(cronMaxGapMinutes("cron(15 * * * ? *)")).toBe(60);
    expect(cronMaxGapMinutes("cron(45 2 * * ? *)")).toBe(24 * 60);
    // uneven: 06:00 and 18:30 leave 12.5 h overnight
    expect(cronMaxGapMinutes("cron(0,30 6,18 * * ? *)")).toBe(11 * 60 + 30);
    expect(cronMaxGapMinutes("cron(0 8-17/3 * * ? *)")).toBe(24 * 60 - 9 * 60);
  });

  it("fails loudly on what it cannot model", () => {
    expect(() => cronMaxGapMinutes("cron(0 8 ? * MON-FRI *)")).toThrow(
      /day-of-week and year must be \* or \?/,
    );
    expect(() => cronMaxGapMinutes("cron(0 8 * *)")).toThrow(/not a six-field/);
    expect(() => cronMaxGapMinutes("cron(0/0 * * * ? *)")).toThrow(/cannot read the cron field/);
    expect(() => rateMinutes("every day")).toThrow(/not a rate/);
  });

  it("reads AppFlow rates with or without the space", () => {
    expect(rateMinutes("rate(1days)")).toBe(24 * 60);
    expect(rateMinutes("rate(2 hours)")).toBe(120);
    expect(rateMinutes("rate(1 minute)")).toBe(1);
  });

  it("waits for the first start that is not refused by a run still going", () => {
    expect(scheduledWaitMinutes(15, 10)).toBe(15);
    // a run of 15 may end exactly at the next tick: that start is refused, the one after runs
    expect(scheduledWaitMinutes(15, 15)).toBe(30);
    expect(scheduledWaitMinutes(15, 60)).toBe(75);
  });
});

/** Real plans of both stacks: seconds each, slower on a busy machine. */
const SLOW = { timeout: 240_000 };

describe("worst-case staleness from the planned resources", SLOW, () => {
  const plans: Record<string, PlanFile[]> = {};
  const reports: Record<string, FreshnessReport> = {};
  beforeAll(async () => {
    for (const stack of ["dev", "prod"]) {
      plans[stack] = await stackPlan(stack);
      reports[stack] = computeFreshness(stack, plans[stack] as PlanFile[]);
    }
  }, SLOW.timeout);

  const resource = (stack: string, type: string, name: string) => {
    const r = plans[stack]?.flatMap((p) => p.resources).find((x) => x.type === type && x.name === name);
    if (!r) throw new Error(`no ${type} ${name} in the ${stack} plan`);
    return r.inputs;
  };

  it("meets every target of both stacks, for each table and each dashboard data set", () => {
    for (const stack of ["dev", "prod"]) {
      const report = reports[stack] as FreshnessReport;
      expect(report.failures).toEqual([]);
      expect(report.tables.map((t) => t.key).sort()).toEqual([
        "customers",
        "events",
        "ga4_sessions",
        "orders",
      ]);
      expect(report.tables.every((t) => t.target !== undefined)).toBe(true);
      expect(report.dataSets).toHaveLength(5);
    }
  });

  it("follows orders from the stream's Lambda through the CDC Firehose to the merge job, with the planned values", () => {
    const orders = reports.prod?.tables.find((t) => t.key === "orders");
    const firehose = resource("prod", "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "cdc");
    const job = resource("prod", "aws:glue/job:Job", "cdc-merge");
    const trigger = resource("prod", "aws:glue/trigger:Trigger", "cdc-merge");
    const mapping = resource(
      "prod",
      "aws:lambda/eventSourceMapping:EventSourceMapping",
      "cdc-handler-stream",
    );
    const fn = resource("prod", "aws:lambda/function:Function", "cdc-handler");
    expect(trigger.schedule).toBe("cron(0/5 * * * ? *)");
    const buffering = Number(
      (firehose.extendedS3Configuration as { bufferingInterval: number }).bufferingInterval,
    );
    expect(orders?.hops.map((h) => h.minutes)).toEqual([
      Number(mapping.maximumBatchingWindowInSeconds) / 60,
      Number(fn.timeout) / 60,
      buffering / 60,
      scheduledWaitMinutes(5, Number(job.timeout)),
      Number(job.timeout),
    ]);
    expect(orders?.minutes).toBeCloseTo(orders?.hops.reduce((n, h) => n + h.minutes, 0) ?? -1, 9);
  });

  it("follows customers from DMS's S3 endpoint and events through the refine workflow's schedule (no crawl first)", () => {
    const customers = reports.prod?.tables.find((t) => t.key === "customers");
    const endpoint = resource("prod", "aws:dms/s3Endpoint:S3Endpoint", "aurora-cdc-target");
    expect(customers?.hops.slice(0, 2).map((h) => h.minutes)).toEqual([
      ASSUMED_MINUTES.dmsCapture,
      Number(endpoint.cdcMaxBatchInterval) / 60,
    ]);
    const events = reports.prod?.tables.find((t) => t.key === "events");
    const job = resource("prod", "aws:glue/job:Job", "refine-events");
    // the workflow starts the refine jobs directly (they read raw by path): a start, then the job
    expect(events?.hops.map((h) => h.hop)).toEqual([
      "Firehose lakehouse-prod-events buffering",
      "trigger lakehouse-prod-refine-start start",
      "job lakehouse-prod-refine-events timeout",
    ]);
    expect(events?.hops[1]?.minutes).toBe(scheduledWaitMinutes(30, Number(job.timeout)));
  });

  it("adds a SPICE data set's refresh interval and ingestion on top of its slowest table; direct query adds nothing", () => {
    const ga4 = reports.prod?.tables.find((t) => t.key === "ga4_sessions");
    const sessions = reports.prod?.dataSets.find((d) => d.dataSet === "ga4_sessions_per_day");
    const schedule = resource(
      "prod",
      "aws:quicksight/refreshSchedule:RefreshSchedule",
      "ga4_sessions_per_day-refresh",
    ).schedule as { refreshType: string; scheduleFrequency: { interval: string } };
    expect(schedule).toMatchObject({
      refreshType: "FULL_REFRESH",
      scheduleFrequency: { interval: "HOURLY" },
    });
    expect(sessions?.minutes).toBe((ga4?.minutes ?? 0) + 60 + ASSUMED_MINUTES.spiceIngestion);
    const state = reports.prod?.dataSets.find((d) => d.dataSet === "cdc_current_state_orders");
    expect(state).toMatchObject({ importMode: "DIRECT_QUERY", tables: ["orders"], ownHops: [] });
    // the change-volume report reads orders$snapshots: it lags as orders does
    expect(reports.prod?.dataSets.find((d) => d.dataSet === "cdc_change_volume")?.tables).toEqual(["orders"]);
  });

  it("fails a SPICE data set refreshed daily over a 20-minute table, and a lookback shorter than its table's lag", () => {
    const prod = plans.prod as PlanFile[];
    const alter = (mutate: (r: PlanFile["resources"][number]) => void): PlanFile[] =>
      prod.map((p) => ({
        ...p,
        resources: p.resources.map((r) => {
          const copy = structuredClone(r);
          mutate(copy);
          return copy;
        }),
      }));
    const daily = alter((r) => {
      if (r.type === "aws:quicksight/dataSet:DataSet" && r.name === "cdc_current_state_orders") {
        r.inputs.importMode = "SPICE";
      }
    });
    // a SPICE data set with no refresh schedule never sees new data
    expect(computeFreshness("prod", daily).failures).toContainEqual(
      expect.stringMatching(
        /^QuickSight data set cdc_current_state_orders: SPICE without a refresh schedule/,
      ),
    );
    const incremental = alter((r) => {
      if (r.type === "aws:quicksight/dataSet:DataSet" && r.name === "ga4_sessions_per_day")
        r.inputs.refreshProperties = {
          refreshConfiguration: {
            incrementalRefresh: { lookbackWindow: { columnName: "session_date", size: 1, sizeUnit: "DAY" } },
          },
        };
      if (
        r.type === "aws:quicksight/refreshSchedule:RefreshSchedule" &&
        r.name === "ga4_sessions_per_day-refresh"
      )
        (r.inputs.schedule as { refreshType: string }).refreshType = "INCREMENTAL_REFRESH";
    });
    expect(computeFreshness("prod", incremental).failures).toContainEqual(
      expect.stringMatching(/ga4_sessions_per_day: the incremental refresh looks back 1440 min, less than/),
    );
  });
});

/** A copy of the repository's config (stack files and project declarations) to plan a variant of. */
function fixtureRepo(edit: (stacks: string) => void): string {
  const root = mkdtempSync(join(tmpdir(), "lakehouse-freshness-"));
  cpSync(join(REPO_ROOT, "stacks"), join(root, "stacks"), { recursive: true });
  cpSync(join(REPO_ROOT, "Pulumi.yaml"), join(root, "Pulumi.yaml"));
  for (const layer of LAYERS) {
    mkdirSync(join(root, "projects", layer), { recursive: true });
    cpSync(join(REPO_ROOT, "projects", layer, "Pulumi.yaml"), join(root, "projects", layer, "Pulumi.yaml"));
  }
  edit(join(root, "stacks"));
  return root;
}

describe("lakehouse plan fails on a freshness target the plan cannot meet", SLOW, () => {
  it("exits 1 naming the table, its worst case, the target and the hops; the diff shows base and change", async () => {
    const work = mkdtempSync(join(tmpdir(), "lakehouse-freshness-plan-"));
    const base = join(work, "base");
    writePlan(base, "prod", await stackPlan("prod"));
    // the fixture: the prod merge schedule relaxed to every 15 minutes, targets unchanged
    const repo = fixtureRepo((stacks) => {
      const file = join(stacks, "transformation", "Pulumi.prod.yaml");
      const text = readFileSync(file, "utf8");
      expect(text).toContain("cdcMergeSchedule: cron(0/5 * * * ? *)");
      writeFileSync(
        file,
        text.replace("cdcMergeSchedule: cron(0/5 * * * ? *)", "cdcMergeSchedule: cron(0/15 * * * ? *)"),
      );
    });
    const lines: string[] = [];
    const diffFile = join(work, "diff.md");
    const code = await planCommand(
      parseArgs([
        "plan",
        "--stack",
        "prod",
        "--out",
        join(work, "head"),
        "--diff",
        base,
        "--diff-out",
        diffFile,
      ]),
      { repoRoot: repo, log: (l) => lines.push(l), loadProgram: importProgram, loadMatrices: async () => [] },
    );
    expect(code).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^freshness prod: target missed: orders \(orders\): worst case 25\.08 min in the lake exceeds its target of 20 min \(.*trigger lakehouse-prod-cdc-merge start 15 \+ job lakehouse-prod-cdc-merge timeout 4\)$/,
      ),
    );
    expect(lines).toContainEqual("freshness prod: 4 tables, 5 dashboard data sets, 5 target(s) missed");
    const summary = readFileSync(join(work, "head", "prod", "summary.md"), "utf8");
    expect(summary).toMatch(/\| orders \(`orders`\) \| current \| 20 min \| 25\.1 min \| \*\*missed\*\* \|/);
    // in review: the worst case before and after the schedule change
    const diff = readFileSync(diffFile, "utf8");
    expect(diff).toMatch(/\| orders \| 20 min \| 15\.1 min \| \*\*25\.1 min\*\* \| \*\*missed\*\* \|/);
    expect(diff).toMatch(/\| events \| 75 min \| 50 min \| 50 min \| met \|/);
  });
});
