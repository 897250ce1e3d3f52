import { startLayer } from "@lakehouse/components";
import { type LayerExports, layer } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import { transformationConfig } from "./config";

/** The transformation layer: crawlers, refine and CDC merge jobs, Iceberg tables, grants. */
export async function program(): Promise<LayerExports<"transformation">> {
  const config = transformationConfig();
  const ctx = startLayer("transformation", config);
  const storage = layer("lake-storage");
  const ingestion = layer("ingestion");
  const topic = new aws.sns.Topic("pipeline-alarms", {
    name: `${ctx.namePrefix}-pipeline-alarms`,
    kmsMasterKeyId: storage.require("dataKeyArn"),
  });
  return {
    refinedTables: ingestion.require("eventsSchemaTableName").apply(() => ({ events: "client_events" })),
    icebergTables: { orders: "orders" },
    workflowName: `${ctx.namePrefix}-refine`,
    cdcMergeJobName: `${ctx.namePrefix}-cdc-merge`,
    crawlerNames: [],
    jobRoleArn: "",
    alarmTopicArn: topic.arn,
  };
}
