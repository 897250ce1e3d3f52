import type { ComparisonOperator, Statistic } from "@aws-sdk/client-cloudwatch";
import type { TracingMode } from "@aws-sdk/client-lambda";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { runbookLink } from "../monitoring/topic-alarms";
import { policyJson, viaService } from "../security/policy";
import type { CdcDeliveryStream } from "./cdc-delivery-stream";
import { LambdaExecutionRole } from "./lambda-execution-role";
import type { StreamSource } from "./source-table";

export interface CdcFunctionArgs {
  /** Physical function name. */
  name: pulumi.Input<string>;
  /** The deployment package: `index.js` exporting `handler`. */
  code: pulumi.asset.Archive;
  /** The table whose stream the function consumes: one the stack creates, or an attached one. */
  source: StreamSource;
  delivery: CdcDeliveryStream;
  /** Encrypts the on-failure queue, the log group and the function's environment. */
  kmsKeyArn: pulumi.Input<string>;
  /** Records per invocation. @default 100 */
  batchSize?: number;
  /** @default 5 */
  maximumBatchingWindowInSeconds?: number;
  /** Retries of a failing batch (after bisecting) before it goes to the on-failure queue. @default 10 */
  maximumRetryAttempts?: number;
  /** Records older than this go to the on-failure queue instead of blocking the shard. @default 86400 */
  maximumRecordAgeInSeconds?: number;
  /** @default 1 (keeps per-item order across the shard) */
  parallelizationFactor?: number;
  /** @default 512 */
  memorySize?: number;
  /** @default 60 */
  timeoutSeconds?: number;
  /** @default 30 */
  logRetentionDays?: number;
  /** Alarm when the oldest record waiting on the stream is older than this (ms). @default 300000 */
  iteratorAgeAlarmMs?: number;
  /** The stack's alarm topic (lake-storage `alarmTopicArn`): both alarms notify it, on alarm and on recovery. */
  alarmTopicArn: pulumi.Input<string>;
  /** What the function does, shown in the console and to AWS Config. @default "DynamoDB stream of <table> to Firehose <stream>" */
  description?: pulumi.Input<string>;
}

/**
 * The CDC Lambda (Node 22, arm64) on the source table's stream: partial batch responses, bisect
 * on error, bounded retries and record age, and an encrypted SQS on-failure destination that
 * also receives the handler's poison records.
 */
export class CdcFunction extends pulumi.ComponentResource {
  readonly function: aws.lambda.Function;
  readonly role: aws.iam.Role;
  readonly failureQueue: aws.sqs.Queue;
  readonly eventSourceMapping: aws.lambda.EventSourceMapping;
  readonly alarms: aws.cloudwatch.MetricAlarm[];

