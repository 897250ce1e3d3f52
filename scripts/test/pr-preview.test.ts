import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../src/args";
import { prPreviewCommand } from "../src/commands/pr-preview";
import type { OperationResult } from "../src/deploy/driver";
import { fakeDriver } from "./support/fake-driver";
import { MINI_WORKSPACE, tempRepo } from "./support/git-repo";

const ingestion: Partial<OperationResult> = {
  changes: { create: 1, update: 2, replace: 1, delete: 1, same: 40 },
  steps: [
    {
      urn: "urn:pulumi:dev::lakehouse-ingestion::aws:lambda/function:Function::cdc-handler",
      type: "aws:lambda/function:Function",
      op: "update",
    },
    {
      urn: "urn:pulumi:dev::lakehouse-ingestion::aws:dynamodb/table:Table::orders",
      type: "aws:dynamodb/table:Table",
      op: "replace",
      replaceKeys: ["hashKey"],
    },
    {
      urn: "urn:pulumi:dev::lakehouse-ingestion::aws:sqs/queue:Queue::old-dlq",
      type: "aws:sqs/queue:Queue",
      op: "delete",
    },
  ],
  outputChanges: ["sourceTableStreamArn"],
  stdout:
    "Previewing update (dev):\n  ~ aws:lambda/function:Function cdc-handler update [diff: ~memorySize]\n",
};
const transformation: Partial<OperationResult> = {
  changes: { create: 0, update: 1, replace: 0, delete: 0, same: 30 },
  policyViolations: [
    {
      policyPack: "lakehouse-guardrails",
      policy: "glue-job-security-configuration",
      level: "mandatory",
      message: "Glue job cdc-merge has no security configuration\nmore",
      urn: "urn:pulumi:dev::p::aws:glue/job:Job::cdc-merge",
    },
  ],
  stdout: "Previewing update (dev):\n  ~ aws:glue/job:Job cdc-merge update\n",
};

