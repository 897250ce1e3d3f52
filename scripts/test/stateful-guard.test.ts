import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../src/args";
import { planCommand } from "../src/commands/plan";
import { previewStatefulChanges, STATEFUL_APPROVAL_LABEL } from "../src/guard/stateful-guard";
import type { ProgramLoader } from "../src/plan/run-plan";
import { importProgram } from "./support/import-program";

const realPrograms = importProgram;

/**
 * The fixture pull request: lake-storage's code as it is, except that the raw zone's bucket gets
 * another name (`bucket` forces a new bucket), as a PR editing its name would.
 */
const renamingRawBucket: ProgramLoader = async (program) => {
  const real = await realPrograms(program);
  if (program !== "lake-storage") return real;
  return async () => {
    pulumi.runtime.registerStackTransformation(({ type, name, props, opts }) =>
      type === "aws:s3/bucket:Bucket" && name === "raw"
        ? { props: { ...props, bucket: pulumi.output(props.bucket).apply((b) => `${b}-v2`) }, opts }
        : undefined,
    );
    return real();
  };
};

async function plan(argv: string[], loadProgram?: ProgramLoader) {
  const lines: string[] = [];
  const code = await planCommand(parseArgs(["plan", "--stack", "dev", "--layers", "lake-storage", ...argv]), {
    log: (l) => lines.push(l),
    loadProgram: loadProgram ?? importProgram,
    loadMatrices: async () => [],
  });
  return { code, lines };
}

describe("stateful-change guard on the offline plan diff (fixture PR: the raw bucket replaced)", () => {
  const base = mkdtempSync(join(tmpdir(), "lakehouse-guard-base-"));
  beforeAll(async () => {
    expect((await plan(["--out", base])).code).toBe(0);
  }, 120_000);

  it("fails the check, naming the bucket and the label that approves it", async () => {
    const out = mkdtempSync(join(tmpdir(), "lakehouse-guard-head-"));
    const diffOut = join(out, "diff.md");
    const { code, lines } = await plan(
      ["--out", out, "--diff", base, "--diff-out", diffOut],
      renamingRawBucket,
    );
    expect(code).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^stateful dev: replace aws:s3\/bucket:Bucket urn:.*::raw: changed `bucket` \(fails the check/,
      ),
    );
    const diff = readFileSync(diffOut, "utf8");
    expect(diff).toContain("[!CAUTION]");
    expect(diff).toContain(`\`${STATEFUL_APPROVAL_LABEL}\``);
    expect(diff).toMatch(
      /- \*\*replace\*\* `aws:s3\/bucket:Bucket` \*\*raw\*\* \(lake-storage\): changed `bucket`/,
    );
  }, 120_000);

  it("passes with the approval label, and the comment says it was approved", async () => {
    const out = mkdtempSync(join(tmpdir(), "lakehouse-guard-head-"));
    const diffOut = join(out, "diff.md");
    const labels = JSON.stringify(["documentation", STATEFUL_APPROVAL_LABEL]);
    const { code } = await plan(
      ["--out", out, "--diff", base, "--diff-out", diffOut, "--pr-labels", labels],
      renamingRawBucket,
    );
    expect(code).toBe(0);
    expect(readFileSync(diffOut, "utf8")).toContain(`approved by the label \`${STATEFUL_APPROVAL_LABEL}\``);
  }, 120_000);

  it("leaves an unchanged plan alone, and another label approves nothing", async () => {
    const out = mkdtempSync(join(tmpdir(), "lakehouse-guard-head-"));
    const same = await plan(["--out", out, "--diff", base]);
    expect(same.code).toBe(0);
    expect(same.lines.some((l) => l.startsWith("stateful "))).toBe(false);
    const other = await plan(
      ["--out", out, "--diff", base, "--pr-labels", JSON.stringify(["approve"])],
      renamingRawBucket,
    );
    expect(other.code).toBe(1);
  }, 120_000);

  it("rejects labels that are not a JSON array of names", async () => {
    await expect(plan(["--diff", base, "--pr-labels", "approve-stateful-change"])).rejects.toThrow(
      /--pr-labels .*JSON array/,
    );
  });
});

