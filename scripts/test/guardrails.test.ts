import { evaluateOffline, guardrailReport } from "@lakehouse/policy";
import { beforeAll, describe, expect, it } from "vitest";
import type { PlanFile, PlanResource } from "../src/plan/plan-file";
import { stackPlan } from "./support/stack-plans";

/** The MANDATORY lines `pnpm lakehouse plan` prints for a stack (layer, rule, URN and message each). */
function mandatoryViolations(plans: PlanFile[]): string[] {
  return guardrailReport(plans).lines.filter((line) => line.includes(": MANDATORY "));
}

const plansByStack = new Map<string, PlanFile[]>();

beforeAll(async () => {
  for (const stack of ["dev", "prod"]) {
    plansByStack.set(stack, await stackPlan(stack));
  }
}, 600_000);

const plansOf = (stack: string): PlanFile[] => {
  const plans = plansByStack.get(stack);
  if (!plans) throw new Error(`no plan for ${stack}`);
  return plans;
};

function layerPlan(stack: string, layer: string): PlanFile {
  const plan = plansOf(stack).find((p) => p.layer === layer);
  if (!plan) throw new Error(`the ${stack} plan has no ${layer} program`);
  return plan;
}

describe("the guardrails on the offline plans", () => {
  it.each(["dev", "prod"])("the %s plan of every layer has no mandatory violation", (stack) => {
    expect(mandatoryViolations(plansOf(stack))).toEqual([]);
  });

  it("fail the plan when a real bucket loses its public access block, naming the rule and the bucket", () => {
    const storage = layerPlan("dev", "lake-storage");
    const raw = storage.resources.find((r) => r.type === "aws:s3/bucket:Bucket" && r.name.includes("raw"));
    expect(raw).toBeDefined();
    const bucket = raw as PlanResource;
    const isItsBlock = (r: PlanResource) =>
      r.type === "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock" &&
      [bucket.inputs.bucket, bucket.id].includes(r.inputs.bucket as string);
    expect(storage.resources.filter(isItsBlock)).toHaveLength(1);

    const weakened = storage.resources.filter((r) => !isItsBlock(r));
    const { mandatory } = evaluateOffline(weakened, { stack: "dev" });

    expect(mandatory).toEqual([
      {
        rule: "s3-public-access-blocked",
        urn: bucket.urn,
        message: expect.stringMatching(/has no public access block: add an aws.s3.BucketPublicAccessBlock/),
      },
    ]);
  });

  it("fail the prod plan when a stateful resource is created unprotected", () => {
    const ingestion = layerPlan("prod", "ingestion");
    const table = ingestion.resources.find((r) => r.type === "aws:dynamodb/table:Table");
    expect(table?.protect).toBe(true);
    const weakened = ingestion.resources.map((r) => (r === table ? { ...r, protect: false } : r));
    const { mandatory } = evaluateOffline(weakened, { stack: "prod" });
    expect(mandatory.map((v) => [v.rule, v.urn])).toEqual([["stateful-protected-in-prod", table?.urn]]);
  });
});
