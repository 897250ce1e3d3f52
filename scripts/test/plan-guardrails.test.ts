import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as aws from "@pulumi/aws";
import { describe, expect, it } from "vitest";
import { parseArgs } from "../src/args";
import { planCommand } from "../src/commands/plan";

/** `lakehouse plan` with the network program replaced by `network`, everything else planning nothing. */
async function planWith(network: () => Record<string, unknown>) {
  const lines: string[] = [];
  const out = mkdtempSync(join(tmpdir(), "lakehouse-plan-guardrails-"));
  const code = await planCommand(parseArgs(["plan", "--stack", "dev", "--layers", "network", "--out", out]), {
    log: (line) => lines.push(line),
    loadProgram: async (program) => async () => (program === "network" ? network() : {}),
    loadMatrices: async () => [],
  });
  return { code, lines };
}

describe("lakehouse plan enforces the guardrails", () => {
  it("fails on a mandatory violation, naming the rule and the resource's URN", async () => {
    const { code, lines } = await planWith(() => {
      const bucket = new aws.s3.Bucket("scratch", { bucket: "lakehouse-dev-scratch" });
      return { bucket: bucket.bucket };
    });
    expect(code).toBe(1);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^guardrails dev\/network: MANDATORY \[s3-public-access-blocked\] urn:pulumi:dev::lakehouse-network::aws:s3\/bucket:Bucket::scratch: /,
      ),
    );
    expect(lines.find((l) => l.startsWith("guardrails dev:"))).toMatch(
      /^guardrails dev: [1-9]\d* mandatory, .*ask for an exemption in packages\/policy\/src\/exemptions\.ts/,
    );
  });

  it("passes a program that creates nothing the rules object to", async () => {
    const { code, lines } = await planWith(() => ({}));
    expect(code).toBe(0);
    expect(lines.find((l) => l.startsWith("guardrails dev:"))).toBe(
      "guardrails dev: 0 mandatory, 0 advisory, 0 exempted violation(s)",
    );
  });
});
