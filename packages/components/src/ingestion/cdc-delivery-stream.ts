import { ERROR_PREFIX } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type PolicyStatement, policyJson } from "../security/policy";
import { BucketGrants } from "../storage/bucket-grants";
import { firehoseDeliveryLogs, serviceTrust } from "./log-group";

export interface CdcDeliveryStreamArgs {
  /** Physical stream name. */
  name: pulumi.Input<string>;
  /** The raw-zone bucket and the key its objects are encrypted with. */
  bucketArn: pulumi.Input<string>;
  kmsKeyArn: pulumi.Input<string>;
  /** Raw-zone prefix of DynamoDB CDC, e.g. `dynamodb-cdc/`. */
  prefix: string;
  /** MiB; dynamic partitioning needs at least 64. @default 64 */
  bufferingSizeMb?: number;
  /** Seconds. @default 300 */
  bufferingIntervalSeconds?: number;
  /** @default 30 */
  logRetentionDays?: number;
}

/**
 * Firehose `cdc` (Direct PUT): CDC envelopes (JSON lines) -> GZIP objects in the raw zone,
 * partitioned by table and change date through dynamic partitioning (JQ on each envelope), with
 * failed records under an error prefix inside the CDC prefix, SSE-KMS and CloudWatch logging.
 */
export class CdcDeliveryStream extends pulumi.ComponentResource {
  readonly stream: aws.kinesis.FirehoseDeliveryStream;
  readonly role: aws.iam.Role;
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;
  /** S3 key layout, for the consumers: `<prefix>table=<table>/dt=<yyyy-MM-dd>/`. */
  readonly dataPrefix: string;
  readonly errorPrefix: string;

  constructor(name: string, args: CdcDeliveryStreamArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:ingestion:CdcDeliveryStream", name, {}, opts);
    const prefix = args.prefix.endsWith("/") ? args.prefix : `${args.prefix}/`;
    this.dataPrefix = `${prefix}table=!{partitionKeyFromQuery:table}/dt=!{partitionKeyFromQuery:dt}/`;
    this.errorPrefix = `${prefix}${ERROR_PREFIX}!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/`;
    const { logGroup, logStream } = firehoseDeliveryLogs(
      name,
      { streamName: args.name, kmsKeyArn: args.kmsKeyArn, retentionInDays: args.logRetentionDays ?? 30 },
      this,
    );
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    this.role = new aws.iam.Role(
      `${name}-role`,
      {
        name: pulumi.interpolate`${args.name}-firehose`,
        assumeRolePolicy: account.apply((a) => JSON.stringify(serviceTrust("firehose.amazonaws.com", a))),
      },
      { parent: this },
    );
    const bucket = new BucketGrants(
      `${name}-raw`,
      { bucketArn: args.bucketArn, kmsKeyArn: args.kmsKeyArn },
      this,
    );
    const write = bucket.grantWrite(this.role, prefix);
    const logs = new aws.iam.RolePolicy(
      `${name}-role-logs`,
      {
        role: this.role.name,
        name: "write-delivery-logs",
        policy: policyJson([
          {
            Sid: "DeliveryLogs",
            Effect: "Allow",
            Action: "logs:PutLogEvents",
            Resource: pulumi.interpolate`${logGroup.arn}:log-stream:*`,
          } satisfies PolicyStatement,
        ]),
      },
      { parent: this },
    );
    this.stream = new aws.kinesis.FirehoseDeliveryStream(
      name,
      {
        name: args.name,
        destination: "extended_s3",
        serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: args.kmsKeyArn },
        extendedS3Configuration: {
          bucketArn: args.bucketArn,
          roleArn: this.role.arn,
          prefix: this.dataPrefix,
          errorOutputPrefix: this.errorPrefix,
          bufferingSize: Math.max(64, args.bufferingSizeMb ?? 64),
          bufferingInterval: args.bufferingIntervalSeconds ?? 300,
          compressionFormat: "GZIP",
          fileExtension: ".json.gz",
          kmsKeyArn: args.kmsKeyArn,
          dynamicPartitioningConfiguration: { enabled: true, retryDuration: 300 },
          processingConfiguration: {
            enabled: true,
            processors: [
              {
                type: "MetadataExtraction",
                parameters: [
                  { parameterName: "JsonParsingEngine", parameterValue: "JQ-1.6" },
                  // Partition by the change's own date (eventTime), not by arrival time.
                  {
                    parameterName: "MetadataExtractionQuery",
                    parameterValue: "{table: .table, dt: .eventTime[0:10]}",
                  },
                ],
              },
            ],
          },
          cloudwatchLoggingOptions: {
            enabled: true,
            logGroupName: logGroup.name,
            logStreamName: logStream.name,
          },
        },
      },
      { parent: this, dependsOn: [write, logs] },
    );
    this.name = this.stream.name;
    this.arn = this.stream.arn;
    this.registerOutputs({ name: this.name, arn: this.arn });
  }

  /** Lets `role` put records (PutRecord, PutRecordBatch) to this stream and nothing else. */
  grantPut(role: aws.iam.Role): aws.iam.RolePolicy {
    return new aws.iam.RolePolicy(
      `${pulumi.resourceName(role)}-put-cdc`,
      {
        role: role.name,
        name: "put-cdc-records",
        policy: policyJson([
          {
            Sid: "PutRecords",
            Effect: "Allow",
            Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
            Resource: this.arn,
          },
        ]),
      },
      { parent: this },
    );
  }
}
