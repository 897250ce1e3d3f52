import { describe, expect, it } from "vitest";
import { RULES } from "../src";

describe("the rule set", () => {
  it("has unique kebab-case names (they are policy names and exemption keys)", () => {
    const names = RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
  });

  it("describes every rule in a sentence", () => {
    for (const rule of RULES) expect(rule.description).toMatch(/^[A-Z].*\.$/);
  });

  it("keeps judgements advisory and the platform's promises mandatory", () => {
    const advisory = RULES.filter((r) => r.enforcement === "advisory").map((r) => r.name);
    expect(advisory.sort()).toEqual([
      "athena-results-kms",
      "aurora-backup-retention",
      "dynamodb-deletion-protection",
      "esm-poison-pill-handling",
      "glue-job-timeout",
      "iam-service-wildcard-actions",
      "lambda-description",
      "quicksight-audience",
      "s3-bucket-key-enabled",
      "sqs-customer-managed-key",
    ]);
  });
});