  constructor(name: string, args: CdcFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:ingestion:CdcFunction", name, {}, opts);
    this.failureQueue = new aws.sqs.Queue(
      `${name}-failures`,
      {
        name: pulumi.interpolate`${args.name}-failures`,
        kmsMasterKeyId: args.kmsKeyArn,
        kmsDataKeyReusePeriodSeconds: 300,
        messageRetentionSeconds: 1_209_600,
        visibilityTimeoutSeconds: 300,
      },
      { parent: this },
    );
    new aws.sqs.QueuePolicy(
      `${name}-failures-tls`,
      {
        queueUrl: this.failureQueue.url,
        policy: policyJson([
          {
            Sid: "DenyInsecureTransport",
            Effect: "Deny",
            Principal: "*",
            Action: "sqs:*",
            Resource: this.failureQueue.arn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ]),
      },
      { parent: this },
    );
    const execution = new LambdaExecutionRole(
      `${name}`,
      {
        functionName: args.name,
        kmsKeyArn: args.kmsKeyArn,
        logRetentionDays: args.logRetentionDays,
        policyName: "cdc-handler",
        statements: (r) => [
          {
            Sid: "ParkFailures",
            Effect: "Allow",
            Action: "sqs:SendMessage",
            Resource: this.failureQueue.arn,
          },
          {
            Sid: "EncryptFailureMessages",
            Effect: "Allow",
            Action: ["kms:GenerateDataKey", "kms:Decrypt"],
            Resource: args.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": viaService("sqs", r) } },
          },
        ],
        formerParent: this,
      },
      { parent: this },
    );
    this.role = execution.role;
    const logGroup = execution.logGroup;
    const own = execution.policy;
    const stream = args.source.grantStreamRead(this.role);
    const put = args.delivery.grantPut(this.role);
    this.function = new aws.lambda.Function(
      name,
      {
        name: args.name,
        description:
          args.description ??
          pulumi.interpolate`DynamoDB stream of ${args.source.name} to Firehose ${args.delivery.name} (CDC envelopes); poison records to ${this.failureQueue.name}`,
        role: this.role.arn,
        // Active tracing: Lambda samples invocations and sends segments to X-Ray.
        tracingConfig: { mode: "Active" satisfies TracingMode },
        runtime: aws.lambda.Runtime.NodeJS22dX,
        architectures: ["arm64"],
        handler: "index.handler",
        code: args.code,
        memorySize: args.memorySize ?? 512,
        timeout: args.timeoutSeconds ?? 60,
        kmsKeyArn: args.kmsKeyArn,
        environment: {
          variables: {
            DELIVERY_STREAM_NAME: args.delivery.name,
            FAILURE_QUEUE_URL: this.failureQueue.url,
          },
        },
        loggingConfig: {
          logFormat: "JSON",
          logGroup: logGroup.name,
          applicationLogLevel: "INFO",
          systemLogLevel: "WARN",
        },
      },
      { parent: this, dependsOn: [own, put] },
    );
    this.eventSourceMapping = new aws.lambda.EventSourceMapping(
      `${name}-stream`,
      {
        functionName: this.function.arn,
        eventSourceArn: args.source.streamArn,
        startingPosition: "TRIM_HORIZON",
        batchSize: args.batchSize ?? 100,
        maximumBatchingWindowInSeconds: args.maximumBatchingWindowInSeconds ?? 5,
        parallelizationFactor: args.parallelizationFactor ?? 1,
        functionResponseTypes: ["ReportBatchItemFailures"],
        bisectBatchOnFunctionError: true,
        maximumRetryAttempts: args.maximumRetryAttempts ?? 10,
        maximumRecordAgeInSeconds: args.maximumRecordAgeInSeconds ?? 86_400,
        destinationConfig: { onFailure: { destinationArn: this.failureQueue.arn } },
      },
      { parent: this, dependsOn: [stream, own] },
    );
    const actions = [args.alarmTopicArn];
    this.alarms = [
      // Anything on the on-failure queue is a change that did not reach the lake: a person looks.
      new aws.cloudwatch.MetricAlarm(
        `${name}-parked-records`,
        {
          name: pulumi.interpolate`${args.name}-parked-records`,
          alarmDescription: `CDC records parked on the on-failure queue (poison, expired or retries exhausted). ${runbookLink("lambda-dlq")}`,
          namespace: "AWS/SQS",
          metricName: "ApproximateNumberOfMessagesVisible",
          dimensions: { QueueName: this.failureQueue.name },
          statistic: "Maximum" satisfies Statistic,
          period: 300,
          evaluationPeriods: 1,
          threshold: 0,
          comparisonOperator: "GreaterThanThreshold" satisfies ComparisonOperator,
          treatMissingData: "notBreaching",
          alarmActions: actions,
          okActions: actions,
        },
        { parent: this },
      ),
      // The handler falls behind the stream (throttled Firehose, failing batches being retried).
      new aws.cloudwatch.MetricAlarm(
        `${name}-iterator-age`,
        {
          name: pulumi.interpolate`${args.name}-iterator-age`,
          alarmDescription: `CDC handler is behind the DynamoDB stream. ${runbookLink("lambda-iterator-age")}`,
          namespace: "AWS/Lambda",
          metricName: "IteratorAge",
          dimensions: { FunctionName: this.function.name },
          statistic: "Maximum" satisfies Statistic,
          period: 60,
          evaluationPeriods: 5,
          threshold: args.iteratorAgeAlarmMs ?? 300_000,
          comparisonOperator: "GreaterThanThreshold" satisfies ComparisonOperator,
          treatMissingData: "notBreaching",
          alarmActions: actions,
          okActions: actions,
        },
        { parent: this },
      ),
    ];
    this.registerOutputs({
      functionName: this.function.name,
      failureQueueUrl: this.failureQueue.url,
      eventSourceMappingId: this.eventSourceMapping.id,
    });
  }
}
