import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { policyJson } from "../security/policy";

export interface GlueFailureAlarmsArgs {
  topicName: pulumi.Input<string>;
  /** Key encrypting the topic; its policy must let EventBridge use it. */
  kmsKeyArn: pulumi.Input<string>;
  /** Jobs whose failed, timed-out or errored runs alarm. */
  jobNames: pulumi.Input<string>[];
  /** Crawlers whose failed runs alarm. */
  crawlerNames: pulumi.Input<string>[];
  /** Addresses subscribed to the topic (each confirms by mail). @default [] */
  emails?: string[];
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

/**
 * Failed Glue runs -> EventBridge rule -> KMS-encrypted SNS topic that only that rule may
 * publish to.
 */
export class GlueFailureAlarms extends pulumi.ComponentResource {
  readonly topic: aws.sns.Topic;
  readonly rule: aws.cloudwatch.EventRule;
  readonly topicArn: pulumi.Output<string>;

  constructor(name: string, args: GlueFailureAlarmsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:etl:GlueFailureAlarms", name, {}, opts);
    this.topic = new aws.sns.Topic(
      name,
      { name: args.topicName, kmsMasterKeyId: args.kmsKeyArn },
      { parent: this },
    );
    this.rule = new aws.cloudwatch.EventRule(
      name,
      {
        name: pulumi.interpolate`${args.topicName}-glue-failures`,
        description: "Failed, timed-out or errored Glue job runs and failed crawls of the pipeline",
        eventPattern: pulumi
          .all([pulumi.all(args.jobNames), pulumi.all(args.crawlerNames)])
          .apply(([jobs, crawlers]) => JSON.stringify(glueFailurePattern(jobs, crawlers))),
      },
      { parent: this },
    );
    new aws.sns.TopicPolicy(
      name,
      {
        arn: this.topic.arn,
        policy: policyJson([
          {
            Sid: "FailureRulePublishes",
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sns:Publish",
            Resource: this.topic.arn,
            Condition: this.rule.arn.apply((arn) => ({ ArnEquals: { "aws:SourceArn": arn } })),
          },
        ]),
      },
      { parent: this },
    );
    new aws.cloudwatch.EventTarget(
      name,
      { rule: this.rule.name, arn: this.topic.arn, targetId: "alarm-topic" },
      { parent: this },
    );
    for (const [i, email] of (args.emails ?? []).entries()) {
      new aws.sns.TopicSubscription(
        `${name}-email-${i}`,
        { topic: this.topic.arn, protocol: "email", endpoint: email },
        { parent: this },
      );
    }
    this.topicArn = this.topic.arn;
    this.registerOutputs({ topicArn: this.topicArn });
  }
}
