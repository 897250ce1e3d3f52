import {
  AttachedStreamSource,
  type AttachedTable,
  CdcDeliveryStream,
  CdcFunction,
  type LayerContext,
  SourceTable,
} from "@lakehouse/components";
import { RAW_PREFIXES } from "@lakehouse/contracts";
import * as pulumi from "@pulumi/pulumi";
import { cdcHandlerArchive } from "./bundle";
import type { IngestionConfig } from "./config";
import type { Upstream } from "./upstream";

/**
 * DynamoDB -> Streams -> Lambda -> Firehose "cdc" -> raw zone, from a table the stack creates
 * (dev and demos) or from an attached one (`attached`): then nothing is created for the table.
 */
export function dynamoDbCdc(
  ctx: LayerContext,
  config: IngestionConfig,
  up: Upstream,
  attached?: AttachedTable,
) {
  const prefix = ctx.namePrefix;
  const { kmsKeyArn } = up;
  const source = attached
    ? new AttachedStreamSource(attached.name, attached.streamArn, attached.kmsKeyArn)
    : new SourceTable("source", {
        name: `${prefix}-${config.sourceTableName}`,
        hashKey: config.sourceHashKey,
        rangeKey: config.sourceRangeKey,
        kmsKeyArn,
        retainData: ctx.retainData,
      });
  const keys = attached
    ? attached.keys
    : [config.sourceHashKey.name, ...(config.sourceRangeKey ? [config.sourceRangeKey.name] : [])];
  // The key of the stream's records: the data key, the attached table's own key, or "" (an AWS owned key).
  const tableKeyArn = attached ? pulumi.output(attached.kmsKeyArn ?? "") : pulumi.output(kmsKeyArn);
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
  return { source, keys, tableKeyArn, stream, handler };
}
