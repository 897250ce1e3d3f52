import { describe, expect, it } from "vitest";
import { sqsCustomerManagedKey, sqsEncrypted } from "../src/rules/sqs";
import { check } from "./fixtures";

const QUEUE = "aws:sqs/queue:Queue";

describe("SQS rules", () => {
  it("sqs-encrypted accepts a KMS key or SQS-managed encryption and fails neither", () => {
    expect(check(sqsEncrypted, QUEUE, { kmsMasterKeyId: "arn:aws:kms:eu-west-1:1:key/k" })).toEqual([]);
    expect(check(sqsEncrypted, QUEUE, { sqsManagedSseEnabled: true })).toEqual([]);
    expect(check(sqsEncrypted, QUEUE, { sqsManagedSseEnabled: false })[0]).toMatch(
      /is not encrypted: set kmsMasterKeyId/,
    );
  });

  it("sqs-customer-managed-key (advisory) reports SQS-managed keys", () => {
    expect(sqsCustomerManagedKey.enforcement).toBe("advisory");
    expect(check(sqsCustomerManagedKey, QUEUE, { sqsManagedSseEnabled: true })).toHaveLength(1);
    expect(check(sqsCustomerManagedKey, QUEUE, { kmsMasterKeyId: "alias/lakehouse" })).toEqual([]);
  });
});
