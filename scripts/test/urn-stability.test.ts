import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../src/args";
import { planCommand } from "../src/commands/plan";
import { STATEFUL_APPROVAL_LABEL } from "../src/guard/stateful-guard";
import type { PlanFile } from "../src/plan/plan-file";
import { aliasIndex } from "../src/plan-diff/aliases";
import { importProgram } from "./support/import-program";

/** A layer owning one bucket inside a component, as the layers' components do. */
class Zone extends pulumi.ComponentResource {
  constructor(name: string, bucketName: string, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:test:Zone", name, {}, opts);
    new aws.s3.Bucket(name, { bucket: bucketName }, { parent: this });
    this.registerOutputs({});
  }
}

/** `lakehouse plan` of stack dev with the network layer replaced by `network`. */
async function plan(network: () => void, argv: string[]) {
  const lines: string[] = [];
  const code = await planCommand(parseArgs(["plan", "--stack", "dev", "--layers", "network", ...argv]), {
    log: (l) => lines.push(l),
    loadProgram: async (program) => async () => {
      if (program === "network") network();
      return {};
    },
    loadMatrices: async () => [],
  });
  return { code, lines };
}

describe("URN stability: the working tree's plan against the base's", () => {
  const base = mkdtempSync(join(tmpdir(), "lakehouse-urn-base-"));
  beforeAll(async () => {
    // (the guardrails fail this bare bucket; the tests look at the URN check's lines alone)
    await plan(() => new Zone("raw", "lakehouse-dev-raw"), ["--out", base]);
  });
  const head = (network: () => void, extra: string[] = []) => {
    const out = mkdtempSync(join(tmpdir(), "lakehouse-urn-head-"));
    return plan(network, ["--out", out, "--diff", base, "--diff-out", join(out, "diff.md"), ...extra]).then(
      (r) => ({ ...r, diff: readFileSync(join(out, "diff.md"), "utf8") }),
    );
  };

  it("fails a rename without an alias, even with the stateful-change label, naming the alias to add", async () => {
    const labels = JSON.stringify([STATEFUL_APPROVAL_LABEL]);
    const { code, lines, diff } = await head(
      () => new Zone("raw-zone", "lakehouse-dev-raw"),
      ["--pr-labels", labels],
    );
    expect(code).toBe(1);
    expect(lines).toContain(
      `plan diff dev: the check fails: 0 stateful change(s) without the label ${STATEFUL_APPROVAL_LABEL}, 1 URN change(s) without an alias`,
    );
    const line = lines.find((l) => l.startsWith("urn dev: "));
    expect(line).toContain(
      "urn:pulumi:dev::lakehouse-network::lakehouse:test:Zone$aws:s3/bucket:Bucket::raw would become urn:pulumi:dev::lakehouse-network::lakehouse:test:Zone$aws:s3/bucket:Bucket::raw-zone without an alias",
    );
    expect(diff).toContain("URN changes without an alias");
  });

  it("passes the same rename with an alias on the component: its bucket inherits it", async () => {
    const { lines, diff } = await head(
      () => new Zone("raw-zone", "lakehouse-dev-raw", { aliases: [{ name: "raw" }] }),
    );
    expect(lines.filter((l) => /^(urn|stateful) |the check fails/.test(l))).toEqual([]);
    expect(diff).toContain(
      "`aws:s3/bucket:Bucket` **raw-zone**: from `urn:pulumi:dev::lakehouse-network::lakehouse:test:Zone$aws:s3/bucket:Bucket::raw`",
    );
  });

  it("fails a move to the stack's top level without an alias, passes it with the old URN as alias", async () => {
    const bare = await head(
      () => new aws.s3.Bucket("raw", { bucket: "lakehouse-dev-raw" }),
      ["--pr-labels", "[]"],
    );
    expect(bare.lines.filter((l) => l.startsWith("urn dev: "))).toHaveLength(1);
    const kept = await head(() => {
      new aws.s3.Bucket(
        "raw",
        { bucket: "lakehouse-dev-raw" },
        { aliases: ["urn:pulumi:dev::lakehouse-network::lakehouse:test:Zone$aws:s3/bucket:Bucket::raw"] },
      );
    });
    expect(kept.lines.filter((l) => /^(urn|stateful) |the check fails/.test(l))).toEqual([]);
  });
});

