import { describe, expect, it } from "vitest";
import { type Exemption, guardrailReport } from "../src";

const TAGS = {
  platform: "lakehouse",
  layer: "ingestion",
  environment: "prod",
  "owner-team": "t",
  "managed-by": "pulumi",
};
const table = (name: string, inputs: Record<string, unknown>, protect = true) => ({
  urn: `urn:pulumi:prod::lakehouse-ingestion::aws:dynamodb/table:Table::${name}`,
  type: "aws:dynamodb/table:Table",
  name,
  inputs: {
    tags: TAGS,
    deletionProtectionEnabled: true,
    serverSideEncryption: { enabled: true, kmsKeyArn: "k" },
    ...inputs,
  },
  protect,
});

describe("guardrailReport", () => {
  it("prints each violation with its level, layer, rule and URN, and sums them up", () => {
    const report = guardrailReport([
      {
        layer: "ingestion",
        stack: "prod",
        resources: [table("orders", { pointInTimeRecovery: { enabled: false } })],
      },
    ]);
    expect(report.mandatory).toBe(1);
    expect(report.lines).toEqual([
      'guardrails prod/ingestion: MANDATORY [dynamodb-pitr] urn:pulumi:prod::lakehouse-ingestion::aws:dynamodb/table:Table::orders: Table "orders" has no point-in-time recovery: set pointInTimeRecovery: { enabled: true }.',
      "guardrails prod: 1 mandatory, 0 advisory, 0 exempted violation(s); fix the mandatory ones, or ask for an exemption in packages/policy/src/exemptions.ts (see packages/policy/README.md)",
    ]);
  });

  it("reports a clean plan in one line, and shows exempted violations with owner and expiry", () => {
    const clean = guardrailReport([
      {
        layer: "ingestion",
        stack: "prod",
        resources: [table("orders", { pointInTimeRecovery: { enabled: true } })],
      },
    ]);
    expect(clean.lines).toEqual(["guardrails prod: 0 mandatory, 0 advisory, 0 exempted violation(s)"]);

    const exemption: Exemption = {
      rule: "dynamodb-pitr",
      urn: "urn:pulumi:prod::lakehouse-ingestion::*::orders",
      reason: "r".repeat(20),
      owner: "@acme-data/data-ingestion",
      expires: "2099-01-01",
    };
    const exempted = guardrailReport(
      [{ layer: "ingestion", stack: "prod", resources: [table("orders", {})] }],
      { exemptions: [exemption] },
    );
    expect(exempted.mandatory).toBe(0);
    expect(exempted.lines[0]).toMatch(
      /^guardrails prod\/ingestion: exempted until 2099-01-01 \(@acme-data\/data-ingestion\) \[dynamodb-pitr\]/,
    );
  });
});
