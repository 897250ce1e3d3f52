import type { Layer } from "./layers";
import type { RawPrefixes } from "./raw-zone";

/**
 * Each layer's stack outputs: the producer must export exactly this shape (the compiler
 * checks it via `LayerExports`), and consumers read it through `layer()`, typed per key.
 * Values are plain JSON (strings, numbers, string arrays, string maps).
 */

/** Security groups per workload, by workload name. */
export interface SecurityGroupIds {
  database: string;
  dms: string;
  lambda: string;
  glue: string;
}

export interface NetworkOutputs {
  vpcId: string;
  vpcCidr: string;
  availabilityZones: string[];
  /** Subnets for compute (Lambda, DMS, Glue connections). */
  privateSubnetIds: string[];
  /** Subnets without any route to the internet, for databases. */
  isolatedSubnetIds: string[];
  privateRouteTableIds: string[];
  securityGroupIds: SecurityGroupIds;
  /** Prefix list of the S3 gateway endpoint, for security-group egress rules. */
  s3PrefixListId: string;
}

export interface LfTagOutputs {
  /** LF-tag key -> allowed values. */
  [key: string]: string[];
}

export interface LakeStorageOutputs {
  environment: string;
  /** The platform's customer-managed KMS key for data at rest. */
  dataKeyArn: string;
  dataKeyId: string;
  rawBucketName: string;
  rawBucketArn: string;
  refinedBucketName: string;
  refinedBucketArn: string;
  resultsBucketName: string;
  resultsBucketArn: string;
  assetsBucketName: string;
  assetsBucketArn: string;
  logsBucketName: string;
  rawPrefixes: RawPrefixes;
  rawDatabaseName: string;
  refinedDatabaseName: string;
  cdcDatabaseName: string;
  /** Role Lake Formation assumes to reach the registered raw and refined locations. */
  dataAccessRoleArn: string;
  lfTags: LfTagOutputs;
  /** The stack's one alarm topic (KMS-encrypted SNS): every alarm and failure rule of every layer notifies it. */
  alarmTopicArn: string;
}

export interface IngestionOutputs {
  rawPrefixes: RawPrefixes;
  sourceTableName: string;
  /** The source table's key attributes, as its key schema declares them: [partition key] or [partition key, sort key]. */
  sourceTableKeys: string[];
  sourceTableStreamArn: string;
  /** The key the source table's stream records are encrypted with (CDC decrypts through DynamoDB); "" for an AWS owned key. */
  sourceTableKeyArn: string;
  cdcFunctionName: string;
  cdcDeliveryStreamName: string;
  cdcDeadLetterQueueUrl: string;
  eventsDeliveryStreamName: string;
  eventsDeliveryStreamArn: string;
  /** Role a client-event producer assumes; it may only put records to the events stream. */
  eventsProducerRoleArn: string;
  /** Glue table (raw database) whose schema Firehose converts events to. */
  eventsSchemaTableName: string;
  auroraClusterArn: string;
  /** Secret DMS reads the source connection from (username, password, host, port, dbname). */
  auroraSecretArn: string;
  /** The key of that secret (DMS decrypts through Secrets Manager); "" for the AWS managed key aws/secretsmanager. */
  auroraSecretKeyArn: string;
  /** The DMS replication: a Serverless replication config's ARN, or a replication task's (dmsReplication: instance). */
  dmsReplicationArn: string;
  /** CloudWatch dimensions of the replication's AWS/DMS metrics: a Serverless config's identifier, or a task's instance and resource ids. */
  dmsMetricDimensions: Record<string, string>;
  googleAnalyticsFlowName: string;
}

export interface TransformationOutputs {
  /** Refined Parquet tables, dataset -> table name (in the refined database). */
  refinedTables: Record<string, string>;
  /** Iceberg tables kept current by the CDC merge job, entity -> table name (in the cdc database). */
  icebergTables: Record<string, string>;
  /** The change log's audit table (cdc database): changes applied per entity and merge commit, by operation. */
  changeCountsTable: string;
  workflowName: string;
  /** Refine Glue jobs, dataset -> job name (the workflow starts them; `lakehouse data backfill` starts one). */
  refineJobNames: Record<string, string>;
  cdcMergeJobName: string;
  crawlerNames: string[];
  jobRoleArn: string;
  /** The topic failed Glue runs notify: the stack's alarm topic (lake-storage's). */
  alarmTopicArn: string;
  /** Days of Iceberg snapshots the table optimizers keep: how far back commit history (e.g. change volume) reaches. */
  snapshotRetentionDays: number;
  /**
   * Freshness target of each refined and current table, dataset or entity -> minutes: the most a
   * reader's view of the table (the dashboard included) may lag its source. The offline plan
   * fails when the planned schedules, buffers and timeouts cannot meet one.
   */
  freshnessTargetMinutes: Record<string, number>;
}

export interface AnalyticsOutputs {
  athenaWorkgroupName: string;
  /** Report name -> Athena named query id. */
  namedQueryIds: Record<string, string>;
  analystRoleArn: string;
  quicksightDataSourceArn: string;
  quicksightDashboardId: string;
}

export interface LayerOutputs {
  network: NetworkOutputs;
  "lake-storage": LakeStorageOutputs;
  ingestion: IngestionOutputs;
  transformation: TransformationOutputs;
  analytics: AnalyticsOutputs;
}

/** Layer type check: the keys every contract must have (keeps LayerOutputs complete). */
export type LayerOutputsComplete = { [L in Layer]: LayerOutputs[L] };

/** Outputs of the bootstrap program (root Pulumi.yaml). */
export interface BootstrapOutputs {
  stateBucketName: string;
  /** `s3://` URL to use as PULUMI_BACKEND_URL. */
  backendUrl: string;
  secretsKeyArn: string;
  /** `awskms://` URL to use as the stacks' secrets provider. */
  secretsProvider: string;
  githubOidcProviderArn: string;
  /** Per layer: the read-only role pull requests preview with, the role main deploys with. */
  ciRoles: Record<string, { previewRoleArn: string; deployRoleArn: string }>;
}
