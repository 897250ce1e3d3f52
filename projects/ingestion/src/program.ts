import {
  AuroraSource,
  CdcDeliveryStream,
  CdcFunction,
  DmsAccountRoles,
  DmsReplication,
  EventsDeliveryStream,
  Ga4Flow,
  SourceTable,
  startLayer,
} from "@lakehouse/components";
import { type LayerExports, layer, RAW_PREFIXES } from "@lakehouse/contracts";
import { cdcHandlerArchive } from "./bundle";
import { ingestionConfig, ingestionSecrets } from "./config";

/** The ingestion layer: every extract path into the raw zone. */
export async function program(): Promise<LayerExports<"ingestion">> {
  const config = ingestionConfig();
  const secrets = ingestionSecrets();
  const ctx = startLayer("ingestion", config);
  const storage = layer("lake-storage");
  const network = layer("network");
  const prefix = ctx.namePrefix;
  const kmsKeyArn = storage.require("dataKeyArn");
  const raw = { bucketName: storage.require("rawBucketName"), bucketArn: storage.require("rawBucketArn") };
  const sgs = network.require("securityGroupIds");
  const logRetentionDays = config.logRetentionDays;

  // 1. DynamoDB -> Streams -> Lambda -> Firehose "cdc" -> raw zone
  const source = new SourceTable("source", {
    name: `${prefix}-${config.sourceTableName}`,
    hashKey: config.sourceHashKey,
    rangeKey: config.sourceRangeKey,
    kmsKeyArn,
    retainData: ctx.retainData,
  });
  const cdcStream = new CdcDeliveryStream("cdc", {
    name: `${prefix}-cdc`,
    bucketArn: raw.bucketArn,
    kmsKeyArn,
    prefix: RAW_PREFIXES.dynamodbCdc,
    bufferingSizeMb: config.cdcBufferingSizeMb,
    bufferingIntervalSeconds: config.cdcBufferingIntervalSeconds,
    logRetentionDays,
  });
  const cdc = new CdcFunction("cdc-handler", {
    name: `${prefix}-cdc-handler`,
    code: cdcHandlerArchive(),
    source,
    delivery: cdcStream,
    kmsKeyArn,
    batchSize: config.cdcBatchSize,
    maximumBatchingWindowInSeconds: config.cdcBatchingWindowSeconds,
    maximumRetryAttempts: config.cdcMaxRetryAttempts,
    maximumRecordAgeInSeconds: config.cdcMaxRecordAgeSeconds,
    logRetentionDays,
  });

  // 2. Aurora PostgreSQL -> DMS Serverless (full load + CDC) -> raw zone (Parquet)
  const aurora = new AuroraSource("source-db", {
    identifier: `${prefix}-source`,
    subnetIds: network.require("isolatedSubnetIds"),
    securityGroupIds: sgs.apply((s) => [s.database]),
    kmsKeyArn,
    databaseName: config.auroraDatabaseName,
    engineVersion: config.auroraEngineVersion,
    minCapacity: config.auroraMinCapacity,
    maxCapacity: config.auroraMaxCapacity,
    instanceCount: config.auroraInstanceCount,
    backupRetentionDays: config.auroraBackupRetentionDays,
    retainData: ctx.retainData,
  });
  const dmsRoles = new DmsAccountRoles("dms-account-roles", {
    createVpcRole: config.dmsCreateVpcRole,
    createCloudWatchLogsRole: config.dmsCreateCloudWatchLogsRole,
  });
  const dms = new DmsReplication("aurora-cdc", {
    identifier: prefix,
    host: aurora.endpoint,
    port: aurora.port,
    databaseName: config.auroraDatabaseName,
    username: config.dmsUsername,
    password: secrets.dmsSourcePassword,
    tables: config.dmsTables,
    subnetIds: network.require("privateSubnetIds"),
    securityGroupIds: sgs.apply((s) => [s.dms]),
    kmsKeyArn,
    ...raw,
    prefix: RAW_PREFIXES.auroraCdc,
    minCapacityUnits: config.dmsMinCapacityUnits,
    maxCapacityUnits: config.dmsMaxCapacityUnits,
    multiAz: config.dmsMultiAz,
    startReplication: config.dmsStartReplication,
    dependsOn: dmsRoles.dependencies,
  });

  // 3. Client events -> Firehose "events" (JSON -> Parquet) -> raw zone
  const events = new EventsDeliveryStream("events", {
    name: `${prefix}-events`,
    ...raw,
    kmsKeyArn,
    prefix: RAW_PREFIXES.events,
    databaseName: storage.require("rawDatabaseName"),
    tableName: "client_events",
    bufferingSizeMb: config.eventsBufferingSizeMb,
    bufferingIntervalSeconds: config.eventsBufferingIntervalSeconds,
    ...(config.eventsProducerPrincipals.length > 0
      ? { producerPrincipals: config.eventsProducerPrincipals }
      : {}),
    logRetentionDays,
  });

  // 4. Google Analytics 4 -> AppFlow -> raw zone (Parquet)
  const ga4 = new Ga4Flow("ga4", {
    name: `${prefix}-ga4`,
    credentials: {
      clientId: secrets.ga4ClientId,
      clientSecret: secrets.ga4ClientSecret,
      refreshToken: secrets.ga4RefreshToken,
    },
    propertyId: config.ga4PropertyId,
    object: config.ga4Object,
    dimensions: config.ga4Dimensions,
    metrics: config.ga4Metrics,
    schedule: config.ga4Schedule,
    bucketName: raw.bucketName,
    prefix: RAW_PREFIXES.googleAnalytics,
    kmsKeyArn,
  });

  return {
    rawPrefixes: { ...RAW_PREFIXES },
    sourceTableName: source.name,
    sourceTableKeys: [
      config.sourceHashKey.name,
      ...(config.sourceRangeKey ? [config.sourceRangeKey.name] : []),
    ],
    sourceTableStreamArn: source.streamArn,
    cdcFunctionName: cdc.function.name,
    cdcDeliveryStreamName: cdcStream.name,
    cdcDeadLetterQueueUrl: cdc.failureQueue.url,
    eventsDeliveryStreamName: events.name,
    eventsDeliveryStreamArn: events.arn,
    eventsProducerRoleArn: events.producerRole.arn,
    eventsSchemaTableName: events.table.name,
    auroraClusterArn: aurora.arn,
    auroraSecretArn: dms.sourceSecret.arn,
    dmsReplicationConfigArn: dms.arn,
    googleAnalyticsFlowName: ga4.name,
  };
}
