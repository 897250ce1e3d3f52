import { resolve } from "node:path";
import { readStackConfig, runProgram } from "@lakehouse/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { program } from "../src/program";

const repoRoot = resolve(__dirname, "../../..");
// biome-ignore lint/suspicious/noExplicitAny: assertions over recorded JSON
type Json = Record<string, any>;
let run: Awaited<ReturnType<typeof runProgram>>;

beforeAll(async () => {
  const { config, secretKeys } = readStackConfig(repoRoot, "lake-storage", "dev");
  run = await runProgram(program, { project: "lakehouse-lake-storage", stack: "dev", config, secretKeys });
});

describe("lake-storage on dev (real stack config)", () => {
  it("protects nothing and lets buckets be force-destroyed, since dev allows data destruction", () => {
    // only the account's `default` database outlives the stack: other workloads use it too
    expect(run.recorder.resources.filter((r) => r.protect || r.retainOnDelete).map((r) => r.name)).toEqual([
      "default-db",
    ]);
    for (const b of run.recorder.ofType("aws:s3/bucket:Bucket")) expect(b.inputs.forceDestroy).toBe(true);
  });

  it("creates the `default` database Spark sessions and Athena resolve, after the IAM-only defaults are gone", () => {
    const db = run.recorder.get("aws:glue/catalogDatabase:CatalogDatabase", "default-db");
    expect(db.inputs.name).toBe("default");
    expect(db.retainOnDelete).toBe(true);
    expect(db.protect).toBe(false);
  });

  it("lets the analytics deploy role grant by LF-tag expression only over readable values, without passing that on", () => {
    const grants = run.recorder
      .ofType("aws:lakeformation/permissions:Permissions")
      .filter((r) => r.inputs.principal === "arn:aws:iam::123456789012:role/lakehouse-dev-analytics-deploy")
      .filter((r) => r.inputs.lfTag !== undefined);
    expect(
      grants.map((g) => [g.inputs.lfTag, g.inputs.permissions, g.inputs.permissionsWithGrantOption ?? []]),
    ).toEqual([
      [
        { key: "domain", values: ["sales", "marketing", "platform"] },
        ["DESCRIBE", "GRANT_WITH_LF_TAG_EXPRESSION"],
        [],
      ],
      [
        { key: "sensitivity", values: ["public", "internal"] },
        ["DESCRIBE", "GRANT_WITH_LF_TAG_EXPRESSION"],
        [],
      ],
    ]);
  });

  it("names resources per environment and account", () => {
    expect(run.outputs.rawBucketName).toBe("lakehouse-dev-raw-123456789012");
    expect(run.outputs.rawDatabaseName).toBe("lakehouse_dev_raw");
    expect(run.outputs.cdcDatabaseName).toBe("lakehouse_dev_cdc");
    expect(run.recorder.get("aws:glue/catalogDatabase:CatalogDatabase", "cdc-db").inputs.locationUri).toBe(
      "s3://lakehouse-dev-refined-123456789012/iceberg/",
    );
  });

  it("expires raw data and Athena results on dev's shorter schedule", () => {
    const rules = (bucket: string) =>
      run.recorder.get("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", bucket).inputs
        .rules as { id: string; expiration?: unknown }[];
    expect(rules("raw").find((r) => r.id === "expire-current-versions")?.expiration).toEqual({ days: 90 });
    expect(rules("results").find((r) => r.id === "expire-current-versions")?.expiration).toEqual({ days: 7 });
  });

  it("tags every taggable resource with the platform tags", () => {
    for (const type of ["aws:s3/bucket:Bucket", "aws:kms/key:Key", "aws:iam/role:Role"]) {
      for (const r of run.recorder.ofType(type)) {
        expect(r.inputs.tags, `${type} ${r.name}`).toMatchObject({
          platform: "lakehouse",
          layer: "lake-storage",
          environment: "dev",
          "owner-team": "platform-storage",
        });
      }
    }
  });
});

