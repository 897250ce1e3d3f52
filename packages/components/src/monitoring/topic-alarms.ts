import type { ComparisonOperator, Statistic } from "@aws-sdk/client-cloudwatch";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Where every alarm's description points: the runbook's section for it. */
export const RUNBOOK_PATH = "docs/runbook.md";
export const runbookLink = (anchor: string) => `Runbook: ${RUNBOOK_PATH}#${anchor}`;

/** Whether an alarm watches for a run or delivery failing, or for data that stops arriving. */
export type AlarmKind = "failure" | "silence";

export interface TopicMetricAlarmArgs {
  alarmName: pulumi.Input<string>;
  /** What the alarm means, in one sentence; the runbook link is appended. */
  description: string;
  /** Section of docs/runbook.md for this alarm. */
  runbook: string;
  namespace: string;
  metricName: string;
  dimensions: Record<string, pulumi.Input<string>>;
  statistic: Statistic;
  /** Seconds: 60 or a multiple of it. */
  period: number;
  /** @default 1 */
  evaluationPeriods?: number;
  threshold: number;
  comparisonOperator: ComparisonOperator;
  /** `breaching` for silence alarms: no data point is the silence. @default "notBreaching" */
  treatMissingData?: "breaching" | "notBreaching";
  /** @default true */
  actionsEnabled?: pulumi.Input<boolean>;
}

/**
 * A CloudWatch metric alarm that notifies the stack's alarm topic on alarm and on recovery.
 * CloudWatch refuses an evaluation window (period x evaluation periods) over one day
 * (PutMetricAlarm, EvaluationPeriods), so the window is checked here, before any deployment.
 */
export function topicMetricAlarm(
  name: string,
  args: TopicMetricAlarmArgs,
  alarmTopicArn: pulumi.Input<string>,
  opts?: pulumi.CustomResourceOptions,
): aws.cloudwatch.MetricAlarm {
  const periods = args.evaluationPeriods ?? 1;
  if (args.period % 60 !== 0 || args.period * periods > 86_400)
    throw new Error(
      `alarm ${name}: period ${args.period} s x ${periods} must be a multiple of 60 s and at most one day`,
    );
  return new aws.cloudwatch.MetricAlarm(
    name,
    {
      name: args.alarmName,
      alarmDescription: `${args.description} ${runbookLink(args.runbook)}`,
      namespace: args.namespace,
      metricName: args.metricName,
      dimensions: args.dimensions,
      statistic: args.statistic,
      period: args.period,
      evaluationPeriods: periods,
      threshold: args.threshold,
      comparisonOperator: args.comparisonOperator,
      treatMissingData: args.treatMissingData ?? "notBreaching",
      actionsEnabled: args.actionsEnabled ?? true,
      alarmActions: [alarmTopicArn],
      okActions: [alarmTopicArn],
    },
    opts,
  );
}

export interface TopicEventRuleArgs {
  ruleName: pulumi.Input<string>;
  description: string;
  runbook: string;
  /** The EventBridge pattern, resolved to an object. */
  eventPattern: pulumi.Input<Record<string, unknown>>;
}

/** An EventBridge rule whose matching events go to the stack's alarm topic as they are. */
export function topicEventRule(
  name: string,
  args: TopicEventRuleArgs,
  alarmTopicArn: pulumi.Input<string>,
  opts?: pulumi.CustomResourceOptions,
): aws.cloudwatch.EventRule {
  const rule = new aws.cloudwatch.EventRule(
    name,
    {
      name: args.ruleName,
      // EventBridge rule descriptions are at most 512 characters (PutRule).
      description: `${args.description} ${runbookLink(args.runbook)}`.slice(0, 512),
      eventPattern: pulumi.output(args.eventPattern).apply((p) => JSON.stringify(p)),
    },
    opts,
  );
  new aws.cloudwatch.EventTarget(
    name,
    { rule: rule.name, arn: alarmTopicArn, targetId: "alarm-topic" },
    opts,
  );
  return rule;
}
