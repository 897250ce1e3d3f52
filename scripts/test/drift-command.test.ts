import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EngineEvent } from "@pulumi/pulumi/automation";
import { describe, expect, it } from "vitest";
import { parseArgs } from "../src/args";
import { driftCommand } from "../src/commands/drift";
import { driftedResources } from "../src/deploy/automation-driver";
import { fakeDriver } from "./support/fake-driver";

const repoRoot = mkdtempSync(join(tmpdir(), "lakehouse-repo-"));
const env = { PULUMI_CONFIG_PASSPHRASE: "test" };
const bucketUrn =
  "urn:pulumi:prod::lakehouse-lake-storage::lakehouse:storage:SecureBucket$aws:s3/bucket:Bucket::raw";

async function drift(argv: string[], fake = fakeDriver()) {
  const lines: string[] = [];
  const code = await driftCommand(parseArgs(["drift", ...argv]), {
    repoRoot,
    env,
    driverFor: fake.factory,
    log: (l) => lines.push(l),
  });
  return { code, lines, calls: fake.calls };
}

describe("lakehouse drift", () => {
  it("checks every layer in DAG order, one at a time, and exits 0 when none drifted", async () => {
    const { code, lines, calls } = await drift(["--stack", "dev"]);
    expect(code).toBe(0);
    expect(calls.map((c) => [c.operation, c.target.layer, c.target.workDir])).toEqual([
      ["drift", "network", join(repoRoot, "projects/network")],
      ["drift", "lake-storage", join(repoRoot, "projects/lake-storage")],
      ["drift", "ingestion", join(repoRoot, "projects/ingestion")],
      ["drift", "transformation", join(repoRoot, "projects/transformation")],
      ["drift", "analytics", join(repoRoot, "projects/analytics")],
    ]);
    for (let i = 1; i < calls.length; i++)
      expect(calls[i]!.started).toBeGreaterThanOrEqual(calls[i - 1]!.ended);
    expect(lines).toContain("drift dev: 0 drifted resource(s), 0 layer(s) not checked");
  });

  it("prints each drifted resource with its properties, writes the issue body and the JSON, exits 1", async () => {
    const out = join(repoRoot, "drift.md");
    const json = join(repoRoot, "drift.json");
    const fake = fakeDriver({
      drift: {
        "lake-storage": [
          { urn: bucketUrn, type: "aws:s3/bucket:Bucket", op: "update", properties: ["tags", "versioning"] },
        ],
      },
    });
    const { code, lines } = await drift(
      ["--stack", "prod", "--layers", "lake-storage", "--out", out, "--json", json],
      fake,
    );
    expect(code).toBe(1);
    expect(lines).toContain("[lake-storage] drift: update aws:s3/bucket:Bucket raw: tags, versioning");
    const md = readFileSync(out, "utf8");
    expect(md).toContain("## Drift: stack `prod`");
    expect(md).toContain("| lake-storage | 1 | drift |");
    expect(md).toContain("- **update** `aws:s3/bucket:Bucket` **raw**: `tags`, `versioning`");
    expect(JSON.parse(readFileSync(json, "utf8"))).toMatchObject({ stack: "prod", drifted: 1, failed: 0 });
  });

  it("reports a layer it could not check apart from drift, and goes on with the others", async () => {
    const json = join(repoRoot, "failed.json");
    const { code, lines, calls } = await drift(
      ["--stack", "dev", "--layers", "network,analytics", "--json", json],
      fakeDriver({ failing: ["network"] }),
    );
    expect(code).toBe(1);
    expect(lines).toContainEqual(expect.stringMatching(/^\[network\] drift check failed: network: boom/));
    expect(calls.map((c) => c.target.layer)).toEqual(["network", "analytics"]);
    expect(JSON.parse(readFileSync(json, "utf8"))).toMatchObject({ drifted: 0, failed: 1 });
  });
});

describe("drift from the engine events of preview --refresh --expect-no-changes", () => {
  it("takes the steps the refreshed preview plans, with the properties that differ", () => {
    const pre = (op: string, urn: string, type: string, diffs?: string[]) =>
      ({
        sequence: 1,
        timestamp: 0,
        resourcePreEvent: { metadata: { op, urn, type, diffs, provider: "", logical: true } },
      }) as unknown as EngineEvent;
    const drifted = driftedResources([
      pre("same", "urn:pulumi:dev::p::aws:kms/key:Key::data", "aws:kms/key:Key"),
      pre("update", bucketUrn, "aws:s3/bucket:Bucket", ["tags"]),
      pre("create", "urn:pulumi:dev::p::aws:iam/role:Role::reader", "aws:iam/role:Role"),
    ]);
    expect(drifted).toEqual([
      { urn: bucketUrn, type: "aws:s3/bucket:Bucket", op: "update", properties: ["tags"] },
      {
        urn: "urn:pulumi:dev::p::aws:iam/role:Role::reader",
        type: "aws:iam/role:Role",
        op: "create",
        properties: [],
      },
    ]);
  });
});
