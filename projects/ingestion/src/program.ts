import { startLayer } from "@lakehouse/components";
import { type LayerExports, layer } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import { ingestionConfig } from "./config";

/** The ingestion layer: every extract path into the raw zone. */
export async function program(): Promise<LayerExports<"ingestion">> {
  const config = ingestionConfig();
  const ctx = startLayer("ingestion", config);
  const storage = layer("lake-storage");
  const network = layer("network");
  const table = new aws.dynamodb.Table(
    "orders",
    {
      name: `${ctx.namePrefix}-orders`,
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      attributes: [{ name: "pk", type: "S" }],
      streamEnabled: true,
      streamViewType: "NEW_AND_OLD_IMAGES",
      serverSideEncryption: { enabled: true, kmsKeyArn: storage.require("dataKeyArn") },
      pointInTimeRecovery: { enabled: true },
    },
    ctx.statefulOptions,
  );
  const sgs = network.require("securityGroupIds");
  return {
    rawPrefixes: storage.require("rawPrefixes"),
    sourceTableName: table.name,
    sourceTableStreamArn: table.streamArn,
    cdcFunctionName: `${ctx.namePrefix}-cdc-handler`,
    cdcDeliveryStreamName: `${ctx.namePrefix}-cdc`,
    cdcDeadLetterQueueUrl: sgs.apply(() => ""),
    eventsDeliveryStreamName: `${ctx.namePrefix}-events`,
    eventsDeliveryStreamArn: "",
    eventsProducerRoleArn: "",
    eventsSchemaTableName: "client_events_schema",
    auroraClusterArn: "",
    auroraSecretArn: "",
    dmsReplicationConfigArn: "",
    googleAnalyticsFlowName: `${ctx.namePrefix}-ga4`,
  };
}
