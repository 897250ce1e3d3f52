import { installMocks, MOCK_ACCOUNT_ID, outputValue, policyOf } from "@lakehouse/testing";
import { describe, expect, it } from "vitest";

const { recorder } = installMocks({ project: "lakehouse-lake-storage", stack: "dev" });

import * as aws from "@pulumi/aws";
import * as settings from "@pulumi/pulumi/runtime/settings";
import { BucketGrants, bucketStatements, lifecycleRules, SecureBucket } from "../src";

const KEY_ARN = `arn:aws:kms:eu-west-1:${MOCK_ACCOUNT_ID}:key/11111111-2222-3333-4444-555555555555`;
const settle = () => (settings as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();

const logs = new SecureBucket("logs", {
  bucketName: "lakehouse-dev-logs-123456789012",
  accessLogTarget: { sourceAccountId: MOCK_ACCOUNT_ID, sourceBucketNamePrefix: "lakehouse-dev-" },
  lifecycle: { expirationDays: 30 },
});
const raw = new SecureBucket("raw", {
  bucketName: "lakehouse-dev-raw-123456789012",
  kmsKeyArn: KEY_ARN,
  accessLogs: { bucket: logs.bucketName, prefix: "raw/" },
  versioned: true,
  lifecycle: {
    transitions: [
      { days: 30, storageClass: "STANDARD_IA" },
      { days: 90, storageClass: "GLACIER_IR" },
    ],
    expirationDays: 365,
    noncurrentVersionExpirationDays: 14,
    abortIncompleteMultipartUploadDays: 3,
  },
});
const scratch = new SecureBucket("scratch", {
  bucketName: "lakehouse-dev-scratch",
  kmsKeyArn: KEY_ARN,
  accessLogs: { bucket: "lakehouse-dev-logs-123456789012", prefix: "scratch/" },
  retain: false,
});
const role = new aws.iam.Role("ingest", { name: "ingest", assumeRolePolicy: "{}" });
const readEvents = raw.grantRead(role, "events/");
const writeEvents = raw.grantWrite(role, "events");
const readAll = raw.grantReadWrite(role);

const rawBucket = "arn:aws:s3:::lakehouse-dev-raw-123456789012";

describe("SecureBucket (data bucket)", () => {
  it("encrypts with the given customer-managed key and an S3 bucket key", async () => {
    await settle();
    const sse = recorder.get(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "raw",
    );
    expect(sse.inputs.bucket).toBe("lakehouse-dev-raw-123456789012");
    expect(sse.inputs.rules).toEqual([
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN },
        bucketKeyEnabled: true,
      },
    ]);
  });

  it("blocks every kind of public access and disables ACLs", async () => {
    await settle();
    const pab = recorder.get("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "raw").inputs;
    expect(pab).toMatchObject({
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    const ownership = recorder.get("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "raw").inputs;
    expect(ownership.rule).toEqual({ objectOwnership: "BucketOwnerEnforced" });
  });

  it("denies non-TLS requests and uploads naming another encryption type or key (exact policy)", async () => {
    await settle();
    const policy = policyOf(recorder.get("aws:s3/bucketPolicy:BucketPolicy", "raw").inputs.policy);
    expect(policy).toEqual({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [rawBucket, `${rawBucket}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
        {
          Sid: "DenyOtherEncryptionTypes",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:PutObject",
          Resource: `${rawBucket}/*`,
          Condition: {
            StringNotEquals: { "s3:x-amz-server-side-encryption": "aws:kms" },
            Null: { "s3:x-amz-server-side-encryption": "false" },
          },
        },
        {
          Sid: "DenyOtherKmsKeys",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:PutObject",
          Resource: `${rawBucket}/*`,
          Condition: {
            StringNotEquals: { "s3:x-amz-server-side-encryption-aws-kms-key-id": KEY_ARN },
            Null: { "s3:x-amz-server-side-encryption-aws-kms-key-id": "false" },
          },
        },
      ],
    });
    // The policy waits for the public-access block (S3 rejects policies while it changes).
    const pab = recorder.get("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "raw");
    expect(recorder.get("aws:s3/bucketPolicy:BucketPolicy", "raw").dependencies).toContain(pab.urn);
  });

  it("logs access to the logs bucket under its own prefix and keeps versions", async () => {
    await settle();
    const logging = recorder.get("aws:s3/bucketLogging:BucketLogging", "raw").inputs;
    expect(logging).toMatchObject({ targetBucket: "lakehouse-dev-logs-123456789012", targetPrefix: "raw/" });
    expect(
      recorder.get("aws:s3/bucketVersioning:BucketVersioning", "raw").inputs.versioningConfiguration,
    ).toEqual({
      status: "Enabled",
    });
    expect(recorder.find("aws:s3/bucketVersioning:BucketVersioning", "scratch")).toBeUndefined();
  });

  it("ages objects with the configured lifecycle: transitions, expiry, noncurrent expiry, aborted uploads", async () => {
    await settle();
    const rules = recorder.get("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "raw")
      .inputs.rules as Record<string, unknown>[];
    const byId = Object.fromEntries(rules.map((r) => [r.id, r]));
    expect(Object.keys(byId).sort()).toEqual([
      "abort-incomplete-multipart-uploads",
      "expire-current-versions",
      "expire-noncurrent-versions",
      "transition-current-versions",
    ]);
    expect(byId["transition-current-versions"]?.transitions).toEqual([
      { days: 30, storageClass: "STANDARD_IA" },
      { days: 90, storageClass: "GLACIER_IR" },
    ]);
    expect(byId["expire-current-versions"]?.expiration).toEqual({ days: 365 });
    expect(byId["expire-noncurrent-versions"]?.noncurrentVersionExpiration).toEqual({ noncurrentDays: 14 });
    expect(byId["abort-incomplete-multipart-uploads"]?.abortIncompleteMultipartUpload).toEqual({
      daysAfterInitiation: 3,
    });
    for (const rule of rules) expect(rule).toMatchObject({ status: "Enabled", filter: { prefix: "" } });
  });

  it("retains by default (protect, retain on delete, no force-destroy) and only then", async () => {
    await settle();
    const kept = recorder.get("aws:s3/bucket:Bucket", "raw");
    expect(kept).toMatchObject({ protect: true, retainOnDelete: true });
    expect(kept.inputs.forceDestroy).toBe(false);
    const disposable = recorder.get("aws:s3/bucket:Bucket", "scratch");
    expect(disposable).toMatchObject({ protect: false, retainOnDelete: false });
    expect(disposable.inputs.forceDestroy).toBe(true);
    expect(await outputValue(scratch.arn)).toBe("arn:aws:s3:::lakehouse-dev-scratch");
  });

  it("refuses a data bucket without a key or without access logging", () => {
    expect(
      () => new SecureBucket("bad-1", { bucketName: "x", accessLogs: { bucket: "l", prefix: "x/" } }),
    ).toThrow(/exactly one of kmsKeyArn .* and accessLogTarget/);
    expect(() => new SecureBucket("bad-2", { bucketName: "x", kmsKeyArn: KEY_ARN })).toThrow(
      /accessLogs is required/,
    );
  });
});

describe("SecureBucket (access-log target)", () => {
  it("uses SSE-S3, does not log to itself and admits only S3 log delivery from this account's lake buckets", async () => {
    await settle();
    const sse = recorder.get(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "logs",
    );
    expect(sse.inputs.rules).toEqual([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
    expect(recorder.find("aws:s3/bucketLogging:BucketLogging", "logs")).toBeUndefined();
    const policy = policyOf(recorder.get("aws:s3/bucketPolicy:BucketPolicy", "logs").inputs.policy);
    const logsArn = "arn:aws:s3:::lakehouse-dev-logs-123456789012";
    expect(policy.Statement.map((s) => s.Sid)).toEqual([
      "DenyInsecureTransport",
      "AllowS3ServerAccessLogDelivery",
    ]);
    expect(policy.Statement[1]).toEqual({
      Sid: "AllowS3ServerAccessLogDelivery",
      Effect: "Allow",
      Principal: { Service: "logging.s3.amazonaws.com" },
      Action: "s3:PutObject",
      Resource: `${logsArn}/*`,
      Condition: {
        StringEquals: { "aws:SourceAccount": MOCK_ACCOUNT_ID },
        ArnLike: { "aws:SourceArn": "arn:aws:s3:::lakehouse-dev-*" },
      },
    });
  });
});

describe("grants", () => {
  it("grantRead(role, prefix) lets the role list and read that prefix only, decrypting only through S3 (exact JSON)", async () => {
    await settle();
    const recorded = recorder.get("aws:iam/rolePolicy:RolePolicy", "ingest-raw-read-events");
    expect(recorded.inputs.role).toBe("ingest");
    expect(recorded.inputs.name).toBe("raw-read-events");
    expect(policyOf(recorded.inputs.policy)).toEqual({
      Version: "2012-10-17",
      Statement: [
        { Sid: "LocateBucket", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: rawBucket },
        {
          Sid: "ListPrefix",
          Effect: "Allow",
          Action: "s3:ListBucket",
          Resource: rawBucket,
          Condition: { StringLike: { "s3:prefix": ["events/", "events/*"] } },
        },
        {
          Sid: "ReadObjects",
          Effect: "Allow",
          Action: ["s3:GetObject", "s3:GetObjectVersion"],
          Resource: `${rawBucket}/events/*`,
        },
        {
          Sid: "DecryptThroughS3",
          Effect: "Allow",
          Action: "kms:Decrypt",
          Resource: KEY_ARN,
          Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
        },
      ],
    });
    expect(await outputValue(readEvents.name)).toBe("raw-read-events");
  });

  it("grantWrite(role, prefix) can put under the prefix but neither read nor delete", async () => {
    await settle();
    const policy = policyOf(
      recorder.get("aws:iam/rolePolicy:RolePolicy", "ingest-raw-write-events").inputs.policy,
    );
    const objects = policy.Statement.find((s) => s.Sid === "WriteObjects");
    expect(objects).toEqual({
      Sid: "WriteObjects",
      Effect: "Allow",
      Action: ["s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"],
      Resource: `${rawBucket}/events/*`,
    });
    const actions = policy.Statement.flatMap((s) => [s.Action].flat());
    expect(actions).not.toContain("s3:GetObject");
    expect(actions).not.toContain("s3:DeleteObject");
    expect(policy.Statement.find((s) => s.Sid === "EncryptDecryptThroughS3")).toMatchObject({
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Resource: KEY_ARN,
      Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
    });
    expect(await outputValue(writeEvents.role)).toBe("ingest");
  });

  it("a whole-bucket grant has no s3:prefix condition and never a '*' resource", async () => {
    await settle();
    const policy = policyOf(
      recorder.get("aws:iam/rolePolicy:RolePolicy", "ingest-raw-read-write-all").inputs.policy,
    );
    expect(policy.Statement.find((s) => s.Sid === "ListPrefix")).toEqual({
      Sid: "ListPrefix",
      Effect: "Allow",
      Action: "s3:ListBucket",
      Resource: rawBucket,
    });
    expect(policy.Statement.find((s) => s.Sid === "ReadWriteObjects")?.Resource).toBe(`${rawBucket}/*`);
    expect(policy.Statement.flatMap((s) => [s.Resource].flat())).not.toContain("*");
    expect(await outputValue(readAll.name)).toBe("raw-read-write-all");
  });

  it("works from a bucket ARN received through a stack reference, and rejects absolute prefixes", async () => {
    const grants = new BucketGrants("results", { bucketArn: "arn:aws:s3:::r" });
    const statements = await outputValue(grants.statements("read", "athena/"));
    expect(statements.map((s) => s.Sid)).toEqual(["LocateBucket", "ListPrefix", "ReadObjects"]);
    expect(() => bucketStatements({ bucketArn: "arn:aws:s3:::r" }, "read", "/abs", "eu-west-1")).toThrow(
      /must not start with "\/"/,
    );
  });
});

describe("lifecycleRules", () => {
  it("always aborts incomplete uploads (7 days by default) and adds nothing unasked", () => {
    expect(lifecycleRules({})).toEqual([
      {
        id: "abort-incomplete-multipart-uploads",
        status: "Enabled",
        filter: { prefix: "" },
        abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
      },
    ]);
  });

  it("honours the smallest explicit values instead of falling back to defaults", () => {
    const rules = lifecycleRules({ expirationDays: 1, abortIncompleteMultipartUploadDays: 1 });
    expect(rules.map((r) => r.id)).toEqual(["abort-incomplete-multipart-uploads", "expire-current-versions"]);
    expect(rules[0]?.abortIncompleteMultipartUpload).toEqual({ daysAfterInitiation: 1 });
  });
});
