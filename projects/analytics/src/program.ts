import { AthenaWorkgroup, startLayer } from "@lakehouse/components";
import type { LayerExports } from "@lakehouse/contracts";
import { analyticsConfig } from "./config";
import { lakeInputs } from "./lake";
import { quicksightDashboard } from "./quicksight";
import { lakeReaders } from "./readers";
import { reportQueries } from "./report-sql";

/** The analytics layer: Athena, report queries, reader grants and QuickSight. */
export async function program(): Promise<LayerExports<"analytics">> {
  const config = analyticsConfig();
  const ctx = await startLayer("analytics", config);
  const lake = lakeInputs();

  // 1. Athena: every query runs under the workgroup's enforced settings. Results expire by the
  //    lifecycle rule lake-storage puts on its results bucket (one lifecycle per bucket).
  const workgroup = new AthenaWorkgroup("analytics", {
    name: `${ctx.namePrefix}-analytics`,
    resultsBucketName: lake.resultsBucketName,
    resultsBucketArn: lake.resultsBucketArn,
    kmsKeyArn: lake.dataKeyArn,
    expectedBucketOwner: lake.account,
    bytesScannedCutoffPerQuery: config.bytesScannedCutoffPerQuery,
    forceDestroy: !ctx.retainData,
  });

  // 2. Reports: SQL templates filled with the producing layers' catalog names, as named queries
  const reports = reportQueries(config, lake, workgroup);

  // 3. Readers: LF-tag grants on refined and cdc, and the analyst role using them
  const readers = lakeReaders(ctx, config, lake, workgroup);

  // 4. QuickSight: Athena data source, one dataset per report, the overview dashboard
  const quicksight = quicksightDashboard(
    ctx,
    config,
    workgroup,
    reports,
    readers.grants,
    lake.snapshotRetentionDays,
  );

  return {
    athenaWorkgroupName: workgroup.name,
    namedQueryIds: reports.queries.ids,
    analystRoleArn: readers.analyst.arn,
    quicksightDataSourceArn: quicksight.source.arn,
    quicksightDashboardId: quicksight.dashboard.dashboardId,
  };
}