describe("URN stability of secrets and KMS keys, whose offline ids derive from their logical names", () => {
  const base = mkdtempSync(join(tmpdir(), "lakehouse-urn-base-"));
  const resources = (secret: string, key: string, opts: pulumi.CustomResourceOptions = {}) => {
    new aws.secretsmanager.Secret(secret, { name: "lakehouse-dev-dms-source" }, opts);
    new aws.kms.Key(key, { description: "lakehouse dev data key", enableKeyRotation: true }, opts);
  };
  beforeAll(async () => {
    await plan(() => resources("source", "data"), ["--out", base]);
  });
  const head = (network: () => void) => {
    const out = mkdtempSync(join(tmpdir(), "lakehouse-urn-head-"));
    return plan(network, [
      "--out",
      out,
      "--diff",
      base,
      "--pr-labels",
      JSON.stringify([STATEFUL_APPROVAL_LABEL]),
    ]);
  };

  it("fails a logical rename of a secret (same name) and of a key (same description) without an alias", async () => {
    const { code, lines } = await head(() => resources("dms-source", "data-key"));
    expect(code).toBe(1);
    const urns = lines.filter((l) => l.startsWith("urn dev: "));
    expect(urns).toHaveLength(2);
    expect(urns.join("\n")).toContain(
      "urn:pulumi:dev::lakehouse-network::aws:secretsmanager/secret:Secret::source would become urn:pulumi:dev::lakehouse-network::aws:secretsmanager/secret:Secret::dms-source without an alias",
    );
    expect(urns.join("\n")).toContain(
      "urn:pulumi:dev::lakehouse-network::aws:kms/key:Key::data would become urn:pulumi:dev::lakehouse-network::aws:kms/key:Key::data-key without an alias",
    );
  });

  it("passes the renames with aliases, and takes a key with another description for a new key", async () => {
    const kept = await head(() => {
      new aws.secretsmanager.Secret(
        "dms-source",
        { name: "lakehouse-dev-dms-source" },
        { aliases: [{ name: "source" }] },
      );
      new aws.kms.Key(
        "data-key",
        { description: "lakehouse dev data key", enableKeyRotation: true },
        { aliases: [{ name: "data" }] },
      );
    });
    expect(kept.lines.filter((l) => l.startsWith("urn dev: "))).toEqual([]);
    const other = await head(() => {
      new aws.secretsmanager.Secret("source", { name: "lakehouse-dev-dms-source" });
      new aws.kms.Key("audit", { description: "lakehouse dev audit key", enableKeyRotation: true });
    });
    expect(other.lines.filter((l) => l.startsWith("urn dev: "))).toEqual([]);
  });
});

describe("URN stability of the Lambda execution-role helper (LambdaExecutionRole)", () => {
  it("keeps each function's role, policy and log group at the URN it had as the function's own child", async () => {
    const out = mkdtempSync(join(tmpdir(), "lakehouse-urn-lambda-"));
    const code = await planCommand(
      parseArgs(["plan", "--stack", "dev", "--layers", "ingestion", "--out", out]),
      {
        log: () => {},
        loadProgram: importProgram,
        // the access proof is not what this test is about (access-proof.test.ts proves it)
        loadMatrices: async () => [],
      },
    );
    expect(code).toBe(0);
    const ingestion = JSON.parse(
      readFileSync(join(out, "dev", "lakehouse-ingestion.json"), "utf8"),
    ) as PlanFile;
    const kept = aliasIndex(ingestion.resources);
    // The URNs these resources had before the helper existed (main before it), as deployed stacks hold them.
    const prefix = "urn:pulumi:dev::lakehouse-ingestion::";
    for (const [component, fn] of [
      ["lakehouse:ingestion:CdcFunction", "cdc-handler"],
      ["lakehouse:ingestion:DmsReplicationUser", "dms-user"],
    ] as const) {
      for (const [type, name] of [
        ["aws:iam/role:Role", `${fn}-role`],
        ["aws:iam/rolePolicy:RolePolicy", `${fn}-role-policy`],
        ["aws:cloudwatch/logGroup:LogGroup", `${fn}-logs`],
      ]) {
        const now = kept.get(`${prefix}${component}$${type}::${name}`);
        expect(now, `${component} ${name}`).toMatchObject({ type, name });
        expect(now?.urn).toBe(
          `${prefix}${component}$lakehouse:ingestion:LambdaExecutionRole$${type}::${name}`,
        );
      }
    }
  });
});
