import { type AthenaWorkgroup, ReportQueries, type ReportQuery } from "@lakehouse/components";
import * as pulumi from "@pulumi/pulumi";
import type { AnalyticsConfig } from "./config";
import { type Lake, tableOf } from "./lake";
import {
  CDC_CHANGE_VOLUME,
  cdcCurrentState,
  DAILY_EVENTS_BY_TYPE,
  entityList,
  GA4_SESSIONS_PER_DAY,
  type ReportDefinition,
  readReportSql,
} from "./reports";

/** Report SQL: templates filled with catalog names from the producing layers' outputs, saved as named queries. */
export function reportQueries(config: AnalyticsConfig, lake: Lake, workgroup: AthenaWorkgroup) {
  const values: Record<string, pulumi.Input<string>> = {
    refined_database: lake.refinedDatabase,
    cdc_database: lake.cdcDatabase,
    events_table: tableOf(lake.refinedTables, "refinedTables", config.eventsDataset, "eventsDataset"),
    ga4_sessions_table: tableOf(
      lake.refinedTables,
      "refinedTables",
      config.ga4SessionsDataset,
      "ga4SessionsDataset",
    ),
  };
  const entityTable = (entity: string, configKey: string) =>
    tableOf(lake.icebergTables, "icebergTables", entity, configKey);
  // Each reported entity must be one transformation keeps current (fails naming the key otherwise).
  const changeVolumeFragments = {
    entities: pulumi
      .all(config.cdcEntities.map((e) => entityTable(e, "cdcEntities")))
      .apply(() => entityList(config.cdcEntities)),
  };
  const stateReports = config.cdcStateColumns.map((entry) => {
    const [entity, column] = entry.split(".") as [string, string];
    return {
      definition: cdcCurrentState(entity, column),
      values: { ...values, entity_table: entityTable(entity, "cdcStateColumns"), group_column: column },
      fragments: {},
    };
  });
  const reports = [
    { definition: DAILY_EVENTS_BY_TYPE, values, fragments: {} },
    { definition: GA4_SESSIONS_PER_DAY, values, fragments: {} },
    {
      definition: CDC_CHANGE_VOLUME,
      values: { ...values, change_counts_table: lake.changeCountsTable },
      fragments: changeVolumeFragments,
    },
    ...stateReports,
  ];
  const databaseOf = (d: ReportDefinition) =>
    d.database === "refined" ? lake.refinedDatabase : lake.cdcDatabase;
  const queries = new ReportQueries("reports", {
    workgroup: workgroup.name,
    reports: reports.map(
      ({ definition, values: v, fragments }): ReportQuery => ({
        name: definition.name,
        description: definition.description,
        database: databaseOf(definition),
        template: readReportSql(definition.file),
        values: v,
        fragments,
      }),
    ),
  });
  return {
    queries,
    definitions: reports.map((r) => r.definition),
    stateDefinitions: stateReports.map((r) => r.definition),
  };
}

export type Reports = ReturnType<typeof reportQueries>;
