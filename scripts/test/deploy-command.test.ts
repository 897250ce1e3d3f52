import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseArgs } from "../src/args";
import { deployCommand } from "../src/commands/deploy";
import { fakeDriver } from "./support/fake-driver";

const repoRoot = mkdtempSync(join(tmpdir(), "lakehouse-repo-"));
const env = { PULUMI_CONFIG_PASSPHRASE: "test" };

async function run(argv: string[], fake = fakeDriver()) {
  const lines: string[] = [];
  const [command, ...rest] = argv as [string, ...string[]];
  const code = await deployCommand(command as "up")(parseArgs([command, ...rest]), {
    repoRoot,
    env,
    driverFor: fake.factory,
    log: (l) => lines.push(l),
  });
  return { code, lines, calls: fake.calls };
}

describe("lakehouse preview|up|destroy|refresh", () => {
  it("preview: every selected layer's project folder and stack, with the policy pack, diff and refresh", async () => {
    const { code, calls } = await run([
      "preview",
      "--stack",
      "prod",
      "--layers",
      "ingestion,network",
      "--diff",
      "--refresh",
    ]);
    expect(code).toBe(0);
    expect(calls.map((c) => [c.operation, c.target.workDir, c.target.stack])).toEqual([
      ["preview", join(repoRoot, "projects/network"), "prod"],
      ["preview", join(repoRoot, "projects/ingestion"), "prod"],
    ]);
    for (const c of calls) {
      expect(c.options).toMatchObject({
        policyPacks: [join(repoRoot, "packages/policy")],
        diff: true,
        refresh: true,
      });
    }
  });

  it("up: every layer in DAG order with the policy pack; no diff or refresh unless asked", async () => {
    const { calls } = await run(["up", "--stack", "dev"]);
    expect(calls.map((c) => c.target.layer)).toEqual([
      "network",
      "lake-storage",
      "ingestion",
      "transformation",
      "analytics",
    ]);
    expect(calls.every((c) => c.operation === "up")).toBe(true);
    expect(calls[0]!.options).toMatchObject({
      policyPacks: [join(repoRoot, "packages/policy")],
      diff: false,
      refresh: false,
    });
  });

  it("destroy and refresh run without policy packs; destroy in reverse order", async () => {
    const destroy = await run(["destroy", "--stack", "dev", "--layers", "network,ingestion"]);
    expect(destroy.calls.map((c) => [c.operation, c.target.layer])).toEqual([
      ["destroy", "ingestion"],
      ["destroy", "network"],
    ]);
    expect(destroy.calls[0]!.options!.policyPacks).toBeUndefined();
    const refresh = await run(["refresh", "--stack", "dev", "--layers", "analytics"]);
    expect(refresh.calls.map((c) => [c.operation, c.target.layer])).toEqual([["refresh", "analytics"]]);
  });

  it("destroy first says, per layer, what it keeps (retainOnDelete) and what protection stops", async () => {
    const urn = (t: string, n: string) =>
      `urn:pulumi:prod::lakehouse-lake-storage::lakehouse:storage:SecureBucket$${t}::${n}`;
    const fake = fakeDriver({
      state: {
        "lake-storage": [
          {
            urn: urn("aws:s3/bucket:Bucket", "raw"),
            type: "aws:s3/bucket:Bucket",
            protect: true,
            retainOnDelete: true,
          },
          {
            urn: urn("aws:s3/bucketPolicy:BucketPolicy", "raw-tls"),
            type: "aws:s3/bucketPolicy:BucketPolicy",
            protect: false,
            retainOnDelete: false,
          },
        ],
      },
    });
    const { lines, calls } = await run(["destroy", "--stack", "prod", "--layers", "lake-storage"], fake);
    expect(lines).toContain(
      "[lake-storage] destroy keeps 1 of 2 resource(s) in the account (retainOnDelete: removed from the state, not deleted):",
    );
    expect(lines).toContain("[lake-storage]   keeps aws:s3/bucket:Bucket raw");
    expect(lines).toContainEqual(
      expect.stringMatching(/^\[lake-storage\] 1 resource\(s\) are protected, so this layer's destroy fails/),
    );
    expect(lines).toContain("[lake-storage]   protected aws:s3/bucket:Bucket raw");
    expect(lines.indexOf("[lake-storage]   keeps aws:s3/bucket:Bucket raw")).toBeLessThan(
      lines.findIndex((l) => l.startsWith("[lake-storage] destroy prod")),
    );
    expect(calls.map((c) => c.operation)).toEqual(["destroy"]);
  });

  it("ends with the summary table and exits 1 when a layer failed", async () => {
    const { code, lines } = await run(["up", "--stack", "dev"], fakeDriver({ failing: ["lake-storage"] }));
    expect(code).toBe(1);
    const table = lines.join("\n");
    expect(table).toContain("| lake-storage | - | - | - | - | - | ");
    expect(table).toMatch(/\| analytics \| .* \| skipped: not run: lake-storage failed \|/);
    expect(table).toMatch(/\| network \| 0 \| 0 \| 0 \| 0 \| 0 \| .* \| succeeded \|/);
  });

  it("rejects bad input before any layer runs", async () => {
    const fake = fakeDriver();
    const attempt = (argv: string[]) => run(argv, fake);
    await expect(attempt(["up"])).rejects.toThrow("--stack is required (one of: dev, prod)");
    await expect(attempt(["up", "--stack", "qa"])).rejects.toThrow('unknown stack "qa"');
    await expect(attempt(["up", "--stack", "dev", "--layers", "lake"])).rejects.toThrow(
      'unknown layer "lake"',
    );
    await expect(attempt(["up", "--stack", "dev", "--parallel", "0"])).rejects.toThrow(
      '--parallel must be a positive integer, got "0"',
    );
    await expect(
      deployCommand("up")(parseArgs(["up", "--stack", "dev"]), {
        repoRoot,
        env: {},
        driverFor: fake.factory,
        log: () => {},
      }),
    ).rejects.toThrow(/needs a secrets provider/);
    expect(fake.calls).toEqual([]);
  });
});