/**
 * Another stateful type: the ingestion layer's DynamoDB source table gets another `name` (which
 * forces a new table: internal/service/dynamodb/table.go), as a PR renaming it would.
 */
const renamingSourceTable: ProgramLoader = async (program) => {
  const real = await realPrograms(program);
  if (program !== "ingestion") return real;
  return async () => {
    pulumi.runtime.registerStackTransformation(({ type, name, props, opts }) =>
      type === "aws:dynamodb/table:Table" && name === "source"
        ? { props: { ...props, name: pulumi.output(props.name).apply((n) => `${n}-v2`) }, opts }
        : undefined,
    );
    return real();
  };
};

describe("stateful-change guard on the offline plan diff: a DynamoDB table renamed", () => {
  const planIngestion = async (argv: string[], loadProgram?: ProgramLoader) => {
    const lines: string[] = [];
    const code = await planCommand(parseArgs(["plan", "--stack", "dev", "--layers", "ingestion", ...argv]), {
      log: (l) => lines.push(l),
      loadProgram: loadProgram ?? importProgram,
      loadMatrices: async () => [],
    });
    return { code, lines };
  };
  const base = mkdtempSync(join(tmpdir(), "lakehouse-guard-base-"));
  beforeAll(async () => {
    expect((await planIngestion(["--out", base])).code).toBe(0);
  }, 120_000);

  it("fails the check, naming the table and its forcing input", async () => {
    const out = mkdtempSync(join(tmpdir(), "lakehouse-guard-head-"));
    const { code, lines } = await planIngestion(["--out", out, "--diff", base], renamingSourceTable);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^stateful dev: replace aws:dynamodb\/table:Table urn:.*::source: changed `name` \(fails the check/,
      ),
    );
    expect(code).toBe(1);
  }, 120_000);

  it("an unchanged ingestion plan passes", async () => {
    const out = mkdtempSync(join(tmpdir(), "lakehouse-guard-head-"));
    const same = await planIngestion(["--out", out, "--diff", base]);
    expect(same.lines.filter((l) => l.startsWith("stateful "))).toEqual([]);
    expect(same.code).toBe(0);
  }, 120_000);
});

describe("stateful-change guard on cloud previews", () => {
  const step = (op: string, type: string, urn: string, replaceKeys?: string[]) => ({
    op,
    type,
    urn,
    replaceKeys,
  });
  const run = (steps: ReturnType<typeof step>[]) => ({
    layer: "lake-storage" as const,
    status: "succeeded" as const,
    durationMs: 1,
    result: {
      changes: { create: 0, update: 0, replace: 0, delete: 0, same: 0 },
      steps,
      policyViolations: [],
      outputChanges: [],
      stdout: "",
    },
  });

  it("finds replaced and deleted stateful resources, audit log groups included, and nothing else", () => {
    const changes = previewStatefulChanges([
      run([
        step(
          "replace",
          "aws:s3/bucket:Bucket",
          "urn:pulumi:dev::p::lakehouse:storage:SecureBucket$aws:s3/bucket:Bucket::raw",
          ["bucket"],
        ),
        step("delete", "aws:kms/key:Key", "urn:pulumi:dev::p::aws:kms/key:Key::data"),
        step("replace", "aws:iam/role:Role", "urn:pulumi:dev::p::aws:iam/role:Role::reader"),
        step("update", "aws:dynamodb/table:Table", "urn:pulumi:dev::p::aws:dynamodb/table:Table::source"),
        step(
          "delete",
          "aws:cloudwatch/logGroup:LogGroup",
          "urn:pulumi:dev::p::lakehouse:network:VpcFlowLogs$aws:cloudwatch/logGroup:LogGroup::flow-logs",
        ),
        step(
          "delete",
          "aws:cloudwatch/logGroup:LogGroup",
          "urn:pulumi:dev::p::lakehouse:etl:GlueJob$aws:cloudwatch/logGroup:LogGroup::job-output",
        ),
      ]),
    ]);
    expect(changes.map((c) => [c.op, c.name])).toEqual([
      ["replace", "raw"],
      ["delete", "data"],
      ["delete", "flow-logs"],
    ]);
    expect(changes[0]?.why).toBe("replaced because of `bucket`");
  });
});
