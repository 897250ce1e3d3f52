import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { costUsageSchema } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import { beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../src/args";
import { costCommand } from "../src/commands/cost";
import { planCommand } from "../src/commands/plan";
import { budgetViolation } from "../src/cost/budget";
import { type CostEstimate, estimateCost, totals } from "../src/cost/estimate";
import { HOURS_PER_MONTH } from "../src/cost/hours";
import { loadPriceSnapshot, PRICE_KEYS, type PriceSnapshot } from "../src/cost/price-book";
import { renderCostDiff, renderCostMarkdown } from "../src/cost/render";
import { readStackCostConfig } from "../src/cost/stack-cost-config";
import type { PlanFile } from "../src/plan/plan-file";
import { writePlan } from "../src/plan/write-plan";
import { REPO_ROOT } from "../src/repo-root";
import { stackPlan } from "./support/stack-plans";

const SLOW = { timeout: 180_000 };
const prices: PriceSnapshot = loadPriceSnapshot("eu-west-1");
const price = (k: (typeof PRICE_KEYS)[number]) => prices.prices[k]?.usd as number;

describe("the eu-west-1 price snapshot", () => {
  it("names, for every price the model uses, its AWS pricing page, unit, recording date and how sure it is", () => {
    for (const key of PRICE_KEYS) {
      const p = prices.prices[key];
      expect(p, key).toBeDefined();
      expect(p?.page, key).toMatch(/^https:\/\/aws\.amazon\.com\/([a-z0-9-]+\/)+pricing\//);
      expect(p?.unit, key).not.toBe("");
      expect(p?.recorded, key).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(["price-list", "aws-page", "aws-page-us-east-1", "secondary", "unverified"], key).toContain(
        p?.source,
      );
      expect(p?.usd, key).toBeGreaterThan(0);
      if (p?.source === "price-list") expect(p.sku, key).toMatch(/^[A-Z0-9]+$/);
    }
  });

  it("fails naming the refresh command for a region without a snapshot", () => {
    expect(() => loadPriceSnapshot("ap-south-2")).toThrow(/lakehouse prices refresh --region ap-south-2/);
  });
});

describe("the cost model over the offline plans", SLOW, () => {
  const plans: Record<string, PlanFile[]> = {};
  const estimates: Record<string, CostEstimate> = {};
  beforeAll(async () => {
    for (const stack of ["dev", "prod"]) {
      plans[stack] = await stackPlan(stack);
      const { usage } = readStackCostConfig(REPO_ROOT, stack);
      estimates[stack] = estimateCost(stack, "eu-west-1", plans[stack] as PlanFile[], usage, prices);
    }
  }, 180_000);

  const line = (stack: string, type: string, name: string) =>
    estimates[stack]?.lines.find((l) => l.type === type && l.name === name);
  const planned = (stack: string, type: string) =>
    (plans[stack] ?? []).flatMap((p) => p.resources).filter((r) => r.type === type);

  it("prices each interface endpoint per AZ it has subnets in, every hour, and gateway endpoints at $0", () => {
    for (const stack of ["dev", "prod"]) {
      for (const r of planned(stack, "aws:ec2/vpcEndpoint:VpcEndpoint")) {
        const l = line(stack, r.type, r.name);
        const azs = (r.inputs.subnetIds as string[] | undefined)?.length ?? 0;
        if (r.inputs.vpcEndpointType === "Gateway") expect(l?.fixedUsd).toBe(0);
        else expect(l?.fixedUsd).toBeCloseTo(azs * HOURS_PER_MONTH * price("vpc.interfaceEndpointHour"), 6);
      }
    }
  });

  it("bills a DMS Serverless replication (prod) at its minimum DCUs, doubled for Multi-AZ, once it is started", () => {
    const [r] = planned("prod", "aws:dms/replicationConfig:ReplicationConfig");
    expect(r, "prod runs DMS Serverless").toBeDefined();
    const compute = r?.inputs.computeConfig as { minCapacityUnits: number; multiAz: boolean };
    const expected =
      r?.inputs.startReplication === true
        ? compute.minCapacityUnits *
          (compute.multiAz ? 2 : 1) *
          HOURS_PER_MONTH *
          price("dms.serverlessDcuHour")
        : 0;
    expect(line("prod", r?.type as string, r?.name as string)?.fixedUsd).toBeCloseTo(expected, 6);
  });

  it("bills dev's provisioned DMS instance every hour at its class's price, and its task nothing", () => {
    expect(planned("dev", "aws:dms/replicationConfig:ReplicationConfig")).toEqual([]);
    const [instance] = planned("dev", "aws:dms/replicationInstance:ReplicationInstance");
    expect(instance?.inputs.replicationInstanceClass).toBe("dms.t3.micro");
    // 50 GB is what a T3 instance includes: no storage line
    expect(instance?.inputs.allocatedStorage).toBe(50);
    const l = line("dev", instance?.type as string, instance?.name as string);
    expect(l?.fixedUsd).toBeCloseTo(HOURS_PER_MONTH * price("dms.t3MicroHour"), 6);
    expect(l?.charges.map((c) => c.price)).toEqual(["dms.t3MicroHour"]);
    // the task is billed through its instance: counted free on purpose, never unpriced
    expect(estimates.dev?.free["aws:dms/replicationTask:ReplicationTask"]).toBe(1);
    expect(estimates.dev?.unpriced.map((u) => u.type)).not.toContain(
      "aws:dms/replicationTask:ReplicationTask",
    );
  });

  it("dev's idle estimate is at most a third of the $643.02 measured before the cost work (issue 22)", () => {
    expect(totals((estimates.dev as CostEstimate).lines).fixedUsd).toBeLessThanOrEqual(643.02 / 3);
  });

  it("counts a Glue job's runs from its trigger's cron and a conditional job's from the crawl it waits for", () => {
    for (const stack of ["dev", "prod"]) {
      const jobs = planned(stack, "aws:glue/job:Job");
      const triggers = planned(stack, "aws:glue/trigger:Trigger");
      for (const job of jobs) {
        const l = line(stack, job.type, job.name);
        const started = triggers.find((t) =>
          (t.inputs.actions as { jobName?: string }[]).some((a) => a.jobName === job.inputs.name),
        );
        expect(started, `${stack} ${job.name}: no trigger starts it`).toBeDefined();
        // the basis names the runs: one per fire of the schedule that (directly or through a crawl) starts it
        expect(l?.charges[0]?.basis).toMatch(/^\d+ scheduled runs x 1 min x \d+ DPU/);
        const runs = Number(/^(\d+) scheduled/.exec(l?.charges[0]?.basis ?? "")?.[1]);
        const dpu = (job.inputs.numberOfWorkers as number) * (job.inputs.workerType === "G.2X" ? 2 : 1);
        expect(l?.fixedUsd).toBeCloseTo((runs / 60) * dpu * price("glue.etlDpuHour"), 0);
      }
      // prod merges every 5 minutes: 288 runs a day
      if (stack === "prod") {
        expect(line(stack, "aws:glue/job:Job", "cdc-merge")?.charges[0]?.basis).toMatch(
          new RegExp(`^${Math.round(288 * (HOURS_PER_MONTH / 24))} scheduled runs`),
        );
      }
    }
  });

  it("lists what it cannot price, with the reason, and never counts it", () => {
    for (const stack of ["dev", "prod"]) {
      const e = estimates[stack] as CostEstimate;
      const quicksight = planned(stack, "aws:quicksight/dataSet:DataSet");
      expect(quicksight.length).toBeGreaterThan(0);
      for (const q of quicksight) {
        expect(e.unpriced).toContainEqual(
          expect.objectContaining({
            name: q.name,
            reason: expect.stringMatching(/per author\/reader subscription/),
          }),
        );
        expect(e.lines.some((l) => l.urn === q.urn)).toBe(false);
      }
    }
    // a type no function knows is unpriced, not $0
    const fake = [
      {
        ...(plans.dev?.[0] as PlanFile),
        resources: [
          {
            urn: "urn:x",
            id: "x",
            type: "aws:ec2/instance:Instance",
            name: "box",
            parent: null,
            inputs: {},
            protect: false,
          },
        ],
      },
    ];
    const e = estimateCost("dev", "eu-west-1", fake, costUsageSchema.parse(undefined), prices);
    expect(e.lines).toEqual([]);
    expect(e.unpriced).toEqual([
      expect.objectContaining({ name: "box", reason: "no pricing function for this type" }),
    ]);
  });

  it("writes per-resource lines and layer totals into summary.md, and the delta per layer for the pull request", () => {
    const e = estimates.dev as CostEstimate;
    const md = renderCostMarkdown(e, 100);
    expect(md).toContain("## Cost estimate: stack `dev`");
    expect(md).toMatch(/\| network \| \$[\d,.]+ \| \$[\d,.]+ \| \$[\d,.]+ \|/);
    // the base had one more interface endpoint: the PR saves it
    const endpoint = (plans.dev ?? [])
      .flatMap((p) => p.resources)
      .find((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.inputs.vpcEndpointType === "Interface");
    expect(endpoint).toBeDefined();
    const head = {
      ...e,
      lines: e.lines.filter((l) => l.urn !== endpoint?.urn),
    };
    const removed = e.lines.find((l) => l.urn === endpoint?.urn);
    const diff = renderCostDiff(e, head);
    const saved = (removed?.fixedUsd ?? 0) + (removed?.usageUsd ?? 0);
    expect(diff).toContain("## Cost: stack `dev`");
    expect(diff).toMatch(
      new RegExp(`\\| network \\| \\$[\\d,.]+ \\| \\$[\\d,.]+ \\| -\\$${saved.toFixed(2)} \\|`),
    );
    expect(diff).toContain(`**${endpoint?.name}** (removed)`);
  });

  it("compares a resource kept by an alias with itself: a move under a new parent is no cost change", () => {
    const e = estimates.dev as CostEstimate;
    const moved = e.lines.find((l) => l.type === "aws:cloudwatch/logGroup:LogGroup");
    expect(moved).toBeDefined();
    const newUrn = `${moved?.urn}-moved`;
    const head = { ...e, lines: e.lines.map((l) => (l === moved ? { ...l, urn: newUrn } : l)) };
    // without the rename, the same log group reads as one removed and one added
    expect(renderCostDiff(e, head)).toContain(`**${moved?.name}** (added)`);
    const diff = renderCostDiff(e, head, new Map([[moved?.urn as string, newUrn]]));
    expect(diff).toContain("No resource changes its monthly cost.");
    expect(diff).not.toContain(`**${moved?.name}**`);
  });

  it("splits every line into fixed and usage-driven, and a stack's usage assumptions raise only the usage part", () => {
    const dev = plans.dev as PlanFile[];
    const quiet = estimateCost(
      "dev",
      "eu-west-1",
      dev,
      costUsageSchema.parse({ bucketStorageGb: 0 }),
      prices,
    );
    const busy = estimateCost(
      "dev",
      "eu-west-1",
      dev,
      costUsageSchema.parse({ bucketStorageGb: 1000 }),
      prices,
    );
    expect(totals(busy.lines).fixedUsd).toBeCloseTo(totals(quiet.lines).fixedUsd, 6);
    const buckets = planned("dev", "aws:s3/bucket:Bucket").length;
    expect(totals(busy.lines).usageUsd - totals(quiet.lines).usageUsd).toBeCloseTo(
      buckets * 1000 * price("s3.standardGbMonth"),
      6,
    );
  });
});

describe("the budget guardrail", () => {
  it("names the stack file and the largest lines when the estimate is over budget", () => {
    const e: CostEstimate = {
      stack: "dev",
      region: "eu-west-1",
      unpriced: [],
      free: {},
      lines: [
        { layer: "network", urn: "a", type: "t", name: "nat", fixedUsd: 90, usageUsd: 0, charges: [] },
        { layer: "ingestion", urn: "b", type: "t", name: "dms", fixedUsd: 50, usageUsd: 10, charges: [] },
        { layer: "network", urn: "c", type: "t", name: "key", fixedUsd: 1, usageUsd: 0, charges: [] },
        { layer: "network", urn: "d", type: "t", name: "eip", fixedUsd: 3, usageUsd: 0, charges: [] },
      ],
    };
    expect(budgetViolation(e, 200, "stacks/lake-storage/Pulumi.dev.yaml")).toBeUndefined();
    expect(budgetViolation(e, undefined, "f")).toBeUndefined();
    expect(budgetViolation(e, 100, "stacks/lake-storage/Pulumi.dev.yaml")).toBe(
      "estimate $154.00/month exceeds monthlyBudgetUsd $100.00 (stacks/lake-storage/Pulumi.dev.yaml) by $54.00; largest lines: network nat $90.00, ingestion dms $60.00, network eip $3.00",
    );
  });

  it("fails `lakehouse plan` for a stack whose plan costs more than its monthlyBudgetUsd", async () => {
    const { monthlyBudgetUsd } = readStackCostConfig(REPO_ROOT, "dev");
    const natMonth = HOURS_PER_MONTH * price("vpc.natGatewayHour");
    const count = Math.ceil((monthlyBudgetUsd as number) / natMonth) + 1;
    const lines: string[] = [];
    const out = mkdtempSync(join(tmpdir(), "lakehouse-plan-budget-"));
    const code = await planCommand(
      parseArgs(["plan", "--stack", "dev", "--layers", "network", "--out", out]),
      {
        log: (l) => lines.push(l),
        loadProgram: async (program) => async () => {
          if (program !== "network") return {};
          for (let i = 0; i < count; i++)
            new aws.ec2.NatGateway(`nat-${i}`, { subnetId: "subnet-0a", allocationId: `eipalloc-${i}` });
          return {};
        },
        loadMatrices: async () => [],
      },
    );
    expect(code).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^cost dev: estimate \$[\d,.]+\/month exceeds monthlyBudgetUsd \$[\d,.]+ \(stacks\/lake-storage\/Pulumi\.dev\.yaml\) by \$[\d,.]+; largest lines: network nat-\d+ \$35\.04, network nat-\d+/,
      ),
    );
    expect(readFileSync(join(out, "dev", "summary.md"), "utf8")).toContain("## Cost estimate: stack `dev`");
  });
});

describe("lakehouse cost", SLOW, () => {
  it("prints the stack's table from a written plan: layers, resources, fixed and usage, unpriced and the budget", async () => {
    const out = mkdtempSync(join(tmpdir(), "lakehouse-cost-"));
    writePlan(out, "dev", await stackPlan("dev", { layers: ["network"] }));
    const lines: string[] = [];
    const code = await costCommand(parseArgs(["cost", "--stack", "dev", "--plan", out]), {
      log: (l) => lines.push(l),
    });
    const text = lines.join("\n");
    expect(code).toBe(0);
    expect(text).toMatch(/^cost dev: \$[\d,.]+\/month estimated \(fixed/m);
    expect(text).toMatch(/^layer +resource +type +fixed +usage +total$/m);
    expect(text).toMatch(/^network +\(layer total\)/m);
    expect(text).toMatch(/^ +lakehouse-dev-secretsmanager +ec2\.VpcEndpoint +\$\d+\.\d\d/m);
    expect(text).toMatch(
      /^budget: \$[\d,.]+ of \$[\d,.]+ \(monthlyBudgetUsd in stacks\/lake-storage\/Pulumi\.dev\.yaml\)$/m,
    );
  });
});

describe("costUsage config", () => {
  it("takes documented defaults and rejects a misspelt key or a negative figure", () => {
    expect(costUsageSchema.parse(undefined).jobIdleRunMinutes).toBe(1);
    expect(costUsageSchema.safeParse({ crawlerDPU: 2 }).success).toBe(false);
    expect(costUsageSchema.safeParse({ natGb: -1 }).success).toBe(false);
  });
});
