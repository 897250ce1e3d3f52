import {
  type AuroraSource,
  type DmsReplication,
  type Ga4Flow,
  type LayerContext,
  topicEventRule,
  topicMetricAlarm,
} from "@lakehouse/components";
import * as pulumi from "@pulumi/pulumi";
import type { IngestionConfig } from "./config";
import type { Upstream } from "./upstream";

export interface IngestionHops {
  /** The CDC handler's function name (its DLQ and iterator-age alarms are the component's own). */
  cdcFunctionName: pulumi.Input<string>;
  /** Both Firehose streams: CDC (JSON) and client events (JSON -> Parquet). */
  deliveryStreams: { key: string; name: pulumi.Input<string>; convertsFormat: boolean }[];
  dms: DmsReplication;
  /** The Aurora cluster the stack creates; none for an attached one (its owner watches it). */
  aurora?: AuroraSource;
  ga4: Ga4Flow;
}

/**
 * An alarm for failure and one for silence on every ingestion hop, each notifying the stack's
 * alarm topic. Metric names and dimensions: AWS/Lambda Errors, Throttles (FunctionName);
 * AWS/Firehose DeliveryToS3.Success, DeliveryToS3.DataFreshness, FailedConversion.Records
 * (DeliveryStreamName; Firehose "Monitoring with CloudWatch metrics", and its best practice of
 * alarming on DataFreshness); AWS/DMS CDCLatencySource/Target; AWS/RDS ServerlessDatabaseCapacity
 * (DBClusterIdentifier). DMS and AppFlow failures arrive as EventBridge events (EventBridge
 * reference "AWS DMS events": DMS Replication State Change; AppFlow "Flow notifications": End Flow
 * Run Report, Scheduled Flow Deactivated).
 */
