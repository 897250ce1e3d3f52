import { installMocks, MOCK_ACCOUNT_ID, outputValue, policyOf } from "@lakehouse/testing";
import { describe, expect, it } from "vitest";

const { recorder } = installMocks({
  project: "lakehouse-lake-storage",
  stack: "prod",
  account: MOCK_ACCOUNT_ID,
});

import * as settings from "@pulumi/pulumi/runtime/settings";
import { KEY_ADMIN_ACTIONS, KEY_USAGE_ACTIONS, PlatformKey } from "../src";

const settle = () => (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
const ROLE = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/lf-data-access`;

const key = new PlatformKey("data", {
  description: "data at rest",
  aliasName: "lakehouse-prod-data",
  viaServices: ["s3", "glue"],
  logGroupNamePrefixes: ["/aws/lambda/lakehouse-prod-", "/lakehouse/prod/"],
  usageRoles: [{ sid: "LakeFormationDataAccessRole", roleArn: ROLE, viaServices: ["s3"] }],
});
const bare = new PlatformKey("bare", { description: "admin only", aliasName: "bare", retain: false });

describe("PlatformKey", () => {
  it("is a symmetric key that rotates yearly, retained by default", async () => {
    await settle();
    const k = recorder.get("aws:kms/key:Key", "data");
    expect(k.inputs).toMatchObject({
      enableKeyRotation: true,
      rotationPeriodInDays: 365,
      deletionWindowInDays: 30,
      customerMasterKeySpec: "SYMMETRIC_DEFAULT",
    });
    expect(k).toMatchObject({ protect: true, retainOnDelete: true });
    expect(recorder.get("aws:kms/key:Key", "bare")).toMatchObject({ protect: false });
    expect(recorder.get("aws:kms/alias:Alias", "data").inputs.name).toBe("alias/lakehouse-prod-data");
    expect(await outputValue(key.arn)).toMatch(/^arn:aws:kms:eu-west-1:123456789012:key\//);
  });

  it("lets the account root administer the key but not use it outside the listed services", async () => {
    await settle();
    const policy = policyOf(recorder.get("aws:kms/key:Key", "data").inputs.policy);
    const root = `arn:aws:iam::${MOCK_ACCOUNT_ID}:root`;
    const admin = policy.Statement.find((s) => s.Sid === "AccountRootAdministers");
    expect(admin).toEqual({
      Sid: "AccountRootAdministers",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: [...KEY_ADMIN_ACTIONS],
      Resource: "*",
    });
    expect(admin?.Action).not.toContain("kms:Decrypt");
    expect(admin?.Action).not.toContain("kms:*");
    expect(policy.Statement.find((s) => s.Sid === "AccountUsesThroughPlatformServices")).toEqual({
      Sid: "AccountUsesThroughPlatformServices",
      Effect: "Allow",
      Principal: { AWS: root },
      Action: [...KEY_USAGE_ACTIONS],
      Resource: "*",
      Condition: {
        StringEquals: {
          "kms:CallerAccount": MOCK_ACCOUNT_ID,
          "kms:ViaService": ["s3.eu-west-1.amazonaws.com", "glue.eu-west-1.amazonaws.com"],
        },
      },
    });
    // Grants only for AWS resources (a table, a cluster), never to arbitrary principals.
    expect(policy.Statement.find((s) => s.Sid === "AccountGrantsToPlatformServices")).toMatchObject({
      Action: "kms:CreateGrant",
      Condition: {
        StringEquals: { "kms:ViaService": ["s3.eu-west-1.amazonaws.com", "glue.eu-west-1.amazonaws.com"] },
        Bool: { "kms:GrantIsForAWSResource": "true" },
      },
    });
  });

  it("binds CloudWatch Logs to the platform's log groups through the encryption context", async () => {
    await settle();
    const policy = policyOf(recorder.get("aws:kms/key:Key", "data").inputs.policy);
    const logs = policy.Statement.find((s) => s.Sid === "CloudWatchLogsEncryptsPlatformLogGroups");
    expect(logs?.Principal).toEqual({ Service: "logs.eu-west-1.amazonaws.com" });
    expect(logs?.Condition).toEqual({
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": [
          `arn:aws:logs:eu-west-1:${MOCK_ACCOUNT_ID}:log-group:/aws/lambda/lakehouse-prod-*`,
          `arn:aws:logs:eu-west-1:${MOCK_ACCOUNT_ID}:log-group:/lakehouse/prod/*`,
        ],
      },
    });
    const role = policy.Statement.find((s) => s.Sid === "LakeFormationDataAccessRole");
    expect(role?.Principal).toEqual({ AWS: ROLE });
    expect(role?.Condition).toEqual({ StringEquals: { "kms:ViaService": ["s3.eu-west-1.amazonaws.com"] } });
  });

  it("without services or log groups, only administration is allowed", async () => {
    await settle();
    const policy = policyOf(recorder.get("aws:kms/key:Key", "bare").inputs.policy);
    expect(policy.Statement.map((s) => s.Sid)).toEqual(["AccountRootAdministers"]);
    expect(await outputValue(bare.keyId)).toBeTruthy();
  });
});
