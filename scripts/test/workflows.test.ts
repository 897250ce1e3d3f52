import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { LAYERS, STACKS, waves } from "@lakehouse/contracts";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { REPO_ROOT } from "../src/repo-root";

interface Step {
  id?: string;
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
}
interface Job {
  needs?: string[];
  if?: string;
  environment?: string;
  uses?: string;
  with?: Record<string, string>;
  permissions?: Record<string, string>;
  concurrency?: { group: string; "cancel-in-progress": boolean };
  steps: Step[];
}
interface Workflow {
  on: Record<string, unknown>;
  defaults?: { run?: { shell?: string } };
  concurrency?: { group: string };
  jobs: Record<string, Job>;
}
const dir = join(REPO_ROOT, ".github", "workflows");
const text = (name: string) => readFileSync(join(dir, name), "utf8");
const workflow = (name: string) => parse(text(name)) as Workflow;
const WORKFLOWS = readdirSync(dir).filter((f) => f.endsWith(".yml"));
const SETUP_ACTION = join(REPO_ROOT, ".github", "actions", "setup", "action.yml");

describe("every workflow", () => {
  it("runs its steps with bash -eo pipefail (shell: bash), so a failure inside a pipe fails the step", () => {
    for (const name of WORKFLOWS) expect(workflow(name).defaults?.run?.shell, name).toBe("bash");
  });

  it("pins every action to a commit SHA, with the release it is in a comment", () => {
    const files = [...WORKFLOWS.map((n) => join(dir, n)), SETUP_ACTION];
    for (const file of files) {
      for (const m of readFileSync(file, "utf8").matchAll(/uses:\s*(\S+)(.*)$/gm)) {
        const [ref, comment] = [m[1] as string, m[2] as string];
        if (ref.startsWith("./")) continue;
        expect(ref, file).toMatch(/^[\w.-]+\/[\w.-]+@[0-9a-f]{40}$/);
        expect(comment, `${file}: ${ref}`).toMatch(/^ # v\d+\.\d+\.\d+$/);
      }
    }
  });

  it("uses Node 22, the version @pulumi/pulumi declares", () => {
    const files = [...WORKFLOWS.map((n) => join(dir, n)), SETUP_ACTION];
    const versions = files.flatMap((f) =>
      [...readFileSync(f, "utf8").matchAll(/node-version:\s*(\S+)/g)].map((m) => m[1]),
    );
    expect(versions.length).toBeGreaterThan(0);
    expect(new Set(versions)).toEqual(new Set(["22"]));
  });

  it("installs the Pulumi CLI release of the catalog's @pulumi/pulumi, never the latest through curl | sh", () => {
    const all = [...WORKFLOWS.map(text), readFileSync(SETUP_ACTION, "utf8")].join("\n");
    expect(all).not.toMatch(/get\.pulumi\.com\s*\|/);
    const setup = parse(readFileSync(SETUP_ACTION, "utf8")) as { runs: { steps: Step[] } };
    const install = setup.runs.steps.find((s) => s.run?.includes("get.pulumi.com"))!.run!;
    expect(install).toContain(`sed -n 's/^  "@pulumi\\/pulumi": *//p' pnpm-workspace.yaml`);
    expect(install).toContain('test "$("$RUNNER_TEMP/pulumi/pulumi" version)" = "v${version}"');
    const catalog = readFileSync(join(REPO_ROOT, "pnpm-workspace.yaml"), "utf8");
    expect(catalog).toMatch(/^ {2}"@pulumi\/pulumi": \d+\.\d+\.\d+$/m);
  });
});

describe("deploy.yml and deploy-stack.yml", () => {
  const deploy = workflow("deploy.yml");
  const stack = workflow("deploy-stack.yml");

  it("deploys dev, then prod, each stack in its own concurrency group that never cancels a running deploy", () => {
    expect(Object.keys(deploy.jobs)).toEqual([...STACKS]);
    STACKS.forEach((s, i) => {
      const job = deploy.jobs[s]!;
      expect(job.uses).toBe("./.github/workflows/deploy-stack.yml");
      expect(job.with).toEqual({ stack: s });
      expect(job.concurrency).toEqual({ group: `lakehouse-stack-${s}`, "cancel-in-progress": false });
      expect(job.needs ?? []).toEqual(i === 0 ? [] : [STACKS[i - 1]]);
    });
    expect(Object.keys(deploy.on)).toEqual(expect.arrayContaining(["push", "schedule"]));
  });

  it("deploys what changed since the stack's last successful deployment, and records it only when no wave failed", () => {
    const affected = stack.jobs.affected!.steps.find((s) => s.id === "affected")!;
    expect(affected.run).toContain('git rev-parse -q --verify "refs/tags/deployed/$STACK^{commit}"');
    expect(affected.run).toContain('pnpm exec lakehouse affected --base "$base" --json');
    expect(affected.run).not.toMatch(/github\.event\.before|BEFORE/);
    const record = stack.jobs.record!;
    expect(record.needs).toEqual(["affected", "wave-1", "wave-2", "wave-3", "wave-4"]);
    expect(record.if).toBe("${{ !cancelled() && !failure() }}");
    expect(record.steps.map((s) => s.run ?? "").join("\n")).toContain(
      'git tag -f "deployed/$STACK" "$GITHUB_SHA"',
    );
  });

  it("has a job per DAG wave, each after the one before, each layer with its own deploy role in its stack's environment", () => {
    expect(waves().length).toBeLessThanOrEqual(4);
    for (let i = 1; i <= 4; i++) {
      const job = stack.jobs[`wave-${i}`]!;
      expect(job.needs).toEqual(i === 1 ? ["affected"] : ["affected", `wave-${i - 1}`]);
      expect(job.environment).toBe("${{ inputs.stack }}");
      const creds = job.steps.find((s) => s.uses?.startsWith("aws-actions/configure-aws-credentials"));
      expect(creds?.with?.["role-to-assume"]).toBe(
        "arn:aws:iam::${{ vars.AWS_ACCOUNT_ID }}:role/lakehouse-${{ inputs.stack }}-${{ matrix.layer }}-deploy",
      );
      const up = job.steps.find((s) => s.run?.includes("lakehouse up"))!;
      expect(up.run).toBe(
        'pnpm exec lakehouse up --stack "$STACK" --layers "$LAYER" 2>&1 | tee "$RUNNER_TEMP/up.log"',
      );
    }
  });
});

describe("pr-preview.yml", () => {
  const { jobs } = workflow("pr-preview.yml");

  it("posts the offline plan diff for every pull request", () => {
    const runs = jobs["offline-diff"]!.steps.map((s) => s.run ?? "").join("\n");
    expect(runs).toContain('--diff "$RUNNER_TEMP/base-plan"');
  });

  it("previews in the stack's concurrency group, the one deploy.yml uses", () => {
    expect(jobs["cloud-preview"]!.concurrency).toEqual({
      group: "lakehouse-stack-${{ matrix.stack }}",
      "cancel-in-progress": false,
    });
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

describe("pr-comment.yml", () => {
  it("comments only on the open pull request whose head commit produced the artifact", () => {
    const steps = workflow("pr-comment.yml").jobs.comment!.steps;
    const check = steps.find((s) => s.id === "pr")!;
    expect(check.env).toMatchObject({
      HEAD_SHA: "${{ github.event.workflow_run.head_sha }}",
      HEAD_REPO: "${{ github.event.workflow_run.head_repository.full_name }}",
    });
    expect(check.run).toContain(
      `gh api "repos/$REPO/pulls/$number" --jq '[.state, .head.sha, .head.repo.full_name] | join(" ")'`,
    );
    expect(check.run).toContain('if [ "$pr" != "open $HEAD_SHA $HEAD_REPO" ]; then');
    const comment = steps.find((s) => s.uses?.startsWith("marocchino/sticky-pull-request-comment"))!;
    expect(comment.with?.number).toBe("${{ steps.pr.outputs.number }}");
  });
});

describe(".ci/run", () => {
  it("runs pnpm test twice and fails unless the second run passes entirely from turbo's cache", () => {
    const script = readFileSync(join(REPO_ROOT, ".ci", "run"), "utf8");
    expect(script.match(/^(?:second=\$\()?pnpm test\b/gm)).toHaveLength(2);
    expect(script).toContain("grep -Eq 'Cached: +([0-9]+) cached, \\1 total'");
    expect(script.trimEnd().split("\n").slice(-2)).toEqual(["node .ci/count-results.cjs", 'exit "$status"']);
  });
});

describe("drift.yml", () => {
  const wf = workflow("drift.yml");
  const job = wf.jobs.drift!;
  const runs = job.steps.map((s) => s.run ?? "").join("\n");

  it("runs on a schedule, once per stack, in the stack's concurrency group", () => {
    expect(Object.keys(wf.on)).toEqual(["schedule", "workflow_dispatch"]);
    expect(text("drift.yml")).toMatch(/stack: dev\n[\s\S]*stack: prod\n/);
    expect(job.concurrency).toEqual({
      group: "lakehouse-stack-${{ matrix.stack }}",
      "cancel-in-progress": false,
    });
  });

  it("checks every layer with lakehouse drift under that layer's read-only role, in DAG order", () => {
    const checks = job.steps.filter((s) => s.run?.includes("lakehouse drift"));
    expect(checks.map((s) => /--layers (\S+)/.exec(s.run ?? "")?.[1])).toEqual([...LAYERS]);
    for (const layer of LAYERS) {
      const i = job.steps.findIndex((s) =>
        s.run?.includes(`lakehouse drift --stack "$STACK" --layers ${layer} `),
      );
      expect(job.steps[i - 1]?.with?.["role-to-assume"]).toBe(
        `arn:aws:iam::\${{ matrix.account }}:role/lakehouse-\${{ matrix.stack }}-${layer}-preview`,
      );
    }
  });

  it("opens or updates one issue per stack on drift and closes it when clean", () => {
    expect(job.permissions).toMatchObject({ issues: "write", "id-token": "write" });
    expect(runs).toContain('title="Drift: stack $STACK"');
    expect(runs).toContain('gh issue edit "$number"');
    expect(runs).toContain('gh issue create --repo "$REPO" --title "$title" --label drift');
    expect(runs).toMatch(
      /elif \[ "\$failed" -eq 0 \] && \[ -n "\$number" \]; then\n\s+gh issue close "\$number"/,
    );
  });
});
