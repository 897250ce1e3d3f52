import {
  type AthenaWorkgroup,
  type LayerContext,
  QuickSightAthenaDataSource,
  QuickSightDashboard,
  QuickSightSqlDataSet,
  type QuickSightSqlDataSetArgs,
  type ReaderGrants,
} from "@lakehouse/components";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { AnalyticsConfig } from "./config";
import { overviewCharts } from "./dashboard-charts";
import { quicksightAudience } from "./quicksight-audience";
import type { Reports } from "./report-sql";
import { type ReportDefinition, reportWindowDays, withRollingWindow } from "./reports";

/**
 * QuickSight: an Athena data source reading through the workgroup, one dataset per report query
 * and the overview dashboard, all owned by the stack's authors group and viewed by its viewers
 * group. The account subscription comes from the account baseline (projects/bootstrap).
 */
export function quicksightDashboard(
  ctx: LayerContext,
  config: AnalyticsConfig,
  workgroup: AthenaWorkgroup,
  reports: Reports,
  readers: ReaderGrants,
  snapshotRetentionDays: pulumi.Output<number>,
) {
  // The account's QuickSight subscription is the account baseline's (projects/bootstrap), created
  // before any layer by the account's owning stack (stacks/accounts.yaml).
  const qsOpts: { dependsOn: pulumi.Resource[] } = { dependsOn: [] };
  // Groups live in the account's QuickSight identity region ("" in config: the stack's region).
  const identityRegion = config.quicksightIdentityRegion ?? aws.getRegionOutput().region;
  const { audience } = quicksightAudience(
    ctx,
    { identityRegion, authors: config.quicksightAuthors, viewers: config.quicksightViewers },
    qsOpts,
  );
  const source = new QuickSightAthenaDataSource(
    "quicksight",
    {
      dataSourceId: `${ctx.namePrefix}-athena`,
      displayName: `Lakehouse ${ctx.environment} (Athena)`,
      workgroup,
      roleName: `${ctx.namePrefix}-quicksight-athena`,
      audience,
    },
    qsOpts,
  );
  const quicksightGrants = readers.grantRead("quicksight", source.role.arn, source.role);

  // Datasets run the very SQL of the named queries, dated ones as a rolling window.
  const dataSetOf = (definition: ReportDefinition) =>
    new QuickSightSqlDataSet(
      definition.name,
      {
        dataSetId: `${ctx.namePrefix}-${definition.name.replace(/_/g, "-")}`,
        displayName: definition.name,
        dataSourceArn: source.arn,
        sql: pulumi
          .all([reports.queries.sql[definition.name] as pulumi.Output<string>, snapshotRetentionDays])
          .apply(([sql, retention]) =>
            definition.dateParameters === 0
              ? sql
              : withRollingWindow(sql, reportWindowDays(definition, config.quicksightWindowDays, retention)),
          ),
        columns: definition.columns,
        ...dataSetReadMode(config, definition),
        audience,
      },
      // QuickSight checks the SQL's columns when it creates the dataset: the grants must exist.
      {
        ...qsOpts,
        dependsOn: [
          ...qsOpts.dependsOn,
          quicksightGrants.tables,
          ...(quicksightGrants.policy ? [quicksightGrants.policy] : []),
        ],
      },
    );
  const dataSets = Object.fromEntries(
    reports.definitions.map((definition) => [definition.name, dataSetOf(definition)]),
  );

  const dashboard = new QuickSightDashboard(
    "overview",
    {
      dashboardId: `${ctx.namePrefix}-overview`,
      displayName: `Lakehouse ${ctx.environment} overview`,
      dataSets: Object.fromEntries(Object.entries(dataSets).map(([k, d]) => [k, d.arn])),
      charts: overviewCharts(reports.stateDefinitions),
      audience,
      tags: { ...ctx.tags },
    },
    qsOpts,
  );
  return { source, dashboard };
}

/**
 * Import mode and refresh of one report's data set: its entry in quicksightDataSets, else the
 * stack-wide quicksightImportMode with a full refresh at quicksightRefreshInterval. An incremental
 * refresh looks back over the report's date column (its first DATETIME column).
 */
export function dataSetReadMode(
  config: AnalyticsConfig,
  definition: ReportDefinition,
): Pick<QuickSightSqlDataSetArgs, "importMode" | "refresh"> {
  const mode = config.quicksightDataSets[definition.name];
  const timing = { timeOfDay: config.quicksightRefreshTime, timezone: config.quicksightRefreshTimezone };
  if (!mode)
    return {
      importMode: config.quicksightImportMode,
      refresh: { type: "FULL_REFRESH", interval: config.quicksightRefreshInterval, ...timing },
    };
  if (mode.importMode === "DIRECT_QUERY") return { importMode: "DIRECT_QUERY" };
  const r = mode.refresh;
  const own = { timeOfDay: r.timeOfDay ?? timing.timeOfDay, timezone: r.timezone ?? timing.timezone };
  if (r.type === "FULL_REFRESH") return { importMode: "SPICE", refresh: { ...r, ...own } };
  const dateColumn = definition.columns.find((c) => c.type === "DATETIME");
  // analyticsConfig() already refused an incremental refresh of a report without one
  if (!dateColumn)
    throw new Error(`report ${definition.name} has no DATETIME column to refresh incrementally by`);
  return {
    importMode: "SPICE",
    refresh: {
      type: "INCREMENTAL_REFRESH",
      interval: r.interval,
      lookbackWindow: { columnName: dateColumn.name, ...r.lookbackWindow },
      ...own,
    },
  };
}
