import { CdcDeliveryStream, CdcFunction, type LayerContext, SourceTable } from "@lakehouse/components";
import { RAW_PREFIXES } from "@lakehouse/contracts";
import { cdcHandlerArchive } from "./bundle";
import type { IngestionConfig } from "./config";
import type { Upstream } from "./upstream";

/** DynamoDB -> Streams -> Lambda -> Firehose "cdc" -> raw zone. */
export function dynamoDbCdc(ctx: LayerContext, config: IngestionConfig, up: Upstream) {
  const prefix = ctx.namePrefix;
  const { kmsKeyArn } = up;
  const source = new SourceTable("source", {
    name: `${prefix}-${config.sourceTableName}`,
    hashKey: config.sourceHashKey,
    rangeKey: config.sourceRangeKey,
    kmsKeyArn,
    retainData: ctx.retainData,
  });
  const stream = new CdcDeliveryStream("cdc", {
    name: `${prefix}-cdc`,
    bucketArn: up.raw.bucketArn,
    kmsKeyArn,
    prefix: RAW_PREFIXES.dynamodbCdc,
    bufferingSizeMb: config.cdcBufferingSizeMb,
    bufferingIntervalSeconds: config.cdcBufferingIntervalSeconds,
    logRetentionDays: config.logRetentionDays,
  });
  const handler = new CdcFunction("cdc-handler", {
    name: `${prefix}-cdc-handler`,
    code: cdcHandlerArchive(),
    source,
    delivery: stream,
    kmsKeyArn,
    batchSize: config.cdcBatchSize,
    maximumBatchingWindowInSeconds: config.cdcBatchingWindowSeconds,
    maximumRetryAttempts: config.cdcMaxRetryAttempts,
    maximumRecordAgeInSeconds: config.cdcMaxRecordAgeSeconds,
    logRetentionDays: config.logRetentionDays,
    alarmTopicArn: up.alarmTopicArn,
  });
  return { source, stream, handler };
}
