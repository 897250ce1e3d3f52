import { cpSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseArgs } from "../src/args";
import { planCommand } from "../src/commands/plan";
import { loadMatrices } from "../src/plan/access-proof";
import { type ProgramLoader, runPlan } from "../src/plan/run-plan";
import { writePlan } from "../src/plan/write-plan";
import { changedPaths, diffPlans } from "../src/plan-diff/diff-plans";
import { renderPlanDiff } from "../src/plan-diff/render-diff";
import { REPO_ROOT } from "../src/repo-root";
import { lakehouse } from "./support/cli";

/** vitest transforms imports, not require(): load the layer programs through import(). */
const importProgram: ProgramLoader = async (program) =>
  (await import(join(REPO_ROOT, "projects", program, "src", "program.ts"))).program;

describe("changedPaths", () => {
  it("names the nested input paths that differ, added and removed keys included", () => {
    expect(
      changedPaths(
        {
          tags: { owner: "a", layer: "x" },
          versioning: { enabled: true },
          rules: [{ cidr: ["1"] }],
          gone: 1,
        },
        {
          tags: { owner: "b", layer: "x" },
          versioning: { enabled: true },
          rules: [{ cidr: ["1", "2"] }],
          added: 2,
        },
      ),
    ).toEqual(["added", "gone", "rules[0].cidr[1]", "tags.owner"]);
    expect(changedPaths({ a: [1, 2] }, { a: [1, 2] })).toEqual([]);
    expect(changedPaths({ a: "x" }, { a: { b: 1 } })).toEqual(["a"]);
  });
});

/** Real plans and fresh CLI processes: minutes on a busy 2-core machine, seconds on an idle one. */
const SLOW = { timeout: 180_000 };

