import { describe, expect, it } from "vitest";
import { runRule } from "../src";
import {
  alarmActions,
  lambdaDescription,
  lambdaTracing,
  prodBucketReplication,
} from "../src/rules/operations";
import { check, compliantBucket, subject } from "./fixtures";

const ALARM = "aws:cloudwatch/metricAlarm:MetricAlarm";
const FUNCTION = "aws:lambda/function:Function";
const TOPIC = "arn:aws:sns:eu-west-1:123456789012:lakehouse-dev-alarms";

describe("alarm-actions", () => {
  it("passes an alarm that notifies the alarm topic", () => {
    expect(check(alarmActions, ALARM, { alarmActions: [TOPIC] })).toEqual([]);
  });

  it("fails an alarm with no actions or an empty list", () => {
    expect(check(alarmActions, ALARM, {})[0]).toMatch(/nobody is told/);
    expect(check(alarmActions, ALARM, { alarmActions: [] })[0]).toMatch(/alarmTopicArn/);
  });
});

describe("lambda-tracing and lambda-description", () => {
  it("pass a traced, described function", () => {
    const fn = { tracingConfig: { mode: "Active" }, description: "CDC handler" };
    expect(check(lambdaTracing, FUNCTION, fn)).toEqual([]);
    expect(check(lambdaDescription, FUNCTION, fn)).toEqual([]);
  });

  it("fail a function without X-Ray (or in PassThrough) and without a description", () => {
    expect(check(lambdaTracing, FUNCTION, {})[0]).toMatch(/is not traced/);
    expect(check(lambdaTracing, FUNCTION, { tracingConfig: { mode: "PassThrough" } })[0]).toMatch(/Active/);
    expect(check(lambdaDescription, FUNCTION, {})[0]).toMatch(/no description/);
  });
});

describe("prod-bucket-replication", () => {
  const prod = (subjects: ReturnType<typeof compliantBucket>) =>
    subjects.map((s) => ({ ...s, stack: "prod", urn: s.urn.replace(":dev::", ":prod::") }));
  const replication = (source: string, destination: string) =>
    subject(
      "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
      `${source}-replication`,
      {
        bucket: source,
        rules: [{ status: "Enabled", destination: { bucket: `arn:aws:s3:::${destination}` } }],
      },
      { stack: "prod" },
    );

  it("fails a versioned production bucket without replication", () => {
    const findings = runRule(prodBucketReplication, prod(compliantBucket("raw", "lakehouse-prod-raw-1")));
    expect(findings).toHaveLength(1);
    expect(findings[0]?.message).toMatch(/holds production data in one region only/);
  });

  it("passes it with a replication whose destination, the replica, is exempt itself", () => {
    const subjects = [
      ...prod(compliantBucket("raw", "lakehouse-prod-raw-1")),
      ...prod(compliantBucket("raw-replica", "lakehouse-prod-raw-1-replica")),
      replication("lakehouse-prod-raw-1", "lakehouse-prod-raw-1-replica"),
    ];
    expect(runRule(prodBucketReplication, subjects)).toEqual([]);
  });

  it("leaves dev alone", () => {
    expect(runRule(prodBucketReplication, compliantBucket("raw", "lakehouse-dev-raw-1"))).toEqual([]);
  });
});
