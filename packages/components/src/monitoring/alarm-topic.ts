import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PlatformKey } from "../security/platform-key";
import { type PolicyStatement, policyJson } from "../security/policy";

export interface AlarmTopicArgs {
  /** Physical topic name, e.g. `lakehouse-prod-alarms`. */
  topicName: string;
  /** `alias/<name>` of the topic's own key. */
  keyAliasName: string;
  /** Addresses subscribed to the topic (each confirms by mail). @default [] */
  emails?: string[];
  /** Protect and retain the key (prod). @default true */
  retain?: boolean;
}

/**
 * The services that publish the platform's alarms: CloudWatch alarms and EventBridge rules.
 * Publishing to a KMS-encrypted topic needs the key's `kms:GenerateDataKey*` and `kms:Decrypt`
 * for their service principals (AWS SNS docs, "Enable compatibility between event sources from
 * AWS services and encrypted topics").
 */
export const ALARM_PUBLISHERS = ["cloudwatch.amazonaws.com", "events.amazonaws.com"] as const;

/** AWS Budgets, which notifies the topic of the stack's budget (lake-storage's aws.budgets.Budget). */
export const BUDGETS_PUBLISHER = "budgets.amazonaws.com";

/** Key policy statements letting the alarm publishers of `account` encrypt to the topic. */
export function alarmKeyStatements(account: pulumi.Input<string>): PolicyStatement[] {
  return [
    {
      Sid: "AlarmPublishersEncrypt",
      Effect: "Allow",
      Principal: { Service: [...ALARM_PUBLISHERS, BUDGETS_PUBLISHER] },
      Action: ["kms:GenerateDataKey*", "kms:Decrypt"],
      Resource: "*",
      Condition: pulumi.output(account).apply((a) => ({ StringEquals: { "aws:SourceAccount": a } })),
    },
  ];
}

/** The topic policy: the account manages it, only this account's alarms and rules publish, TLS only. */
export function alarmTopicStatements(topicArn: string, account: string): PolicyStatement[] {
  return [
    {
      Sid: "AccountManagesTopic",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: [
        "sns:GetTopicAttributes",
        "sns:SetTopicAttributes",
        "sns:Subscribe",
        "sns:ListSubscriptionsByTopic",
        "sns:Publish",
      ],
      Resource: topicArn,
    },
    {
      Sid: "AlarmPublishersPublish",
      Effect: "Allow",
      Principal: { Service: [...ALARM_PUBLISHERS] },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: { StringEquals: { "aws:SourceAccount": account } },
    },
    // AWS Cost Management User Guide, "Creating an Amazon SNS topic for budget notifications"
    // (budgets-sns-policy.html): SNS:Publish for budgets.amazonaws.com, this account's budgets only.
    {
      Sid: "BudgetsPublish",
      Effect: "Allow",
      Principal: { Service: BUDGETS_PUBLISHER },
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: {
        StringEquals: { "aws:SourceAccount": account },
        ArnLike: { "aws:SourceArn": `arn:aws:budgets::${account}:*` },
      },
    },
    {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "sns:Publish",
      Resource: topicArn,
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ];
}

/**
 * The stack's one alarm topic: every CloudWatch alarm and EventBridge failure rule of every layer
 * notifies it. Encrypted with a key of its own (the data key stays closed to CloudWatch and
 * EventBridge); subscriptions come from config.
 */
export class AlarmTopic extends pulumi.ComponentResource {
  readonly key: PlatformKey;
  readonly topic: aws.sns.Topic;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: AlarmTopicArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:monitoring:AlarmTopic", name, {}, opts);
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    this.key = new PlatformKey(
      `${name}-key`,
      {
        description: `${args.topicName}: encrypts the alarm topic`,
        aliasName: args.keyAliasName,
        additionalStatements: alarmKeyStatements(account),
        retain: args.retain ?? true,
      },
      { parent: this },
    );
    this.topic = new aws.sns.Topic(
      name,
      { name: args.topicName, kmsMasterKeyId: this.key.arn },
      { parent: this },
    );
    new aws.sns.TopicPolicy(
      name,
      {
        arn: this.topic.arn,
        policy: policyJson(
          pulumi.all([this.topic.arn, account]).apply(([arn, a]) => alarmTopicStatements(arn, a)),
        ),
      },
      { parent: this },
    );
    for (const [i, email] of (args.emails ?? []).entries()) {
      new aws.sns.TopicSubscription(
        `${name}-email-${i}`,
        { topic: this.topic.arn, protocol: "email", endpoint: email },
        { parent: this },
      );
    }
    this.arn = this.topic.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
