import { describe, expect, it } from "vitest";
import {
  dynamodbDeletionProtection,
  dynamodbKmsEncryption,
  dynamodbPointInTimeRecovery,
} from "../src/rules/dynamodb";
import { check } from "./fixtures";

const TABLE = "aws:dynamodb/table:Table";
const SECURE = {
  pointInTimeRecovery: { enabled: true },
  serverSideEncryption: { enabled: true, kmsKeyArn: "arn:aws:kms:eu-west-1:1:key/k" },
  deletionProtectionEnabled: true,
};

describe("DynamoDB rules", () => {
  it("pass a table with PITR, a customer-managed key and deletion protection", () => {
    for (const rule of [dynamodbPointInTimeRecovery, dynamodbKmsEncryption, dynamodbDeletionProtection]) {
      expect(check(rule, TABLE, SECURE, { stack: "prod" })).toEqual([]);
    }
  });

  it("dynamodb-pitr fails a table without point-in-time recovery", () => {
    expect(
      check(dynamodbPointInTimeRecovery, TABLE, { ...SECURE, pointInTimeRecovery: { enabled: false } })[0],
    ).toMatch(/has no point-in-time recovery: set pointInTimeRecovery: \{ enabled: true \}/);
  });

  it("dynamodb-kms-encryption fails the AWS-owned default and an enabled SSE without a key ARN", () => {
    expect(check(dynamodbKmsEncryption, TABLE, { ...SECURE, serverSideEncryption: undefined })).toHaveLength(
      1,
    );
    expect(
      check(dynamodbKmsEncryption, TABLE, { ...SECURE, serverSideEncryption: { enabled: true } })[0],
    ).toMatch(/kmsKeyArn/);
  });

  it("dynamodb-deletion-protection (advisory) applies to production only", () => {
    const unprotected = { ...SECURE, deletionProtectionEnabled: false };
    expect(dynamodbDeletionProtection.enforcement).toBe("advisory");
    expect(check(dynamodbDeletionProtection, TABLE, unprotected, { stack: "prod" })).toHaveLength(1);
    expect(check(dynamodbDeletionProtection, TABLE, unprotected, { stack: "dev" })).toEqual([]);
  });
});
