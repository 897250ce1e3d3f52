import { CLIENT_EVENT_COLUMNS, CLIENT_EVENT_PARTITION_KEYS, ERROR_PREFIX } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type PolicyStatement, policyJson, viaService } from "../security/policy";
import { BucketGrants } from "../storage/bucket-grants";
import { firehoseDeliveryLogs, serviceTrust } from "./log-group";

export interface EventsDeliveryStreamArgs {
  /** Physical stream name. */
  name: pulumi.Input<string>;
  bucketName: pulumi.Input<string>;
  bucketArn: pulumi.Input<string>;
  kmsKeyArn: pulumi.Input<string>;
  /** The key the Data Catalog is encrypted with (its encryption settings). @default kmsKeyArn */
  catalogKeyArn?: pulumi.Input<string>;
  /** Raw-zone prefix of client events, e.g. `events/`. */
  prefix: string;
  /** Glue database (the raw database) that holds the schema table. */
  databaseName: pulumi.Input<string>;
  /** @default "client_events" */
  tableName?: string;
  /** MiB; format conversion and dynamic partitioning need at least 64. @default 128 */
  bufferingSizeMb?: number;
  /** Seconds. @default 300 */
  bufferingIntervalSeconds?: number;
  /** Principals (ARNs) allowed to assume the producer role. @default the account root */
  producerPrincipals?: pulumi.Input<string>[];
  /** @default 30 */
  logRetentionDays?: number;
  /** Protect the Glue table and retain it on delete (prod). @default false */
  retain?: boolean;
}

/**
 * Firehose `events` (Direct PUT): client events (JSON, typed by the contracts' event schema)
 * converted to Parquet against a Glue table, partitioned by event date and type, SSE-KMS,
 * error prefix and CloudWatch logging; plus a producer role that may only put to this stream.
 */
export class EventsDeliveryStream extends pulumi.ComponentResource {
  readonly stream: aws.kinesis.FirehoseDeliveryStream;
  readonly table: aws.glue.CatalogTable;
  readonly role: aws.iam.Role;
  readonly producerRole: aws.iam.Role;
  readonly name: pulumi.Output<string>;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: EventsDeliveryStreamArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:ingestion:EventsDeliveryStream", name, {}, opts);
    const prefix = args.prefix.endsWith("/") ? args.prefix : `${args.prefix}/`;
    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;
    const partitionPath = CLIENT_EVENT_PARTITION_KEYS.map(
      (k) => `${k.name}=!{partitionKeyFromQuery:${k.name}}`,
    ).join("/");

    this.table = new aws.glue.CatalogTable(
      `${name}-schema`,
      {
        databaseName: args.databaseName,
        name: args.tableName ?? "client_events",
        description: "Client events as Firehose writes them (schema: @lakehouse/contracts event-schema).",
        tableType: "EXTERNAL_TABLE",
        parameters: { classification: "parquet", EXTERNAL: "TRUE", "parquet.compression": "SNAPPY" },
        partitionKeys: CLIENT_EVENT_PARTITION_KEYS.map((k) => ({
          name: k.name,
          type: k.type,
          comment: k.comment,
        })),
        storageDescriptor: {
          location: pulumi.interpolate`s3://${args.bucketName}/${prefix}`,
          inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
          outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
          serDeInfo: {
            serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
            parameters: { "serialization.format": "1" },
          },
          columns: CLIENT_EVENT_COLUMNS.map((c) => ({ name: c.name, type: c.type, comment: c.comment })),
        },
      },
      { parent: this, ...(args.retain ? { protect: true, retainOnDelete: true } : {}) },
    );

    const { logGroup, logStream } = firehoseDeliveryLogs(
      name,
      { streamName: args.name, kmsKeyArn: args.kmsKeyArn, retentionInDays: args.logRetentionDays ?? 30 },
      this,
    );
    this.role = new aws.iam.Role(
      `${name}-role`,
      {
        name: pulumi.interpolate`${args.name}-firehose`,
        assumeRolePolicy: identity.accountId.apply((a) =>
          JSON.stringify(serviceTrust("firehose.amazonaws.com", a)),
        ),
      },
      { parent: this },
    );
    const write = new BucketGrants(
      `${name}-raw`,
      { bucketArn: args.bucketArn, kmsKeyArn: args.kmsKeyArn },
      this,
    ).grantWrite(this.role, prefix);
    const catalogArn = pulumi.interpolate`arn:${partition}:glue:${region}:${identity.accountId}`;
    const own = new aws.iam.RolePolicy(
      `${name}-role-policy`,
      {
        role: this.role.name,
        name: "schema-and-logs",
        policy: policyJson([
          {
            Sid: "ReadSchema",
            Effect: "Allow",
            Action: ["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"],
            Resource: [
              pulumi.interpolate`${catalogArn}:catalog`,
              pulumi.interpolate`${catalogArn}:database/${args.databaseName}`,
              pulumi.interpolate`${catalogArn}:table/${args.databaseName}/${this.table.name}`,
            ],
          },
          {
            // Reading the schema from an encrypted Data Catalog decrypts it through Glue
            // (https://docs.aws.amazon.com/glue/latest/dg/encrypt-glue-data-catalog.html).
            Sid: "DecryptCatalog",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.catalogKeyArn ?? args.kmsKeyArn,
            Condition: region.apply((r) => ({ StringEquals: { "kms:ViaService": viaService("glue", r) } })),
          },
          {
            Sid: "DeliveryLogs",
            Effect: "Allow",
            Action: "logs:PutLogEvents",
            Resource: pulumi.interpolate`${logGroup.arn}:log-stream:*`,
          },
        ] satisfies PolicyStatement[]),
      },
      { parent: this },
    );

