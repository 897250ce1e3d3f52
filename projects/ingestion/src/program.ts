import { startLayer } from "@lakehouse/components";
import { type LayerExports, RAW_PREFIXES } from "@lakehouse/contracts";
import { ingestionAlarms } from "./alarms";
import { auroraCdc } from "./aurora-cdc";
import { clientEvents } from "./client-events";
import { ingestionConfig, ingestionSecrets } from "./config";
import { dynamoDbCdc } from "./dynamodb-cdc";
import { googleAnalytics } from "./google-analytics";
import { upstreamInputs } from "./upstream";

/** The ingestion layer: every extract path into the raw zone. */
export async function program(): Promise<LayerExports<"ingestion">> {
  const config = ingestionConfig();
  const secrets = ingestionSecrets();
  const ctx = await startLayer("ingestion", config);
  const up = upstreamInputs();

  // 1. DynamoDB -> Streams -> Lambda -> Firehose "cdc" -> raw zone
  const dynamodb = dynamoDbCdc(ctx, config, up);

  // 2. Aurora PostgreSQL -> DMS Serverless (full load + CDC) -> raw zone (Parquet)
  const { aurora, dms } = auroraCdc(ctx, config, up);

  // 3. Client events -> Firehose "events" (JSON -> Parquet) -> raw zone
  const events = clientEvents(ctx, config, up);

  // 4. Google Analytics 4 -> AppFlow -> raw zone (Parquet)
  const ga4 = googleAnalytics(ctx, config, secrets, up);

  // 5. Alarms: failure and silence on every hop -> the stack's alarm topic (lake-storage)
  ingestionAlarms(ctx, config, up, {
    cdcFunctionName: dynamodb.handler.function.name,
    deliveryStreams: [
      { key: "cdc", name: dynamodb.stream.name, convertsFormat: false },
      { key: "events", name: events.name, convertsFormat: true },
    ],
    dms,
    aurora,
    ga4,
  });

  return {
    rawPrefixes: { ...RAW_PREFIXES },
    sourceTableName: dynamodb.source.name,
    sourceTableKeys: [
      config.sourceHashKey.name,
      ...(config.sourceRangeKey ? [config.sourceRangeKey.name] : []),
    ],
    sourceTableStreamArn: dynamodb.source.streamArn,
    cdcFunctionName: dynamodb.handler.function.name,
    cdcDeliveryStreamName: dynamodb.stream.name,
    cdcDeadLetterQueueUrl: dynamodb.handler.failureQueue.url,
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
