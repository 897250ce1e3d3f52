import { installMocks, outputValue } from "@lakehouse/testing";
import { describe, expect, it } from "vitest";

const { recorder } = installMocks({ project: "lakehouse-transformation", stack: "dev" });

import {
  GlueAsset,
  GlueJob,
  GlueServiceRole,
  hashedKey,
  icebergSparkConf,
  pipelineKeyStatements,
} from "../src";

const jobBase = {
  description: "test job",
  roleArn: "arn:aws:iam::123456789012:role/jobs",
  scriptLocation: "s3://assets/glue/scripts/0123456789abcdef/job.py",
  securityConfigurationName: "sec",
  tempDir: "s3://assets/glue/tmp/",
  logKmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
};

describe("GlueJob", () => {
  it("applies the documented defaults and passes script arguments with a leading --", async () => {
    const job = new GlueJob("plain", {
      ...jobBase,
      jobName: "plain",
      scriptArguments: { manifest_path: "s3://assets/m.json" },
      logGroupPrefix: "/aws-glue/test/plain",
    });
    await outputValue(job.name);
    const inputs = recorder.get("aws:glue/job:Job", "plain").inputs;
    expect(inputs).toMatchObject({
      workerType: "G.1X",
      numberOfWorkers: 2,
      timeout: 60,
      maxRetries: 1,
      glueVersion: "5.0",
    });
    const args = inputs.defaultArguments as Record<string, string>;
    expect(args["--manifest_path"]).toBe("s3://assets/m.json");
    expect(args["--job-bookmark-option"]).toBe("job-bookmark-enable");
    expect(args["--extra-py-files"]).toBeUndefined();
    expect(args["--datalake-formats"]).toBeUndefined();
    expect(recorder.get("aws:cloudwatch/logGroup:LogGroup", "plain-error").inputs).toMatchObject({
      name: "/aws-glue/test/plain/error",
      retentionInDays: 30,
    });
  });

  it("keeps an explicit 0 retries and disabled bookmarks (?? not ||)", async () => {
    const job = new GlueJob("zero", {
      ...jobBase,
      jobName: "zero",
      scriptArguments: {},
      logGroupPrefix: "/aws-glue/test/zero",
      maxRetries: 0,
      bookmarks: false,
      extraPyFiles: ["s3://a/x.py", "s3://a/y.py"],
    });
    await outputValue(job.name);
    const inputs = recorder.get("aws:glue/job:Job", "zero").inputs;
    expect(inputs.maxRetries).toBe(0);
    const args = inputs.defaultArguments as Record<string, string>;
    expect(args["--job-bookmark-option"]).toBe("job-bookmark-disable");
    expect(args["--extra-py-files"]).toBe("s3://a/x.py,s3://a/y.py");
  });

  it("refuses script arguments that would overwrite Glue's own parameters", () => {
    expect(
      () =>
        new GlueJob("clash", {
          ...jobBase,
          jobName: "clash",
          scriptArguments: { TempDir: "s3://elsewhere/" },
          logGroupPrefix: "/aws-glue/test/clash",
        }),
    ).toThrow(/script arguments use Glue's names: TempDir/);
  });

  it("renders the Iceberg catalog conf with SSE-KMS for S3FileIO", () => {
    const conf = icebergSparkConf("glue_catalog", "s3://refined/iceberg/", "arn:k");
    expect(conf.split(" --conf ")).toEqual([
      "spark.sql.extensions=org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions",
      "spark.sql.catalog.glue_catalog=org.apache.iceberg.spark.SparkCatalog",
      "spark.sql.catalog.glue_catalog.warehouse=s3://refined/iceberg/",
      "spark.sql.catalog.glue_catalog.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog",
      "spark.sql.catalog.glue_catalog.io-impl=org.apache.iceberg.aws.s3.S3FileIO",
      "spark.sql.catalog.glue_catalog.s3.sse.type=kms",
      "spark.sql.catalog.glue_catalog.s3.sse.key=arn:k",
    ]);
  });
});

describe("GlueAsset", () => {
  it("keeps the file name (an importable module name) and puts the content hash in the folder", () => {
    const a = hashedKey("glue/sql/", "orders.sql", "SELECT 1");
    expect(a).toMatch(/^glue\/sql\/[0-9a-f]{16}\/orders\.sql$/);
    expect(hashedKey("glue/scripts/", "lakehouse_runner.py", "x").split("/").pop()).toBe(
      "lakehouse_runner.py",
    );
    expect(hashedKey("glue/sql/", "orders.sql", "SELECT 1")).toBe(a);
    expect(hashedKey("glue/sql/", "orders.sql", "SELECT 2")).not.toBe(a);
  });

  it("uploads SSE-KMS with a bucket key and a content type from the extension", async () => {
    const asset = new GlueAsset("script", {
      bucket: "assets",
      keyPrefix: "glue/scripts/",
      fileName: "job.py",
      content: "print('x')\n",
      kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k",
    });
    expect(await outputValue(asset.s3Uri)).toBe(
      `s3://assets/${hashedKey("glue/scripts/", "job.py", "print('x')\n")}`,
    );
    expect(recorder.get("aws:s3/bucketObjectv2:BucketObjectv2", "script").inputs).toMatchObject({
      serverSideEncryption: "aws:kms",
      kmsKeyId: "arn:aws:kms:eu-west-1:123456789012:key/k",
      bucketKeyEnabled: true,
      contentType: "text/x-python",
    });
  });

  it("rejects an absolute or unterminated key prefix", () => {
    const args = { bucket: "b", fileName: "x.sql", content: "", kmsKeyArn: "k" };
    expect(() => new GlueAsset("abs", { ...args, keyPrefix: "/glue/" })).toThrow(
      /must be relative and end with/,
    );
    expect(() => new GlueAsset("open", { ...args, keyPrefix: "glue" })).toThrow(
      /must be relative and end with/,
    );
  });
});

describe("GlueServiceRole", () => {
  it("limits listing to the granted prefixes and objects to those prefixes", async () => {
    const role = new GlueServiceRole("reader", {
      roleName: "reader",
      description: "test",
      accountId: "123456789012",
      region: "eu-west-1",
    });
    role.grantS3Read("raw", { bucketArn: "arn:aws:s3:::raw", prefixes: ["events/", "google-analytics/"] });
    await outputValue(role.arn);
    await new Promise((r) => setTimeout(r, 50));
    const policy = JSON.parse(
      recorder.get("aws:iam/rolePolicy:RolePolicy", "reader-s3-read-raw").inputs.policy as string,
    );
    expect(policy.Statement).toEqual([
      { Sid: "LocateBucket", Effect: "Allow", Action: "s3:GetBucketLocation", Resource: "arn:aws:s3:::raw" },
      {
        Sid: "ListPrefixes",
        Effect: "Allow",
        Action: "s3:ListBucket",
        Resource: "arn:aws:s3:::raw",
        Condition: {
          StringLike: { "s3:prefix": ["events/", "events/*", "google-analytics/", "google-analytics/*"] },
        },
      },
      {
        Sid: "ReadObjects",
        Effect: "Allow",
        Action: ["s3:GetObject"],
        Resource: ["arn:aws:s3:::raw/events/*", "arn:aws:s3:::raw/google-analytics/*"],
      },
    ]);
  });
});

describe("pipelineKeyStatements", () => {
  it("gives EventBridge only data-key generation and decryption, from this account", () => {
    const statements = pipelineKeyStatements(
      { logGroupNamePrefixes: ["/aws-glue/"] },
      [],
      "123456789012",
      "eu-west-1",
    );
    expect(statements.map((s) => s.Sid)).toEqual([
      "AccountRootAdministers",
      "CloudWatchLogsEncryptsGlueLogs",
      "EventBridgePublishesToEncryptedTopics",
    ]);
    expect(statements[2]).toMatchObject({
      Action: ["kms:GenerateDataKey", "kms:Decrypt"],
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
    const withoutEvents = pipelineKeyStatements(
      { logGroupNamePrefixes: ["/aws-glue/"], allowEventBridge: false },
      ["arn:aws:iam::123456789012:role/jobs"],
      "123456789012",
      "eu-west-1",
    );
    expect(withoutEvents.map((s) => s.Sid)).toEqual([
      "AccountRootAdministers",
      "GlueRolesEncryptBookmarks",
      "CloudWatchLogsEncryptsGlueLogs",
    ]);
  });
});
