import { readFileSync } from "node:fs";
import { join } from "node:path";
import { LAYERS, STACKS, waves } from "@lakehouse/contracts";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "../src/repo-root";

interface Job {
  needs?: string[];
  environment?: string;
  steps: { id?: string; uses?: string; run?: string; if?: string; with?: Record<string, string> }[];
}
const workflow = (name: string) =>
  parse(readFileSync(join(REPO_ROOT, ".github", "workflows", name), "utf8")) as { jobs: Record<string, Job> };

describe("deploy.yml", () => {
  const { jobs } = workflow("deploy.yml");

  it("has one job per DAG wave and stack, dev before prod, each after the wave before it", () => {
    const order = STACKS.flatMap((s) => waves().map((_, i) => `${s}-wave-${i + 1}`));
    expect(Object.keys(jobs)).toEqual(["affected", ...order]);
    order.forEach((job, i) => {
      expect(jobs[job]!.needs).toEqual(i === 0 ? ["affected"] : ["affected", order[i - 1]]);
    });
  });

  it("deploys each layer with its own deploy role in its stack's environment", () => {
    for (const stack of STACKS) {
      const job = jobs[`${stack}-wave-1`]!;
      expect(job.environment).toBe(stack);
      const creds = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"));
      expect(creds?.with?.["role-to-assume"]).toBe(
        `arn:aws:iam::\${{ vars.AWS_ACCOUNT_ID }}:role/lakehouse-${stack}-\${{ matrix.layer }}-deploy`,
      );
      expect(
        job.steps.some((s) =>
          s.run?.startsWith(`pnpm exec lakehouse up --stack ${stack} --layers "\${{ matrix.layer }}"`),
        ),
      ).toBe(true);
    }
  });
});

describe("pr-preview.yml", () => {
  const { jobs } = workflow("pr-preview.yml");

  it("posts the offline plan diff for every pull request", () => {
    const runs = jobs["offline-diff"]!.steps.map((s) => s.run ?? "").join("\n");
    expect(runs).toContain('--diff "$RUNNER_TEMP/base-plan"');
  });

  it("previews every layer in DAG order, each with its own read-only role", () => {
    const steps = jobs["cloud-preview"]!.steps;
    const previews = steps.filter(
      (s) => s.run?.includes("lakehouse pr-preview") && s.run.includes("--layers"),
    );
    expect(previews.map((s) => s.id)).toEqual([...LAYERS]);
    for (const layer of LAYERS) {
      const creds = steps.find((s) => s.with?.["role-to-assume"]?.endsWith(`-${layer}-preview`));
      expect(creds?.with?.["role-to-assume"]).toBe(
        `arn:aws:iam::\${{ matrix.account }}:role/lakehouse-\${{ matrix.stack }}-${layer}-preview`,
      );
    }
  });
});