describe("lake-storage lets ingestion's GA4 flow (AppFlow) deliver", () => {
  const statementsOf = (policy: unknown) =>
    (
      JSON.parse(String(policy)) as {
        Statement: { Sid: string; Principal?: unknown; Resource?: unknown; Action?: unknown }[];
      }
    ).Statement;

  it("allows AppFlow to write only under the google-analytics/ prefix of the raw bucket", () => {
    const raw = run.recorder.get("aws:s3/bucketPolicy:BucketPolicy", "raw");
    const appflow = statementsOf(raw.inputs.policy).filter((s) =>
      JSON.stringify(s.Principal).includes("appflow"),
    );
    expect(appflow.map((s) => s.Resource)).toEqual([
      "arn:aws:s3:::lakehouse-dev-raw-123456789012",
      "arn:aws:s3:::lakehouse-dev-raw-123456789012/google-analytics/*",
    ]);
    for (const zone of ["refined", "results", "assets"]) {
      const policy = run.recorder.get("aws:s3/bucketPolicy:BucketPolicy", zone).inputs.policy;
      expect(JSON.stringify(statementsOf(policy))).not.toContain("appflow");
    }
  });

  it("lets AppFlow use the data key, for this account's flows only", () => {
    const key = run.recorder.get("aws:kms/key:Key", "data");
    const statement = statementsOf(key.inputs.policy).find((s) => s.Sid === "AppFlowUseDataKey") as Record<
      string,
      unknown
    >;
    expect(statement.Principal).toEqual({ Service: "appflow.amazonaws.com" });
    expect(statement.Condition).toEqual({ StringEquals: { "aws:SourceAccount": "123456789012" } });
  });

  it("keeps one copy in one region on dev (no replica region configured)", () => {
    expect(run.recorder.ofType("aws:s3/bucketReplicationConfig:BucketReplicationConfig")).toEqual([]);
  });

  it("exports one alarm topic, encrypted with a key of its own that only this account's alarms and rules may use", () => {
    const topic = run.recorder.get("aws:sns/topic:Topic", "alarms");
    expect(run.outputs.alarmTopicArn).toBe(topic.state.arn);
    const key = run.recorder.get("aws:kms/key:Key", "alarms-key");
    expect(topic.inputs.kmsMasterKeyId).toBe(key.state.arn);
    expect(key.state.arn).not.toBe(run.outputs.dataKeyArn);
    const statements = JSON.parse(String(key.inputs.policy)).Statement as Json[];
    const publishers = statements.find((s) => s.Sid === "AlarmPublishersEncrypt");
    expect(publishers).toMatchObject({
      Principal: { Service: ["cloudwatch.amazonaws.com", "events.amazonaws.com", "budgets.amazonaws.com"] },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Condition: { StringEquals: { "aws:SourceAccount": "123456789012" } },
    });
    const topicPolicy = JSON.parse(
      String(run.recorder.get("aws:sns/topicPolicy:TopicPolicy", "alarms").inputs.policy),
    ).Statement as Json[];
    expect(topicPolicy.find((s) => s.Sid === "AlarmPublishersPublish")?.Condition).toEqual({
      StringEquals: { "aws:SourceAccount": "123456789012" },
    });
  });

  it("budgets the stack's own spend (environment tag) at monthlyBudgetUsd, alerting the alarm topic on forecast and actual", () => {
    const budget = run.recorder.get("aws:budgets/budget:Budget", "monthly");
    const topic = run.recorder.get("aws:sns/topic:Topic", "alarms");
    expect(budget.inputs).toMatchObject({
      name: "lakehouse-dev-monthly",
      budgetType: "COST",
      timeUnit: "MONTHLY",
      limitUnit: "USD",
      limitAmount: String(
        JSON.parse(
          readStackConfig(repoRoot, "lake-storage", "dev").config[
            "lakehouse-lake-storage:monthlyBudgetUsd"
          ] as string,
        ),
      ),
      costFilters: [{ name: "TagKeyValue", values: ["user:environment$dev"] }],
    });
    const notifications = budget.inputs.notifications as Json[];
    expect(notifications.map((n) => [n.notificationType, n.threshold])).toEqual([
      ["FORECASTED", 100],
      ["ACTUAL", 80],
      ["ACTUAL", 100],
    ]);
    for (const n of notifications) {
      expect(n).toMatchObject({ comparisonOperator: "GREATER_THAN", thresholdType: "PERCENTAGE" });
      expect(n.subscriberSnsTopicArns).toEqual([topic.state.arn]);
    }
    // Budgets may publish to the topic (this account's budgets only) and encrypt to its key
    const topicPolicy = JSON.parse(
      String(run.recorder.get("aws:sns/topicPolicy:TopicPolicy", "alarms").inputs.policy),
    ).Statement as Json[];
    expect(topicPolicy.find((s) => s.Sid === "BudgetsPublish")).toEqual({
      Sid: "BudgetsPublish",
      Effect: "Allow",
      Principal: { Service: "budgets.amazonaws.com" },
      Action: "sns:Publish",
      Resource: topic.state.arn,
      Condition: {
        StringEquals: { "aws:SourceAccount": "123456789012" },
        ArnLike: { "aws:SourceArn": "arn:aws:budgets::123456789012:*" },
      },
    });
  });
});
