import { describe, expect, it } from "vitest";
import { logGroupEncrypted, logGroupRetention } from "../src/rules/logs";
import { check } from "./fixtures";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";

describe("log group rules", () => {
  it("pass a KMS-encrypted group with retention", () => {
    const group = { kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k", retentionInDays: 30 };
    expect(check(logGroupEncrypted, LOG_GROUP, group)).toEqual([]);
    expect(check(logGroupRetention, LOG_GROUP, group)).toEqual([]);
  });

  it("log-group-encrypted fails a group without a key", () => {
    expect(check(logGroupEncrypted, LOG_GROUP, { retentionInDays: 30 })[0]).toMatch(/set kmsKeyId/);
  });

  it("log-group-retention fails a group kept forever (no retention or 0)", () => {
    expect(check(logGroupRetention, LOG_GROUP, {})[0]).toMatch(/keeps logs forever: set retentionInDays/);
    expect(check(logGroupRetention, LOG_GROUP, { retentionInDays: 0 })).toHaveLength(1);
  });
});
