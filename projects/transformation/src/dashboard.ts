import type { LayerContext } from "@lakehouse/components";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { Lake } from "./lake";

/** One metric row of a dashboard widget: namespace, metric name, then dimension name/value pairs. */
export type MetricRow = string[];

/** The hops a widget charts, keyed like the alarm matrix (`<kind> <physical name>`). */
export interface DashboardHop {
  kind: "lambda" | "firehose" | "dms" | "aurora" | "job";
  name: string;
}

/**
 * Metrics the dashboard charts, each checked in the service's documentation:
 * - AWS/Lambda Invocations, Errors, Throttles, IteratorAge; dimension FunctionName (Lambda Developer
 *   Guide, "Types of metrics for Lambda functions": invocation and event-source-mapping metrics).
 * - AWS/Firehose IncomingRecords, DeliveryToS3.DataFreshness, DeliveryToS3.Success,
 *   FailedConversion.Records; dimension DeliveryStreamName (Firehose "Monitoring with CloudWatch
 *   metrics"; the same names as ingestion's alarms).
 * - Glue glue.driver.aggregate.recordsRead, recordsWritten, elapsedTime; dimensions JobName,
 *   JobRunId=ALL, Type=count (Glue Developer Guide, "Monitoring AWS Glue using Amazon CloudWatch
 *   metrics": aggregate metrics of all runs of a job carry JobRunId ALL and Type count).
 * - AWS/DMS CDCLatencySource, CDCLatencyTarget, with the dimensions ingestion publishes as
 *   `dmsMetricDimensions` (the same as its latency alarms: DmsReplication.metricDimensions).
 * - AWS/RDS ServerlessDatabaseCapacity, DatabaseConnections; dimension DBClusterIdentifier (the
 *   cluster ARN's last segment; the same metric and dimension as ingestion's capacity alarm).
 */
const lambda = (metric: string, fn: string): MetricRow => ["AWS/Lambda", metric, "FunctionName", fn];
const firehose = (metric: string, stream: string): MetricRow => [
  "AWS/Firehose",
  metric,
  "DeliveryStreamName",
  stream,
];
const glue = (metric: string, job: string): MetricRow => [
  "Glue",
  `glue.driver.aggregate.${metric}`,
  "JobName",
  job,
  "JobRunId",
  "ALL",
  "Type",
  "count",
];

const dms = (metric: string, dimensions: Record<string, string>): MetricRow => [
  "AWS/DMS",
  metric,
  ...Object.entries(dimensions).flat(),
];
const rds = (metric: string, cluster: string): MetricRow => [
  "AWS/RDS",
  metric,
  "DBClusterIdentifier",
  cluster,
];

const WIDTH = 8;
const HEIGHT = 6;

/** A time-series metric widget (CloudWatch dashboard body structure, widget type `metric`). */
function widget(title: string, metrics: (MetricRow | [...MetricRow, object])[], region: string, i: number) {
  return {
    type: "metric",
    x: (i % 3) * WIDTH,
    y: Math.floor(i / 3) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    properties: { title, metrics, stat: "Sum", period: 300, view: "timeSeries", region },
  };
}

/** Right-axis Maximum: lags (iterator age, data freshness) and durations next to the volumes. */
const lag = { stat: "Maximum", yAxis: "right" };

/**
 * The dashboard's widgets, one per hop, in the order data moves: the CDC Lambda, each Firehose
 * stream, the Aurora cluster and DMS, each Glue job.
 */
