import {
  type DescribeClusterParameters,
  describeClusterParametersWith,
  startLayer,
} from "@lakehouse/components";
import { type LayerExports, RAW_PREFIXES } from "@lakehouse/contracts";
import * as pulumi from "@pulumi/pulumi";
import { ingestionAlarms } from "./alarms";
import { attachedCluster, attachedTable } from "./attached";
import { attachedAuroraCdc, auroraCdc } from "./aurora-cdc";
import { clientEvents } from "./client-events";
import { ingestionConfig, ingestionSecrets } from "./config";
import { dynamoDbCdc } from "./dynamodb-cdc";
import { googleAnalytics } from "./google-analytics";
import { upstreamInputs } from "./upstream";

export interface ProgramOptions {
  /**
   * Reads an attached cluster's parameter group (no provider data source returns parameter
   * values). @default RDS DescribeDBClusterParameters with the program's credentials
   */
  describeClusterParameters?: DescribeClusterParameters;
}

/** The ingestion layer: every extract path into the raw zone, from sources it creates or attaches. */
export async function program(options: ProgramOptions = {}): Promise<LayerExports<"ingestion">> {
  const config = ingestionConfig();
  const secrets = ingestionSecrets();
  const ctx = await startLayer("ingestion", config);
  const up = upstreamInputs();

  // 1. DynamoDB -> Streams -> Lambda -> Firehose "cdc" -> raw zone
  const dynamodb = dynamoDbCdc(ctx, config, up, await attachedTable(config));

  // 2. Aurora PostgreSQL -> DMS Serverless (full load + CDC) -> raw zone (Parquet)
  const describe =
    options.describeClusterParameters ??
    describeClusterParametersWith(new pulumi.Config("aws").get("region"));
  const cluster = await attachedCluster(config, describe);
  const aurora = cluster ? attachedAuroraCdc(ctx, config, up, cluster) : auroraCdc(ctx, config, up);

  // 3. Client events -> Firehose "events" (JSON -> Parquet) -> raw zone
  const events = clientEvents(ctx, config, up);

  // 4. Google Analytics 4 -> AppFlow -> raw zone (Parquet)
  const ga4 = googleAnalytics(ctx, config, secrets, up);

  // 5. Alarms: failure and silence on every hop -> the stack's alarm topic (lake-storage). An
  // attached cluster's capacity is its owner's to watch; its replication is ours.
  ingestionAlarms(ctx, config, up, {
    cdcFunctionName: dynamodb.handler.function.name,
    deliveryStreams: [
      { key: "cdc", name: dynamodb.stream.name, convertsFormat: false },
      { key: "events", name: events.name, convertsFormat: true },
    ],
    dms: aurora.dms,
    aurora: aurora.created,
    ga4,
  });

  return {
    rawPrefixes: { ...RAW_PREFIXES },
    sourceTableName: dynamodb.source.name,
    sourceTableKeys: dynamodb.keys,
    sourceTableStreamArn: dynamodb.source.streamArn,
    sourceTableKeyArn: dynamodb.tableKeyArn,
    cdcFunctionName: dynamodb.handler.function.name,
    cdcDeliveryStreamName: dynamodb.stream.name,
    cdcDeadLetterQueueUrl: dynamodb.handler.failureQueue.url,
    eventsDeliveryStreamName: events.name,
    eventsDeliveryStreamArn: events.arn,
    eventsProducerRoleArn: events.producerRole.arn,
    eventsSchemaTableName: events.table.name,
    auroraClusterArn: aurora.clusterArn,
    auroraSecretArn: aurora.dms.sourceSecretArn,
    auroraSecretKeyArn: aurora.secretKeyArn,
    dmsReplicationArn: aurora.dms.arn,
    dmsMetricDimensions: aurora.dms.metricDimensions,
    googleAnalyticsFlowName: ga4.name,
  };
}