describe("lakehouse pr-preview", () => {
  const repo = tempRepo();
  let base = "";
  const env = { PULUMI_CONFIG_PASSPHRASE: "x" };
  beforeAll(() => {
    base = repo.commit("workspace", MINI_WORKSPACE);
    repo.write({ ".gitignore": "comment.md\n.lakehouse/\n" }); // as the repository ignores them
    repo.commit("ingestion change", { "projects/ingestion/src/program.ts": "export {};\n" });
  });

  it("previews the affected layers and writes one comment: counts, replacements first, policy, upstream note, folded diff", async () => {
    const fake = fakeDriver({ results: { ingestion, transformation } });
    const out = join(repo.dir, "comment.md");
    const code = await prPreviewCommand(
      parseArgs([
        "pr-preview",
        "--base",
        base,
        "--stack",
        "dev",
        "--out",
        out,
        "--pr-labels",
        '["approve-stateful-change"]',
      ]),
      {
        repoRoot: repo.dir,
        env,
        driverFor: fake.factory,
        log: () => {},
      },
    );
    expect(code).toBe(0); // the table's replacement is approved by the label
    expect(fake.calls.map((c) => [c.operation, c.target.layer])).toEqual([
      ["preview", "ingestion"],
      ["preview", "transformation"],
      ["preview", "analytics"],
    ]);
    expect(fake.calls[0]!.options).toMatchObject({
      policyPacks: [join(repo.dir, "packages/policy")],
      diff: true,
      refresh: true,
    });
    const md = readFileSync(out, "utf8");
    writeFileSync(join(tmpdir(), "lakehouse-example-pr-comment.md"), md); // for the README example
    expect(md).toContain(`Layers affected since \`${base}\`: ingestion, transformation, analytics.`);
    expect(md).toContain("| ingestion | 1 | 2 | **1** | **1** | 40 | 0 | ok |");
    expect(md).toContain("| transformation | 0 | 1 | 0 | 0 | 30 | 1 | ok |");
    const section = md.slice(md.indexOf("### ingestion"), md.indexOf("### transformation"));
    expect(section).toContain(
      "> - **replace** `aws:dynamodb/table:Table` `orders` (because of `hashKey`)\n> - **delete** `aws:sqs/queue:Queue` `old-dlq`",
    );
    expect(section).not.toContain("cdc-handler` (");
    expect(section.indexOf("Replaced or deleted")).toBeLessThan(section.indexOf("<details>"));
    expect(section).toContain(
      "<details><summary>Full diff</summary>\n\n````diff\nPreviewing update (dev):\n  ~ aws:lambda/function:Function cdc-handler update [diff: ~memorySize]\n````",
    );
    expect(md).toContain(
      "- **mandatory** `lakehouse-guardrails/glue-job-security-configuration` on `cdc-merge`: Glue job cdc-merge has no security configuration\n",
    );
    expect(md).toContain(
      "This preview ran against the currently deployed outputs of ingestion (its preview changes outputs `sourceTableStreamArn`).",
    );
    expect(md).toContain(
      "currently deployed outputs of transformation (changed by this pull request, not yet deployed)",
    );
    expect(md.slice(0, md.indexOf("### transformation"))).not.toContain("[!NOTE]");
    expect(md.slice(md.indexOf("### analytics"))).not.toContain("<details>"); // no engine output, nothing to fold
  });

  it("previews layer by layer into one results folder, then renders every layer with --render-only", async () => {
    const results = mkdtempSync(join(tmpdir(), "lakehouse-results-"));
    const out = join(repo.dir, "comment.md");
    const common = ["--base", base, "--stack", "dev", "--results", results, "--out", out];
    for (const layer of ["ingestion", "transformation"]) {
      const fake = fakeDriver({ results: { ingestion, transformation } });
      await prPreviewCommand(parseArgs(["pr-preview", ...common, "--layers", layer]), {
        repoRoot: repo.dir,
        env,
        driverFor: fake.factory,
        log: () => {},
      });
      expect(fake.calls.map((c) => c.target.layer)).toEqual([layer]);
    }
    const none = fakeDriver();
    await prPreviewCommand(parseArgs(["pr-preview", ...common, "--render-only"]), {
      repoRoot: repo.dir,
      env: {},
      driverFor: none.factory,
      log: () => {},
    });
    expect(none.calls).toEqual([]);
    const md = readFileSync(out, "utf8");
    expect(md).toContain("| ingestion | 1 | 2 | **1** | **1** | 40 | 0 | ok |");
    expect(md).toContain("| transformation | 0 | 1 | 0 | 0 | 30 | 1 | ok |");
    expect(md).toContain("| analytics | - | - | - | - | - | - | not previewed |");
  });

  it("fails a layer's preview without losing the comment, and exits 1", async () => {
    const fake = fakeDriver({ failing: ["ingestion"] });
    const out = join(repo.dir, "comment.md");
    const code = await prPreviewCommand(
      parseArgs(["pr-preview", "--base", base, "--stack", "dev", "--out", out]),
      {
        repoRoot: repo.dir,
        env,
        driverFor: fake.factory,
        log: () => {},
      },
    );
    expect(code).toBe(1);
    const md = readFileSync(out, "utf8");
    expect(md).toContain("| ingestion | - | - | - | - | - | - | failed: ingestion: boom |");
    expect(md).toContain("| analytics | - | - | - | - | - | - | skipped: not run: ingestion failed |");
  });

  it("fails the check when a stateful resource is replaced without the approval label, naming the label", async () => {
    const fake = fakeDriver({ results: { ingestion } });
    const out = join(repo.dir, "comment.md");
    const lines: string[] = [];
    const code = await prPreviewCommand(
      parseArgs(["pr-preview", "--base", base, "--stack", "dev", "--out", out, "--layers", "ingestion"]),
      { repoRoot: repo.dir, env, driverFor: fake.factory, log: (l) => lines.push(l) },
    );
    expect(code).toBe(1);
    const md = readFileSync(out, "utf8");
    expect(md).toContain("[!CAUTION]");
    expect(md).toContain("a maintainer adds the label `approve-stateful-change`");
    expect(md).toContain(
      "- **replace** `aws:dynamodb/table:Table` **orders** (ingestion): replaced because of `hashKey`",
    );
    const guard = md.slice(md.indexOf("[!CAUTION]"), md.indexOf("\n\n", md.indexOf("[!CAUTION]")));
    expect(guard).not.toContain("aws:sqs"); // a queue is not stateful
    expect(lines).toContainEqual(
      expect.stringContaining("the check fails without the label approve-stateful-change"),
    );
  });

  it("refuses a dirty working tree or a missing base before previewing anything", async () => {
    const fake = fakeDriver();
    const deps = { repoRoot: repo.dir, env, driverFor: fake.factory, log: () => {} };
    await expect(
      prPreviewCommand(parseArgs(["pr-preview", "--base", "nope", "--stack", "dev"]), deps),
    ).rejects.toThrow('git base "nope" is not a commit');
    repo.write({ "projects/network/x.ts": "" });
    await expect(
      prPreviewCommand(parseArgs(["pr-preview", "--base", base, "--stack", "dev"]), deps),
    ).rejects.toThrow(
      "pr-preview needs a clean working tree (it describes commits), but these files changed: projects/network/x.ts",
    );
    expect(fake.calls).toEqual([]);
  });
});