export function dashboardWidgets(
  region: string,
  hops: {
    cdcFunction: string;
    cdcStream: string;
    eventsStream: string;
    /** The Aurora cluster's identifier. */
    auroraCluster: string;
    /** The DMS replication's metric dimensions (ingestion's `dmsMetricDimensions`). */
    dmsDimensions: Record<string, string>;
    jobs: string[];
  },
) {
  const dmsName =
    hops.dmsDimensions.ReplicationConfigIdentifier ?? hops.dmsDimensions.ReplicationTaskIdentifier ?? "";
  const specs: { hop: DashboardHop; title: string; metrics: (MetricRow | [...MetricRow, object])[] }[] = [
    {
      hop: { kind: "lambda", name: hops.cdcFunction },
      title: `CDC Lambda ${hops.cdcFunction}: invocations, errors, throttles; iterator age (ms, right)`,
      metrics: [
        lambda("Invocations", hops.cdcFunction),
        lambda("Errors", hops.cdcFunction),
        lambda("Throttles", hops.cdcFunction),
        [...lambda("IteratorAge", hops.cdcFunction), lag],
      ],
    },
    ...[hops.cdcStream, hops.eventsStream].map((stream) => ({
      hop: { kind: "firehose" as const, name: stream },
      title: `Firehose ${stream}: records in, delivery success, failed conversions; freshness (s, right)`,
      metrics: [
        firehose("IncomingRecords", stream),
        [...firehose("DeliveryToS3.Success", stream), { stat: "Minimum" }] as [...MetricRow, object],
        // only the events stream converts JSON -> Parquet
        ...(stream === hops.eventsStream ? [firehose("FailedConversion.Records", stream)] : []),
        [...firehose("DeliveryToS3.DataFreshness", stream), lag] as [...MetricRow, object],
      ],
    })),
    {
      hop: { kind: "aurora", name: hops.auroraCluster },
      title: `Aurora ${hops.auroraCluster}: connections; capacity (ACU, right)`,
      metrics: [
        [...rds("DatabaseConnections", hops.auroraCluster), { stat: "Maximum" }],
        [...rds("ServerlessDatabaseCapacity", hops.auroraCluster), lag],
      ],
    },
    {
      hop: { kind: "dms", name: dmsName },
      title: "DMS replication: CDC latency at source and target (s)",
      metrics: [
        [...dms("CDCLatencySource", hops.dmsDimensions), { stat: "Maximum" }],
        [...dms("CDCLatencyTarget", hops.dmsDimensions), { stat: "Maximum" }],
      ],
    },
    ...hops.jobs.map((job) => ({
      hop: { kind: "job" as const, name: job },
      title: `Glue job ${job}: records read and written; run time (ms, right)`,
      metrics: [
        glue("recordsRead", job),
        glue("recordsWritten", job),
        [...glue("elapsedTime", job), lag],
      ] as (MetricRow | [...MetricRow, object])[],
    })),
  ];
  return specs.map((s, i) => ({ hop: s.hop, widget: widget(s.title, s.metrics, region, i) }));
}

/** The identifier of an Aurora cluster: its ARN's last segment (`arn:aws:rds:<region>:<account>:cluster:<id>`). */
export function clusterIdentifier(clusterArn: string): string {
  const m = /^arn:aws[a-z-]*:rds:[^:]+:\d{12}:cluster:([A-Za-z0-9-]+)$/.exec(clusterArn);
  if (!m) throw new Error(`not an Aurora cluster ARN (ingestion output auroraClusterArn): ${clusterArn}`);
  return m[1] as string;
}

/**
 * One CloudWatch dashboard per stack, `<prefix>-pipeline`: per source its arrival volume, lag and
 * errors, Aurora's capacity and DMS's latency, per Glue job its records in and out and run time. Names come from the planned resources
 * (this layer's jobs) and ingestion's stack outputs, never written here.
 */
export function pipelineDashboard(ctx: LayerContext, lake: Lake, jobNames: pulumi.Input<string>[]) {
  const h = lake.ingestionHops;
  const body = pulumi
    .all([
      h.cdcFunctionName,
      h.cdcDeliveryStreamName,
      h.eventsDeliveryStreamName,
      h.auroraClusterArn,
      h.dmsMetricDimensions,
      pulumi.all(jobNames),
    ])
    .apply(([cdcFunction, cdcStream, eventsStream, clusterArn, dmsDimensions, jobs]) =>
      JSON.stringify({
        widgets: dashboardWidgets(lake.region, {
          cdcFunction,
          cdcStream,
          eventsStream,
          auroraCluster: clusterIdentifier(clusterArn),
          dmsDimensions,
          jobs,
        }).map((w) => w.widget),
      }),
    );
  return new aws.cloudwatch.Dashboard("pipeline", {
    dashboardName: `${ctx.namePrefix}-pipeline`,
    dashboardBody: body,
  });
}
