import {
  type Layer,
  type LayerOutputs,
  placementOf,
  RAW_PREFIXES,
  type StackName,
} from "@lakehouse/contracts";

/**
 * Example outputs of each layer, typed by its contract: what a consumer's unit tests read
 * through stack references. The offline plan uses real outputs instead.
 */
export function layerFixture<L extends Layer>(layer: L, stack: StackName = "dev"): LayerOutputs[L] {
  return fixtures(stack)[layer];
}

export function fixtures(stack: StackName = "dev"): LayerOutputs {
  const env = stack;
  // each stack's own account and region (stacks/accounts.yaml), as its producers would answer
  const { account: acct, region } = placementOf(stack);
  const bucket = (zone: string) => `lakehouse-${env}-${zone}-${acct}`;
  const keyId = "0b1c2d3e-4f50-6172-8394-a5b6c7d8e9f0";
  return {
    network: {
      vpcId: "vpc-0a1b2c3d4e5f60718",
      vpcCidr: "10.20.0.0/16",
      availabilityZones: [`${region}a`, `${region}b`],
      privateSubnetIds: ["subnet-0aa0000000000001", "subnet-0aa0000000000002"],
      isolatedSubnetIds: ["subnet-0bb0000000000001", "subnet-0bb0000000000002"],
      privateRouteTableIds: ["rtb-0cc0000000000001", "rtb-0cc0000000000002"],
      securityGroupIds: {
        database: "sg-0dd0000000000001",
        dms: "sg-0dd0000000000002",
        lambda: "sg-0dd0000000000003",
        glue: "sg-0dd0000000000004",
      },
      s3PrefixListId: "pl-6da54004",
    },
    "lake-storage": {
      environment: env,
      dataKeyArn: `arn:aws:kms:${region}:${acct}:key/${keyId}`,
      dataKeyId: keyId,
      rawBucketName: bucket("raw"),
      rawBucketArn: `arn:aws:s3:::${bucket("raw")}`,
      refinedBucketName: bucket("refined"),
      refinedBucketArn: `arn:aws:s3:::${bucket("refined")}`,
      resultsBucketName: bucket("results"),
      resultsBucketArn: `arn:aws:s3:::${bucket("results")}`,
      assetsBucketName: bucket("assets"),
      assetsBucketArn: `arn:aws:s3:::${bucket("assets")}`,
      logsBucketName: bucket("logs"),
      rawPrefixes: { ...RAW_PREFIXES },
      rawDatabaseName: `lakehouse_${env}_raw`,
      refinedDatabaseName: `lakehouse_${env}_refined`,
      cdcDatabaseName: `lakehouse_${env}_cdc`,
      dataAccessRoleArn: `arn:aws:iam::${acct}:role/lakehouse-${env}-lf-data-access`,
      lfTags: {
        domain: ["sales", "marketing", "platform"],
        sensitivity: ["public", "internal", "confidential"],
      },
      alarmTopicArn: `arn:aws:sns:${region}:${acct}:lakehouse-${env}-alarms`,
    },
    ingestion: {
      rawPrefixes: { ...RAW_PREFIXES },
      sourceTableName: `lakehouse-${env}-orders`,
      sourceTableKeys: ["pk", "sk"],
      sourceTableStreamArn: `arn:aws:dynamodb:${region}:${acct}:table/lakehouse-${env}-orders/stream/2026-01-01T00:00:00.000`,
      sourceTableKeyArn: `arn:aws:kms:${region}:${acct}:key/${keyId}`,
      cdcFunctionName: `lakehouse-${env}-cdc-handler`,
      cdcDeliveryStreamName: `lakehouse-${env}-cdc`,
      cdcDeadLetterQueueUrl: `https://sqs.${region}.amazonaws.com/${acct}/lakehouse-${env}-cdc-failures`,
      eventsDeliveryStreamName: `lakehouse-${env}-events`,
      eventsDeliveryStreamArn: `arn:aws:firehose:${region}:${acct}:deliverystream/lakehouse-${env}-events`,
      eventsProducerRoleArn: `arn:aws:iam::${acct}:role/lakehouse-${env}-events-producer`,
      eventsSchemaTableName: "client_events",
      auroraClusterArn: `arn:aws:rds:${region}:${acct}:cluster:lakehouse-${env}-source`,
      auroraSecretArn: `arn:aws:secretsmanager:${region}:${acct}:secret:lakehouse-${env}-dms-source-AbCdEf`,
      auroraSecretKeyArn: `arn:aws:kms:${region}:${acct}:key/${keyId}`,
      dmsReplicationArn: `arn:aws:dms:${region}:${acct}:${env === "prod" ? "replication-config" : "task"}:EXAMPLE`,
      dmsMetricDimensions:
        env === "prod"
          ? { ReplicationConfigIdentifier: `lakehouse-${env}-aurora-to-raw` }
          : { ReplicationInstanceIdentifier: `lakehouse-${env}-dms`, ReplicationTaskIdentifier: "EXAMPLE" },
      googleAnalyticsFlowName: `lakehouse-${env}-ga4`,
    },
    transformation: {
      refinedTables: { events: "client_events", ga4_sessions: "ga4_sessions" },
      icebergTables: { orders: "orders", customers: "customers" },
      changeCountsTable: "cdc_changes",
      workflowName: `lakehouse-${env}-refine`,
      refineJobNames: {
        events: `lakehouse-${env}-refine-events`,
        ga4_sessions: `lakehouse-${env}-refine-ga4-sessions`,
      },
      cdcMergeJobName: `lakehouse-${env}-cdc-merge`,
      crawlerNames: [`lakehouse-${env}-raw-events`],
      jobRoleArn: `arn:aws:iam::${acct}:role/lakehouse-${env}-glue-jobs`,
      alarmTopicArn: `arn:aws:sns:${region}:${acct}:lakehouse-${env}-alarms`,
      snapshotRetentionDays: env === "prod" ? 7 : 3,
      freshnessTargetMinutes:
        env === "prod"
          ? { events: 75, ga4_sessions: 1800, orders: 20, customers: 20 }
          : { events: 180, ga4_sessions: 2160, orders: 120, customers: 120 },
    },
    analytics: {
      athenaWorkgroupName: `lakehouse-${env}-analytics`,
      namedQueryIds: {
        daily_events_by_type: "11111111-2222-3333-4444-555555555555",
        ga4_sessions_per_day: "11111111-2222-3333-4444-555555555556",
        cdc_change_volume: "11111111-2222-3333-4444-555555555557",
        cdc_current_state_orders: "11111111-2222-3333-4444-555555555558",
        cdc_current_state_customers: "11111111-2222-3333-4444-555555555559",
      },
      analystRoleArn: `arn:aws:iam::${acct}:role/lakehouse-${env}-analyst`,
      quicksightDataSourceArn: `arn:aws:quicksight:${region}:${acct}:datasource/lakehouse-${env}-athena`,
      quicksightDashboardId: `lakehouse-${env}-overview`,
    },
  };
}
