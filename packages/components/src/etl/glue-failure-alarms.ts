import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runbookLink } from "../monitoring/topic-alarms";

export interface GlueFailureAlarmsArgs {
  /** Physical name of the EventBridge rule. */
  ruleName: pulumi.Input<string>;
  /**
   * The stack's alarm topic (lake-storage `alarmTopicArn`); its policy lets this account's
   * EventBridge rules publish and its key lets EventBridge encrypt (AlarmTopic).
   */
  alarmTopicArn: pulumi.Input<string>;
  /** Jobs whose failed, timed-out or errored runs alarm. */
  jobNames: pulumi.Input<string>[];
  /** Crawlers whose failed runs alarm. */
  crawlerNames: pulumi.Input<string>[];
}

/** The EventBridge pattern of failed runs of the given Glue jobs and crawlers (exported for tests). */
export function glueFailurePattern(jobNames: string[], crawlerNames: string[]) {
  return {
    source: ["aws.glue"],
    $or: [
      {
        "detail-type": ["Glue Job State Change"],
        detail: { jobName: jobNames, state: ["FAILED", "TIMEOUT", "ERROR"] },
      },
      {
        "detail-type": ["Glue Crawler State Change"],
        detail: { crawlerName: crawlerNames, state: ["Failed"] },
      },
    ],
  };
}

/** Failed Glue runs -> EventBridge rule -> the stack's alarm topic. */
export class GlueFailureAlarms extends pulumi.ComponentResource {
  readonly rule: aws.cloudwatch.EventRule;
  readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: GlueFailureAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:etl:GlueFailureAlarms", name, {}, opts);
    this.rule = new aws.cloudwatch.EventRule(
      name,
      {
        name: args.ruleName,
        description: `Failed, timed-out or errored Glue job runs and failed crawls of the pipeline. ${runbookLink("glue-failure")}`,
        eventPattern: pulumi
          .all([pulumi.all(args.jobNames), pulumi.all(args.crawlerNames)])
          .apply(([jobs, crawlers]) => JSON.stringify(glueFailurePattern(jobs, crawlers))),
      },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      name,
      { rule: this.rule.name, arn: args.alarmTopicArn, targetId: "alarm-topic" },
      { parent: this },
    );
    this.topicArn = pulumi.output(args.alarmTopicArn);
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
