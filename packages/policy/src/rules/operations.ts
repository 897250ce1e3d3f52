import { ofType, resourceRule, type StackRule } from "../rule";
import { isProduction, type Subject } from "../subject";
import { asArray, asString, field, isSet, isUnknown } from "../values";
import { BucketIndex } from "./s3-companions";

/** An alarm nobody hears is a dashboard: every alarm notifies the stack's alarm topic. */
export const alarmActions = resourceRule(
  "alarm-actions",
  "mandatory",
  "Every CloudWatch alarm notifies someone: alarmActions names at least one SNS topic.",
  ofType("aws:cloudwatch/metricAlarm:MetricAlarm"),
  (alarm) =>
    asArray(alarm.inputs.alarmActions).some(isSet)
      ? undefined
      : "has no alarmActions, so nobody is told when it fires: pass the stack's alarm topic ARN (lake-storage output alarmTopicArn).",
);

const FUNCTION = ofType("aws:lambda/function:Function");

/** AWS Security Hub Lambda and Pulumi's AWSGuard expect X-Ray tracing on functions. */
export const lambdaTracing = resourceRule(
  "lambda-tracing",
  "mandatory",
  "Lambda functions trace requests with AWS X-Ray (tracingConfig.mode Active).",
  FUNCTION,
  (fn) =>
    field(fn.inputs, "tracingConfig", "mode") === "Active"
      ? undefined
      : 'is not traced: set tracingConfig: { mode: "Active" } and allow xray:PutTraceSegments and xray:PutTelemetryRecords.',
);

export const lambdaDescription = resourceRule(
  "lambda-description",
  "advisory",
  "Lambda functions say what they do in a description.",
  FUNCTION,
  (fn) => (isSet(fn.inputs.description) ? undefined : "has no description: say what it does and for whom."),
);

const REPLICATION = "aws:s3/bucketReplicationConfig:BucketReplicationConfig";

/**
 * A production bucket whose object history the platform keeps (versioned) holds data that must
 * survive the loss of a region: it replicates to another one. Replica buckets are exempt.
 */
export const prodBucketReplication: StackRule = {
  name: "prod-bucket-replication",
  description: "Versioned production buckets replicate to a second region (replicas excepted).",
  enforcement: "mandatory",
  scope: "stack",
  check(subjects: readonly Subject[]) {
    const index = new BucketIndex(subjects);
    const replications = subjects.filter((s) => s.type === REPLICATION);
    const destinations = new Set(
      replications.flatMap((r) =>
        asArray(r.inputs.rules).map((rule) => asString(field(rule, "destination", "bucket"))),
      ),
    );
    const replicated = new Set(
      replications.flatMap((r) => {
        const bucket = r.inputs.bucket;
        const deps = r.propertyDependencies?.bucket ?? [];
        return [...(typeof bucket === "string" && !isUnknown(bucket) ? [bucket] : []), ...deps];
      }),
    );
    return index.buckets
      .filter((bucket) => isProduction(bucket.stack))
      .filter((bucket) =>
        index
          .companionsOf(bucket.urn, "versioning")
          .some((v) => field(v.inputs, "versioningConfiguration", "status") === "Enabled"),
      )
      .filter((bucket) => {
        const name = asString(bucket.inputs.bucket) ?? asString(bucket.id) ?? "";
        return !destinations.has(`arn:aws:s3:::${name}`);
      })
      .filter((bucket) => {
        const keys = [bucket.urn, asString(bucket.inputs.bucket), asString(bucket.id)].filter(
          (k): k is string => k !== undefined,
        );
        return !keys.some((k) => replicated.has(k));
      })
      .map((bucket) => ({
        urn: bucket.urn,
        message: `Bucket "${bucket.name}" holds production data in one region only: replicate it to the replica region (SecureBucket replicaRegion / ReplicaRegion.replicate) with a BucketReplicationConfig.`,
      }));
  },
};

export const operationsRules = [alarmActions, lambdaTracing, lambdaDescription, prodBucketReplication];