export function ingestionAlarms(
  ctx: LayerContext,
  config: IngestionConfig,
  up: Upstream,
  hops: IngestionHops,
) {
  const prefix = ctx.namePrefix;
  const topic = up.alarmTopicArn;
  const a = config.alarms;
  const alarms = [
    topicMetricAlarm(
      "cdc-handler-errors",
      {
        alarmName: `${prefix}-cdc-handler-errors`,
        description:
          "The CDC handler failed on a batch of DynamoDB stream records (it retries, then parks them).",
        runbook: "lambda-errors",
        namespace: "AWS/Lambda",
        metricName: "Errors",
        dimensions: { FunctionName: hops.cdcFunctionName },
        statistic: "Sum",
        period: 300,
        threshold: a.lambdaErrorsPer5Minutes,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
      },
      topic,
    ),
    topicMetricAlarm(
      "cdc-handler-throttles",
      {
        alarmName: `${prefix}-cdc-handler-throttles`,
        description: "The CDC handler is being throttled for 15 minutes: the stream backs up.",
        runbook: "lambda-throttles",
        namespace: "AWS/Lambda",
        metricName: "Throttles",
        dimensions: { FunctionName: hops.cdcFunctionName },
        statistic: "Sum",
        period: 300,
        evaluationPeriods: 3,
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
      },
      topic,
    ),
  ];
  for (const stream of hops.deliveryStreams) {
    const dims = { DeliveryStreamName: stream.name };
    alarms.push(
      topicMetricAlarm(
        `${stream.key}-delivery-success`,
        {
          alarmName: `${prefix}-${stream.key}-delivery-success`,
          description: `Firehose ${stream.key}: deliveries to S3 are failing (success ratio below 1).`,
          runbook: "firehose-delivery",
          namespace: "AWS/Firehose",
          metricName: "DeliveryToS3.Success",
          dimensions: dims,
          statistic: "Minimum",
          period: 300,
          evaluationPeriods: 2,
          threshold: 1,
          comparisonOperator: "LessThanThreshold",
        },
        topic,
      ),
      topicMetricAlarm(
        `${stream.key}-data-freshness`,
        {
          alarmName: `${prefix}-${stream.key}-data-freshness`,
          description: `Firehose ${stream.key}: the oldest record not yet in S3 is older than ${a.deliveryFreshnessSeconds} s.`,
          runbook: "firehose-freshness",
          namespace: "AWS/Firehose",
          metricName: "DeliveryToS3.DataFreshness",
          dimensions: dims,
          statistic: "Maximum",
          period: 300,
          threshold: a.deliveryFreshnessSeconds,
          comparisonOperator: "GreaterThanThreshold",
        },
        topic,
      ),
    );
    if (stream.convertsFormat)
      alarms.push(
        topicMetricAlarm(
          `${stream.key}-failed-conversion`,
          {
            alarmName: `${prefix}-${stream.key}-failed-conversion`,
            description: `Firehose ${stream.key}: records failed JSON -> Parquet conversion and went to errors/.`,
            runbook: "firehose-conversion",
            namespace: "AWS/Firehose",
            metricName: "FailedConversion.Records",
            dimensions: dims,
            statistic: "Sum",
            period: 300,
            threshold: 0,
            comparisonOperator: "GreaterThanThreshold",
          },
          topic,
        ),
      );
  }
  for (const [key, metric, what] of [
    ["source", "CDCLatencySource", "reading changes from Aurora"],
    ["target", "CDCLatencyTarget", "writing changes to the raw zone"],
  ] as const) {
    alarms.push(
      topicMetricAlarm(
        `dms-cdc-latency-${key}`,
        {
          alarmName: `${prefix}-dms-cdc-latency-${key}`,
          description: `DMS is more than ${a.dmsCdcLatencySeconds} s behind ${what}.`,
          runbook: "dms-latency",
          namespace: "AWS/DMS",
          metricName: metric,
          // The replication config's identifier, or the instance's and task's (DmsReplication).
          dimensions: hops.dms.metricDimensions,
          statistic: "Maximum",
          period: 300,
          evaluationPeriods: 2,
          threshold: a.dmsCdcLatencySeconds,
          comparisonOperator: "GreaterThanThreshold",
        },
        topic,
      ),
    );
  }
  const pinnedPeriods = Math.max(1, Math.round(a.auroraPinnedMinutes / 5));
  if (hops.aurora)
    alarms.push(
      topicMetricAlarm(
        "aurora-capacity-pinned",
        {
          alarmName: `${prefix}-aurora-capacity-pinned`,
          description: `Aurora has run at its maximum of ${config.auroraMaxCapacity} ACUs for ${pinnedPeriods * 5} minutes: raise auroraMaxCapacity or find the load.`,
          runbook: "aurora-capacity",
          namespace: "AWS/RDS",
          metricName: "ServerlessDatabaseCapacity",
          dimensions: { DBClusterIdentifier: hops.aurora.cluster.clusterIdentifier },
          statistic: "Minimum",
          period: 300,
          evaluationPeriods: pinnedPeriods,
          threshold: config.auroraMaxCapacity,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
        },
        topic,
      ),
    );
  const rules = [
    topicEventRule(
      "dms-state-change",
      {
        ruleName: `${prefix}-dms-state-change`,
        // A CDC replication runs without end: any state change (stopped, failed) is worth a look.
        description: "The DMS replication changed state (stopped or failed).",
        runbook: "dms-state-change",
        eventPattern: pulumi
          .output(hops.dms.arn)
          .apply((arn) => dmsStatePattern(arn, hops.dms.replicationTask ? "task" : "serverless")),
      },
      topic,
    ),
    topicEventRule(
      "ga4-run-failed",
      {
        ruleName: `${prefix}-ga4-run-failed`,
        description: "An AppFlow GA4 run failed, or AppFlow deactivated the schedule after failures.",
        runbook: "appflow-run-failed",
        eventPattern: pulumi.output(hops.ga4.name).apply((name) => appflowFailurePattern(name)),
      },
      topic,
    ),
  ];
  return { alarms, rules };
}

/**
 * EventBridge pattern: state changes of one DMS replication, `resources` carrying its ARN. A
 * Serverless replication sends "DMS Replication State Change", a task on a provisioned instance
 * "DMS Replication Task State Change" (EventBridge events reference, events-ref-dms.html).
 */
export function dmsStatePattern(replicationArn: string, kind: "serverless" | "task") {
  return {
    source: ["aws.dms"],
    "detail-type": [kind === "task" ? "DMS Replication Task State Change" : "DMS Replication State Change"],
    resources: [replicationArn],
  };
}

/**
 * EventBridge pattern: failed runs of one flow, and its schedule being deactivated. An end-of-run
 * report whose status is anything but a success alarms, so an unexpected status is not missed.
 */
export function appflowFailurePattern(flowName: string) {
  return {
    source: ["aws.appflow"],
    $or: [
      {
        "detail-type": ["AppFlow End Flow Run Report"],
        detail: { "flow-name": [flowName], status: [{ "anything-but": ["Execution Successful"] }] },
      },
      { "detail-type": ["AppFlow Scheduled Flow Deactivated"], detail: { "flow-name": [flowName] } },
    ],
  };
}