describe("lakehouse plan --diff, on two real offline plans", SLOW, () => {
  const work = mkdtempSync(join(tmpdir(), "lakehouse-diff-"));

  /** The network layer planned with the base branch's config: a different CIDR and one AZ fewer. */
  async function writeBasePlan(): Promise<string> {
    const baseRepo = join(work, "base-repo");
    cpSync(join(REPO_ROOT, "stacks"), join(baseRepo, "stacks"), { recursive: true });
    const file = join(baseRepo, "stacks", "network", "Pulumi.dev.yaml");
    const text = readFileSync(file, "utf8");
    expect(text).toMatch(/vpcCidr: 10\.20\.0\.0\/16/);
    expect(text).toMatch(/availabilityZoneCount: 2/);
    writeFileSync(
      file,
      text
        .replace(/vpcCidr: .*/, "vpcCidr: 10.30.0.0/16")
        .replace(/availabilityZoneCount: 2/, "availabilityZoneCount: 3"),
    );
    const plans = await runPlan({
      repoRoot: baseRepo,
      stack: "dev",
      layers: ["network"],
      loadProgram: importProgram,
    });
    const dir = join(work, "base-plan");
    writePlan(dir, "dev", plans);
    return dir;
  }

  it("writes the added, removed and changed resources with their input paths, per layer", async () => {
    const baseDir = await writeBasePlan();
    const out = join(work, "head-plan");
    const diffFile = join(work, "comment.md");
    // in-process, so base and head run the very same (cached) program modules
    const log: string[] = [];
    const args = [
      "plan",
      "--stack",
      "dev",
      "--layers",
      "network",
      "--out",
      out,
      "--diff",
      baseDir,
      "--diff-out",
      diffFile,
    ];
    const code = await planCommand(parseArgs(args), {
      log: (l) => log.push(l),
      loadProgram: importProgram,
      loadMatrices: (root, plans) => loadMatrices(root, plans, (file) => import(file)),
    });
    expect(code).toBe(0);
    expect(log).toContain(`plan diff dev against ${baseDir} -> ${diffFile}`);

    // the same comparison, structured: head (10.20/16, 2 AZs) against base (10.30/16, 3 AZs)
    const head = JSON.parse(readFileSync(join(out, "dev", "lakehouse-network.json"), "utf8"));
    const base = JSON.parse(readFileSync(join(baseDir, "dev", "lakehouse-network.json"), "utf8"));
    const [network] = diffPlans([base], [head]).filter((d) => d.layer === "network");
    const vpc = network!.changed.find((c) => c.paths.includes("cidrBlock"));
    expect(vpc?.type).toMatch(/ec2.*Vpc/);
    expect(network!.outputs).toEqual(expect.arrayContaining(["vpcCidr", "availabilityZones"]));

    const md = readFileSync(diffFile, "utf8");
    expect(md).toContain("## Offline plan diff: stack `dev`");
    expect(md).toMatch(/\| network \| \d+ \| \d+ \| [1-9]\d* \| .*`vpcCidr`/);
    expect(md).toContain("### network");
    expect(md).toContain(`- \`${vpc!.type}\` **${vpc!.name}**: `);
    expect(md).toMatch(/Outputs changed: .*`availabilityZones`.*`vpcCidr`/);
    // the VPC's addressing changes no principal's permissions
    expect(md).toContain("### Access changes\n\nNo principal gains or loses a permission.");
    // one AZ fewer: every interface endpoint loses an AZ-hour line, so the network costs less
    expect(md).toContain("## Cost: stack `dev`");
    expect(md).toMatch(/\| network \| \$[\d,.]+ \| \$[\d,.]+ \| -\$[1-9][\d,.]* \|/);
    expect(md).toMatch(
      /- network `ec2\.VpcEndpoint` \*\*lakehouse-dev-[a-z-]+\*\* \(changed\): \$[\d.]+ -> \$[\d.]+ \(-\$/,
    );
    writeFileSync(join(work, "example-diff.md"), md); // kept for the README example
  });

  it("reports no changes between two plans of the same code and config", async () => {
    const plans = await runPlan({
      repoRoot: REPO_ROOT,
      stack: "dev",
      layers: ["lake-storage"],
      loadProgram: importProgram,
    });
    const again = await runPlan({
      repoRoot: REPO_ROOT,
      stack: "dev",
      layers: ["lake-storage"],
      loadProgram: importProgram,
    });
    const diffs = diffPlans(plans, again);
    expect(diffs.every((d) => d.added.length + d.removed.length + d.changed.length === 0)).toBe(true);
    expect(renderPlanDiff("dev", diffs)).toContain("No resource or output changes in any layer.");
  });

  it("rejects a missing base plan, and --diff without --stack, before planning", () => {
    const missing = lakehouse(["plan", "--stack", "dev", "--diff", join(work, "nope")]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--diff .*nope: no such folder/);
    expect(
      existsSync(join(REPO_ROOT, ".plan", "dev", "diff.md")) && missing.stdout.includes("plan dev"),
    ).toBe(false);
    const noStack = lakehouse(["plan", "--diff", work]);
    expect(noStack.code).toBe(2);
    expect(noStack.stderr).toBe("lakehouse: --stack is required (one of: dev, prod)\n");
  });
});

describe("lakehouse plan, when a consumer reads an output its producer does not export", SLOW, () => {
  it("fails naming the consuming layer, the producing layer and the key", async () => {
    // a key ingestion really reads today (the layer evolves; the contract check must hold for any key)
    const plans = await runPlan({
      repoRoot: REPO_ROOT,
      stack: "dev",
      layers: ["ingestion"],
      loadProgram: importProgram,
    });
    const key = plans
      .find((p) => p.layer === "ingestion")!
      .references.find((r) => r.layer === "lake-storage")!.keys[0]!;
    const out = mkdtempSync(join(tmpdir(), "lakehouse-drop-"));
    // in a child process: the missing output surfaces as a rejection inside an Output, which
    // the plan turns into its error but vitest would also report as an unhandled rejection
    const r = lakehouse(["plan", "--stack", "dev", "--layers", "ingestion", "--out", out], {
      LAKEHOUSE_PLAN_DROP_OUTPUT: `lake-storage.${key}`,
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^lakehouse: offline plan of ingestion \(stack dev\) failed: /);
    expect(r.stderr).toContain("lake-storage");
    expect(r.stderr).toContain(key);
  });
});

describe("lakehouse CLI usage errors", SLOW, () => {
  it("prints one line naming what is wrong and exits 2, before anything runs", () => {
    const r = lakehouse(["plan", "--layers", "network,storage"]);
    expect([r.code, r.stdout, r.stderr]).toEqual([
      2,
      "",
      'lakehouse: unknown layer "storage"; layers are: network, lake-storage, ingestion, transformation, analytics\n',
    ]);
  });
});