    // The raw database is governed by Lake Formation: Firehose reads the schema through it.
    const schemaGrant = new aws.lakeformation.Permissions(
      `${name}-schema-grant`,
      {
        principal: this.role.arn,
        permissions: ["DESCRIBE", "SELECT"],
        table: { databaseName: args.databaseName, name: this.table.name },
      },
      { parent: this },
    );

    const jq = `{${CLIENT_EVENT_PARTITION_KEYS.map((k) =>
      k.name === "event_date" ? "event_date: .event_time[0:10]" : `${k.name}: .${k.name}`,
    ).join(", ")}}`;
    this.stream = new aws.kinesis.FirehoseDeliveryStream(
      name,
      {
        name: args.name,
        destination: "extended_s3",
        serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: args.kmsKeyArn },
        extendedS3Configuration: {
          bucketArn: args.bucketArn,
          roleArn: this.role.arn,
          prefix: `${prefix}${partitionPath}/`,
          errorOutputPrefix: `${prefix}${ERROR_PREFIX}!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/`,
          bufferingSize: Math.max(64, args.bufferingSizeMb ?? 128),
          bufferingInterval: args.bufferingIntervalSeconds ?? 300,
          // Parquet carries its own (Snappy) compression; Firehose must not compress on top.
          compressionFormat: "UNCOMPRESSED",
          kmsKeyArn: args.kmsKeyArn,
          dynamicPartitioningConfiguration: { enabled: true, retryDuration: 300 },
          processingConfiguration: {
            enabled: true,
            processors: [
              {
                type: "MetadataExtraction",
                parameters: [
                  { parameterName: "JsonParsingEngine", parameterValue: "JQ-1.6" },
                  { parameterName: "MetadataExtractionQuery", parameterValue: jq },
                ],
              },
            ],
          },
          dataFormatConversionConfiguration: {
            enabled: true,
            inputFormatConfiguration: { deserializer: { openXJsonSerDe: { caseInsensitive: true } } },
            outputFormatConfiguration: { serializer: { parquetSerDe: { compression: "SNAPPY" } } },
            schemaConfiguration: {
              databaseName: args.databaseName,
              tableName: this.table.name,
              roleArn: this.role.arn,
              region,
              catalogId: identity.accountId,
            },
          },
          cloudwatchLoggingOptions: {
            enabled: true,
            logGroupName: logGroup.name,
            logStreamName: logStream.name,
          },
        },
      },
      { parent: this, dependsOn: [write, own, schemaGrant] },
    );
    this.name = this.stream.name;
    this.arn = this.stream.arn;

    const producers = args.producerPrincipals ?? [
      pulumi.interpolate`arn:${partition}:iam::${identity.accountId}:root`,
    ];
    this.producerRole = new aws.iam.Role(
      `${name}-producer`,
      {
        name: pulumi.interpolate`${args.name}-producer`,
        description: "Client-event producers assume this role: it may only put records to the events stream.",
        assumeRolePolicy: policyJson([
          { Sid: "Producers", Effect: "Allow", Principal: { AWS: producers }, Action: "sts:AssumeRole" },
        ]),
        maxSessionDuration: 3600,
      },
      { parent: this },
    );
    new aws.iam.RolePolicy(
      `${name}-producer-put`,
      {
        role: this.producerRole.name,
        name: "put-client-events",
        policy: policyJson([
          {
            Sid: "PutEvents",
            Effect: "Allow",
            Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
            Resource: this.arn,
          },
        ]),
      },
      { parent: this },
    );
    this.registerOutputs({
      name: this.name,
      arn: this.arn,
      producerRoleArn: this.producerRole.arn,
      tableName: this.table.name,
    });
  }
}
