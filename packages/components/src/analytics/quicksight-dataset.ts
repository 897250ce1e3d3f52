import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { audiencePermissions, QUICKSIGHT_ACTIONS, type QuickSightAudience } from "./quicksight-permissions";

export type QuickSightColumnType = "STRING" | "INTEGER" | "DECIMAL" | "DATETIME" | "BIT" | "BOOLEAN" | "JSON";

interface RefreshTiming {
  /** `HH:MM`, for daily refreshes. @default "05:00" */
  timeOfDay?: string;
  /** IANA time zone. @default "UTC" */
  timezone?: string;
}

/** A full refresh re-imports the whole query; QuickSight runs one at most hourly. */
export interface SpiceFullRefresh extends RefreshTiming {
  type?: "FULL_REFRESH";
  /** @default "DAILY" */
  interval?: "HOURLY" | "DAILY";
}

/**
 * An incremental refresh re-imports only the rows whose `lookbackWindow.columnName` falls within
 * the window before the refresh. MINUTE15 and MINUTE30 are "only supported for incremental
 * refreshes" (QuickSight API_RefreshFrequency), so only this variant offers them.
 */
export interface SpiceIncrementalRefresh extends RefreshTiming {
  type: "INCREMENTAL_REFRESH";
  interval: "MINUTE15" | "MINUTE30" | "HOURLY" | "DAILY";
  /** A date or timestamp column of the data set; sizes in HOUR, DAY or WEEK (API_LookbackWindow). */
  lookbackWindow: { columnName: string; size: number; unit: "HOUR" | "DAY" | "WEEK" };
}

/** When a SPICE dataset is refreshed, typed so that it holds only schedules the API accepts. */
export type SpiceRefreshSchedule = SpiceFullRefresh | SpiceIncrementalRefresh;

export interface QuickSightSqlDataSetArgs {
  dataSetId: pulumi.Input<string>;
  /** @default dataSetId */
  displayName?: pulumi.Input<string>;
  dataSourceArn: pulumi.Input<string>;
  /** The SQL QuickSight runs in Athena (no `?` parameters: QuickSight cannot bind them). */
  sql: pulumi.Input<string>;
  /** Columns the SQL returns, in order, with their QuickSight types. */
  columns: { name: string; type: QuickSightColumnType }[];
  /**
   * DIRECT_QUERY runs the SQL on every dashboard load; SPICE imports it on `refresh`.
   * @default "DIRECT_QUERY"
   */
  importMode?: "DIRECT_QUERY" | "SPICE";
  /**
   * Refresh of a SPICE dataset; ignored in DIRECT_QUERY mode.
   * @default a full refresh daily at 05:00 UTC
   */
  refresh?: SpiceRefreshSchedule;
  audience: QuickSightAudience;
}

/** A QuickSight dataset over a report query, direct-query or SPICE with a refresh schedule. */
export class QuickSightSqlDataSet extends pulumi.ComponentResource {
  readonly dataSet: aws.quicksight.DataSet;
  readonly refreshSchedule?: aws.quicksight.RefreshSchedule;
  readonly arn: pulumi.Output<string>;
  readonly dataSetId: pulumi.Output<string>;

  constructor(name: string, args: QuickSightSqlDataSetArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:analytics:QuickSightSqlDataSet", name, {}, opts);
    const importMode = args.importMode ?? "DIRECT_QUERY";
    const sql = pulumi.output(args.sql).apply((s) => {
      if (s.includes("?"))
        throw new Error(`dataset ${name}: the SQL still has a '?' parameter QuickSight cannot bind`);
      return s;
    });
    const refresh: SpiceRefreshSchedule = args.refresh ?? {};
    const incremental = refresh.type === "INCREMENTAL_REFRESH" ? refresh : undefined;
    if (incremental && !args.columns.some((c) => c.name === incremental.lookbackWindow.columnName))
      throw new Error(
        `dataset ${name}: the incremental refresh's lookback column ${incremental.lookbackWindow.columnName} is not one of its columns`,
      );
    this.dataSet = new aws.quicksight.DataSet(
      name,
      {
        dataSetId: args.dataSetId,
        name: args.displayName ?? args.dataSetId,
        importMode,
        ...(importMode === "SPICE" && incremental
          ? {
              refreshProperties: {
                refreshConfiguration: {
                  incrementalRefresh: {
                    lookbackWindow: {
                      columnName: incremental.lookbackWindow.columnName,
                      size: incremental.lookbackWindow.size,
                      sizeUnit: incremental.lookbackWindow.unit,
                    },
                  },
                },
              },
            }
          : {}),
        physicalTableMaps: [
          {
            physicalTableMapId: "report",
            customSql: {
              dataSourceArn: args.dataSourceArn,
              name: "report",
              sqlQuery: sql,
              columns: args.columns,
            },
          },
        ],
        logicalTableMaps: [
          { logicalTableMapId: "report", alias: "report", source: { physicalTableId: "report" } },
        ],
        permissions: audiencePermissions(
          args.audience,
          QUICKSIGHT_ACTIONS.dataSetOwner,
          QUICKSIGHT_ACTIONS.dataSetViewer,
        ),
      },
      { parent: this },
    );
    if (importMode === "SPICE") {
      const interval = refresh.interval ?? "DAILY";
      const timed = interval === "DAILY";
      this.refreshSchedule = new aws.quicksight.RefreshSchedule(
        `${name}-refresh`,
        {
          dataSetId: args.dataSetId,
          scheduleId: pulumi.interpolate`${args.dataSetId}-refresh`,
          schedule: {
            refreshType: incremental ? "INCREMENTAL_REFRESH" : "FULL_REFRESH",
            scheduleFrequency: {
              interval,
              timezone: refresh.timezone ?? "UTC",
              ...(timed ? { timeOfTheDay: refresh.timeOfDay ?? "05:00" } : {}),
            },
          },
        },
        { parent: this, dependsOn: [this.dataSet] },
      );
    }
    this.arn = this.dataSet.arn;
    this.dataSetId = pulumi.output(args.dataSetId);
    this.registerOutputs({ arn: this.arn });
  }
}
