import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as aws from "@pulumi/aws";
import { beforeAll, describe, expect, it } from "vitest";
import { computeAlarmMatrix, renderAlarmMatrix } from "../src/alarms/matrix";
import { parseArgs } from "../src/args";
import { planCommand } from "../src/commands/plan";
import type { PlanFile, PlanResource } from "../src/plan/plan-file";
import { importProgram } from "./support/import-program";
import { stackPlan } from "./support/stack-plans";

/** Real plans of both stacks: seconds each, slower on a busy machine. */
const SLOW = { timeout: 240_000 };
const LAYERS = ["lake-storage", "ingestion", "transformation"] as const;

/** The plan without the resources `drop` picks. */
const without = (plans: PlanFile[], drop: (r: PlanResource) => boolean): PlanFile[] =>
  plans.map((p) => ({ ...p, resources: p.resources.filter((r) => !drop(r)) }));

describe("alarm matrix", SLOW, () => {
  const plans: Record<string, PlanFile[]> = {};
  beforeAll(async () => {
    for (const stack of ["dev", "prod"]) plans[stack] = await stackPlan(stack, { layers: [...LAYERS] });
  }, SLOW.timeout);

  it("finds every hop of both stacks in the planned resources, each covered for failure and silence", () => {
    for (const stack of ["dev", "prod"]) {
      const matrix = computeAlarmMatrix(stack, plans[stack] as PlanFile[]);
      expect(matrix.uncovered).toEqual([]);
      const p = `lakehouse-${stack}`;
      expect(matrix.hops.map((h) => h.id).sort()).toEqual(
        [
          `lambda ${p}-cdc-handler`,
          `firehose ${p}-cdc`,
          `firehose ${p}-events`,
          `dms ${p}-aurora-to-raw`,
          `appflow ${p}-ga4`,
          `aurora ${p}-source`,
          `crawler ${p}-raw-events`,
          `crawler ${p}-raw-google-analytics`,
          `crawler ${p}-raw-dynamodb-cdc`,
          `crawler ${p}-raw-aurora-cdc`,
          `job ${p}-refine-events`,
          `job ${p}-refine-ga4-sessions`,
          `job ${p}-cdc-merge`,
        ].sort(),
      );
      const events = matrix.hops.find((h) => h.id === `firehose ${p}-events`);
      expect(events?.failure).toEqual([`${p}-events-delivery-success`, `${p}-events-failed-conversion`]);
      expect(events?.silence).toEqual([`${p}-events-data-freshness`]);
      // a crawl that finds nothing shows as the job it starts reading nothing
      const crawler = matrix.hops.find((h) => h.id === `crawler ${p}-raw-events`);
      expect(crawler?.silence).toContain(`${p}-refine-events-processed-nothing (via ${p}-refine-events)`);
      expect(renderAlarmMatrix(matrix)).toContain(
        "Every one of the 13 hops has an alarm for failure and for silence, and every job one for data quality.",
      );
      // each job's batches are gated by data-quality rulesets: a failing one alarms as that hop's
      for (const job of [`${p}-refine-events`, `${p}-refine-ga4-sessions`, `${p}-cdc-merge`])
        expect(matrix.hops.find((h) => h.id === `job ${job}`)?.quality).toEqual([
          `${p}-data-quality-failures`,
        ]);
    }
  });

  it("charts every hop a metric names on the stack's dashboard, DMS by the planned task's or config's own dimensions", () => {
    for (const stack of ["dev", "prod"]) {
      const matrix = computeAlarmMatrix(stack, plans[stack] as PlanFile[]);
      const charted = matrix.hops.filter((h) => h.dashboard.length > 0).map((h) => h.kind);
      // AppFlow and the crawlers have no metric on the dashboard; every other hop has its widget
      expect(
        matrix.hops
          .filter((h) => h.dashboard.length === 0)
          .map((h) => h.kind)
          .sort(),
      ).toEqual(["appflow", "crawler", "crawler", "crawler", "crawler"]);
      expect(charted).toContain("dms");
      expect(matrix.hops.find((h) => h.kind === "dms")?.dashboard).toEqual([
        "DMS replication: CDC latency at source and target (s)",
      ]);
      expect(renderAlarmMatrix(matrix)).toMatch(/\| dms lakehouse-\w+-aurora-to-raw \|.*\| charted \|/);
    }
    // a widget naming a task that is not the planned one charts nothing
    const dev = plans.dev as PlanFile[];
    const wrongTask = dev.map((p) => ({
      ...p,
      resources: p.resources.map((r) =>
        r.type === "aws:cloudwatch/dashboard:Dashboard"
          ? {
              ...r,
              inputs: {
                ...r.inputs,
                dashboardBody: String(r.inputs.dashboardBody).replace(
                  /"ReplicationTaskIdentifier","[A-Z0-9]+"/g,
                  '"ReplicationTaskIdentifier","NOT-THE-TASK"',
                ),
              },
            }
          : r,
      ),
    }));
    expect(computeAlarmMatrix("dev", wrongTask).hops.find((h) => h.kind === "dms")?.dashboard).toEqual([]);
  });

  it("reports a job uncovered for data quality when the rule is gone or matches passing evaluations too", () => {
    const dev = plans.dev as PlanFile[];
    const jobs = ["refine-events", "refine-ga4-sessions", "cdc-merge"].map(
      (j) => `transformation: job lakehouse-dev-${j} has no alarm on the alarm topic for data quality`,
    );
    const gone = computeAlarmMatrix(
      "dev",
      without(
        dev,
        (r) => r.type === "aws:cloudwatch/eventRule:EventRule" && r.name === "data-quality-failures",
      ),
    );
    expect(gone.uncovered).toEqual(jobs);
    const everyResult = computeAlarmMatrix(
      "dev",
      dev.map((p) => ({
        ...p,
        resources: p.resources.map((r) => {
          if (r.name !== "data-quality-failures" || r.type !== "aws:cloudwatch/eventRule:EventRule") return r;
          const pattern = JSON.parse(String(r.inputs.eventPattern));
          delete pattern.detail.rulesFailed;
          return { ...r, inputs: { ...r.inputs, eventPattern: JSON.stringify(pattern) } };
        }),
      })),
    );
    expect(everyResult.uncovered).toEqual(jobs);
  });

  it("reports a hop uncovered when its alarm is gone, muted or notifies another topic", () => {
    const dev = plans.dev as PlanFile[];
    const noIteratorAge = computeAlarmMatrix(
      "dev",
      without(dev, (r) => r.name === "cdc-handler-iterator-age"),
    );
    expect(noIteratorAge.uncovered).toEqual([
      "ingestion: lambda lakehouse-dev-cdc-handler has no alarm on the alarm topic for silence",
    ]);
    // an EventBridge rule without its target on the topic notifies nobody
    const noDmsTarget = computeAlarmMatrix(
      "dev",
      without(
        dev,
        (r) => r.type === "aws:cloudwatch/eventTarget:EventTarget" && r.name === "dms-state-change",
      ),
    );
    expect(noDmsTarget.uncovered).toEqual([
      "ingestion: dms lakehouse-dev-aurora-to-raw has no alarm on the alarm topic for failure",
    ]);
    const alter = (name: string, change: (inputs: Record<string, unknown>) => Record<string, unknown>) =>
      dev.map((p) => ({
        ...p,
        resources: p.resources.map((r) => (r.name === name ? { ...r, inputs: change(r.inputs) } : r)),
      }));
    const muted = computeAlarmMatrix(
      "dev",
      alter("cdc-merge-processed-nothing", (i) => ({ ...i, actionsEnabled: false })),
    );
    expect(muted.uncovered).toEqual([
      "transformation: job lakehouse-dev-cdc-merge has no alarm on the alarm topic for silence",
    ]);
    const elsewhere = computeAlarmMatrix(
      "dev",
      alter("aurora-capacity-pinned", (i) => ({
        ...i,
        alarmActions: ["arn:aws:sns:eu-west-1:123456789012:other"],
      })),
    );
    expect(elsewhere.uncovered).toEqual([
      "ingestion: aurora lakehouse-dev-source has no alarm on the alarm topic for failure",
    ]);
  });

  it("fails the plan when a hop has no alarm: a Glue job added without one", async () => {
    const out = mkdtempSync(join(tmpdir(), "alarm-matrix-"));
    const lines: string[] = [];
    const code = await planCommand(
      parseArgs(["plan", "--stack", "dev", "--layers", LAYERS.join(","), "--out", out]),
      {
        log: (l) => lines.push(l),
        loadMatrices: async () => [],
        loadProgram: async (program) => {
          const real = await importProgram(program);
          if (program !== "transformation") return real;
          return async () => {
            const outputs = await real();
            new aws.glue.Job("unwatched", {
              name: "lakehouse-dev-unwatched",
              roleArn: "arn:aws:iam::123456789012:role/unwatched",
              command: { scriptLocation: "s3://lakehouse-dev-assets-123456789012/unwatched.py" },
            });
            return outputs;
          };
        },
      },
    );
    expect(code).toBe(1);
    expect(lines).toContain(
      "alarms dev: uncovered hop: transformation: job lakehouse-dev-unwatched has no alarm on the alarm topic for failure or silence or data quality",
    );
  });
});
