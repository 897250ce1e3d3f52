import {
  GlueFailureAlarms,
  type LayerContext,
  topicEventRule,
  topicMetricAlarm,
} from "@lakehouse/components";
import * as pulumi from "@pulumi/pulumi";
import type { TransformationConfig } from "./config";

export interface WatchedJob {
  /** Short name for the alarm, e.g. `refine-events`. */
  key: string;
  name: pulumi.Input<string>;
  /** The tables it writes (freshness target keys): its silence window is the tightest target. */
  tables: string[];
}

/**
 * CloudWatch evaluates at most one day (PutMetricAlarm: EvaluationPeriods x Period <= 86,400 s),
 * so a target beyond a day alarms after a day without rows.
 */
export const MAX_SILENCE_MINUTES = 24 * 60;

/** Minutes without a record read after which a job's silence alarm fires. */
export function silenceWindowMinutes(job: WatchedJob, targets: Record<string, number>): number {
  const mins = job.tables.map((t) => {
    const target = targets[t];
    if (target === undefined)
      throw new Error(`alarms: job ${job.key} writes ${t}, which has no freshness target`);
    return target;
  });
  return Math.min(MAX_SILENCE_MINUTES, ...mins);
}

/**
 * Failure and silence of every Glue job and crawler -> the stack's alarm topic. Failure: the
 * EventBridge rule on failed, timed-out and errored runs and failed crawls. Silence: a job that
 * read no record for as long as its tables' freshness target, from the job metrics every job
 * publishes (`--enable-metrics`; AWS Glue "Monitoring with Amazon CloudWatch metrics":
 * namespace Glue, glue.driver.aggregate.recordsRead, dimensions JobName, JobRunId=ALL, Type=count).
 * No run at all publishes nothing, so missing data breaches too.
 */
export function glueAlarms(
  ctx: LayerContext,
  config: TransformationConfig,
  alarmTopicArn: pulumi.Input<string>,
  jobs: WatchedJob[],
  crawlerNames: pulumi.Input<string>[],
) {
  const failures = new GlueFailureAlarms("pipeline-alarms", {
    ruleName: `${ctx.namePrefix}-glue-failures`,
    alarmTopicArn,
    jobNames: jobs.map((j) => j.name),
    crawlerNames,
  });
  const silence = jobs.map((job) => {
    const minutes = silenceWindowMinutes(job, config.freshnessTargetMinutes);
    return topicMetricAlarm(
      `${job.key}-processed-nothing`,
      {
        alarmName: `${ctx.namePrefix}-${job.key}-processed-nothing`,
        description: `Glue job ${job.key} read no record in ${minutes} minutes (${job.tables.join(", ")} freshness target): upstream stopped, or the crawl found nothing new.`,
        runbook: "glue-processed-nothing",
        namespace: "Glue",
        metricName: "glue.driver.aggregate.recordsRead",
        dimensions: { JobName: job.name, JobRunId: "ALL", Type: "count" },
        statistic: "Sum",
        period: minutes * 60,
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "breaching",
        // With the schedules off nothing runs: silence is expected, not an incident.
        actionsEnabled: config.schedulesEnabled,
      },
      alarmTopicArn,
    );
  });
  const quality = topicEventRule(
    "data-quality-failures",
    {
      ruleName: `${ctx.namePrefix}-data-quality-failures`,
      description:
        "A job's batch failed a rule of its table's data-quality ruleset: a gating rule quarantines the batch (not published, run failed); the freshness rule only reports a late batch.",
      runbook: "data-quality-failure",
      eventPattern: pulumi.all(jobs.map((j) => j.name)).apply((names) => dataQualityFailurePattern(names)),
    },
    alarmTopicArn,
  );
  return { failures, silence, quality };
}

/**
 * Evaluations with a failed rule, published by the given jobs' EventBridge results events (AWS
 * Glue "Setting up alerts, deployments and scheduling", data-quality-alerts.html: source
 * aws.glue-dataquality, detail-type "Data Quality Evaluation Results Available"; an ETL job's
 * event has detail.context.contextType GLUE_JOB and jobName, and counts rulesFailed).
 */
export function dataQualityFailurePattern(jobNames: string[]) {
  return {
    source: ["aws.glue-dataquality"],
    "detail-type": ["Data Quality Evaluation Results Available"],
    detail: {
      context: { contextType: ["GLUE_JOB"], jobName: jobNames },
      rulesFailed: [{ numeric: [">", 0] }],
    },
  };
}
