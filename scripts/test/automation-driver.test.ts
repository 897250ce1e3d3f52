import { beforeEach, describe, expect, it, vi } from "vitest";
import { automationDriverFactory, requirePulumiCli } from "../src/deploy/automation-driver";

/** The Automation API's LocalWorkspace, faked: records how the driver selects stacks and calls them. */
const automation = vi.hoisted(() => {
  const calls: { method: string; args: unknown[] }[] = [];
  const events = [
    {
      resourcePreEvent: {
        metadata: {
          op: "replace",
          urn: "urn:pulumi:dev::p::aws:s3/bucket:Bucket::raw",
          type: "aws:s3/bucket:Bucket",
          keys: ["bucket"],
          diffs: ["bucket"],
        },
      },
    },
    {
      resourcePreEvent: {
        metadata: { op: "same", urn: "urn:pulumi:dev::p::aws:kms/key:Key::k", type: "aws:kms/key:Key" },
      },
    },
    {
      resOutputsEvent: {
        metadata: {
          op: "update",
          urn: "urn:pulumi:dev::p::pulumi:pulumi:Stack::p-dev",
          type: "pulumi:pulumi:Stack",
          old: { outputs: { rawBucketName: "a", vpcId: "v" } },
          new: { outputs: { rawBucketName: "b", vpcId: "v" } },
        },
      },
    },
    {
      policyEvent: {
        policyPackName: "lakehouse",
        policyName: "s3-encrypted",
        enforcementLevel: "mandatory",
        message: "bucket raw is not encrypted",
        resourceUrn: "urn:x::raw",
        color: "",
        policyPackVersion: "1",
        policyPackVersionTag: "1",
      },
    },
  ];
  const operation =
    (method: string, result: object) =>
    async (opts: { onEvent?: (e: unknown) => void; onOutput?: (s: string) => void }) => {
      calls.push({ method, args: [opts] });
      for (const e of events) opts.onEvent?.(e);
      opts.onOutput?.("engine output\n");
      return { stdout: "engine output\n", stderr: "", ...result };
    };
  const stack = {
    preview: operation("preview", { changeSummary: { create: 2, replace: 1, same: 7 } }),
    up: operation("up", { summary: { resourceChanges: { update: 3, delete: 1 } }, outputs: {} }),
    destroy: operation("destroy", { summary: { resourceChanges: { delete: 9 } } }),
    refresh: operation("refresh", { summary: { resourceChanges: { same: 4 } } }),
    outputs: async () => ({
      vpcId: { value: "vpc-1", secret: false },
      password: { value: "p", secret: true },
    }),
  };
  class StackNotFoundError extends Error {}
  return {
    calls,
    module: {
      StackNotFoundError,
      LocalWorkspace: {
        selectStack: async (...args: unknown[]) => {
          calls.push({ method: "selectStack", args });
          return stack;
        },
      },
    },
  };
});
vi.mock("@pulumi/pulumi/automation", () => automation.module);

const backend = {
  url: "s3://state",
  secretsProvider: "awskms://key?region=eu-west-1",
  envVars: { PULUMI_BACKEND_URL: "s3://state" },
};

describe("automationDriverFactory (the real driver, over a faked LocalWorkspace)", () => {
  beforeEach(() => {
    automation.calls.length = 0;
  });

  it("selects (never creates) the layer's stack in its project folder, with the backend", async () => {
    await automationDriverFactory(backend)({
      layer: "network",
      stack: "dev",
      workDir: "/repo/projects/network",
    });
    expect(automation.calls).toEqual([
      {
        method: "selectStack",
        args: [
          { stackName: "dev", workDir: "/repo/projects/network" },
          { envVars: { PULUMI_BACKEND_URL: "s3://state" } },
        ],
      },
    ]);
  });

  it("previews with policy packs, diff and refresh, and reads counts, replacements, policy violations and output changes", async () => {
    const driver = await automationDriverFactory(backend)({
      layer: "lake-storage",
      stack: "dev",
      workDir: "/w",
    });
    const chunks: string[] = [];
    const result = await driver.preview({
      onOutput: (c) => chunks.push(c),
      policyPacks: ["/repo/packages/policy"],
      diff: true,
      refresh: true,
    });
    expect(automation.calls[1]!.args[0]).toMatchObject({
      policyPacks: ["/repo/packages/policy"],
      diff: true,
      refresh: true,
      color: "never",
    });
    expect(chunks).toEqual(["engine output\n"]);
    expect(result.changes).toEqual({ create: 2, update: 0, replace: 1, delete: 0, same: 7 });
    expect(result.steps).toEqual([
      {
        urn: "urn:pulumi:dev::p::aws:s3/bucket:Bucket::raw",
        type: "aws:s3/bucket:Bucket",
        op: "replace",
        replaceKeys: ["bucket"],
        diffs: ["bucket"],
      },
    ]);
    expect(result.outputChanges).toEqual(["rawBucketName"]);
    expect(result.policyViolations).toEqual([
      {
        policyPack: "lakehouse",
        policy: "s3-encrypted",
        level: "mandatory",
        message: "bucket raw is not encrypted",
        urn: "urn:x::raw",
      },
    ]);
  });

  it("up passes policy packs; destroy and refresh report their summaries; outputs hide secrets", async () => {
    const driver = await automationDriverFactory(backend)({ layer: "network", stack: "prod", workDir: "/w" });
    const up = await driver.up({ onOutput: () => {}, policyPacks: ["/p"], diff: false, refresh: true });
    expect(automation.calls.at(-1)).toMatchObject({
      method: "up",
      args: [{ policyPacks: ["/p"], refresh: true }],
    });
    expect(up.changes).toEqual({ create: 0, update: 3, replace: 0, delete: 1, same: 0 });
    expect((await driver.destroy({ onOutput: () => {} })).changes.delete).toBe(9);
    expect(automation.calls.at(-1)!.args[0]).not.toHaveProperty("policyPacks");
    expect((await driver.refresh({ onOutput: () => {} })).changes.same).toBe(4);
    expect(await driver.outputs()).toEqual({ vpcId: "vpc-1", password: "[secret]" });
  });
});

describe("requirePulumiCli", () => {
  it("is a usage error, before anything runs, when the pulumi CLI is not on PATH", () => {
    expect(() => requirePulumiCli({ PATH: "/nonexistent" })).toThrow(
      /the Pulumi CLI is not installed or not on PATH/,
    );
  });
});
