import {
  AthenaWorkgroup,
  type DashboardChart,
  QuickSightAthenaDataSource,
  QuickSightDashboard,
  QuickSightSqlDataSet,
  quicksightPrincipalArn,
  ReaderGrants,
  ReportQueries,
  type ReportQuery,
  readerTagExpressions,
  startLayer,
} from "@lakehouse/components";
import { type LayerExports, layer } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { analyticsConfig } from "./config";
import {
  CDC_CHANGE_VOLUME,
  cdcCurrentState,
  DAILY_EVENTS_BY_TYPE,
  GA4_SESSIONS_PER_DAY,
  type ReportDefinition,
  readReportSql,
  snapshotUnion,
  withRollingWindow,
} from "./reports";

/** One table of transformation's outputs, failing with the layer, output and key named when absent. */
function tableOf(map: pulumi.Output<Record<string, string>>, output: string, key: string, configKey: string) {
  return map.apply((tables) => {
    const table = tables[key];
    if (table === undefined) {
      throw new Error(
        `layer "transformation" exports no ${output}["${key}"] (it has: ${Object.keys(tables).join(", ") || "none"}); ` +
          `the analytics report needs it: add it to transformation or point lakehouse-analytics:${configKey} at another key`,
      );
    }
    return table;
  });
}

/** The analytics layer: Athena, report queries, reader grants and QuickSight. */
export async function program(): Promise<LayerExports<"analytics">> {
  const config = analyticsConfig();
  const ctx = startLayer("analytics", config);
  const storage = layer("lake-storage");
  const transformation = layer("transformation");
  const refinedDatabase = storage.require("refinedDatabaseName");
  const cdcDatabase = storage.require("cdcDatabaseName");
  const refinedTables = transformation.require("refinedTables");
  const icebergTables = transformation.require("icebergTables");
  const account = aws.getCallerIdentityOutput().accountId;

  // Athena: every query runs under the workgroup's enforced settings. Results expire by the
  // lifecycle rule lake-storage puts on its results bucket (one lifecycle per bucket).
  const workgroup = new AthenaWorkgroup("analytics", {
    name: `${ctx.namePrefix}-analytics`,
    resultsBucketName: storage.require("resultsBucketName"),
    resultsBucketArn: storage.require("resultsBucketArn"),
    kmsKeyArn: storage.require("dataKeyArn"),
    expectedBucketOwner: account,
    bytesScannedCutoffPerQuery: config.bytesScannedCutoffPerQuery,
    forceDestroy: !ctx.retainData,
  });

  // Report SQL: templates filled with catalog names from the producing layers' outputs.
  const values: Record<string, pulumi.Input<string>> = {
    refined_database: refinedDatabase,
    cdc_database: cdcDatabase,
    events_table: tableOf(refinedTables, "refinedTables", config.eventsDataset, "eventsDataset"),
    ga4_sessions_table: tableOf(
      refinedTables,
      "refinedTables",
      config.ga4SessionsDataset,
      "ga4SessionsDataset",
    ),
  };
  const entityTable = (entity: string, configKey: string) =>
    tableOf(icebergTables, "icebergTables", entity, configKey);
  const changeVolumeFragments = {
    snapshot_tables: pulumi
      .all([cdcDatabase, ...config.cdcEntities.map((e) => entityTable(e, "cdcEntities"))])
      .apply(([db, ...tables]) =>
        snapshotUnion(
          db as string,
          tables.map((table, i) => ({ source: config.cdcEntities[i] as string, table: table as string })),
        ),
      ),
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
    { definition: CDC_CHANGE_VOLUME, values, fragments: changeVolumeFragments },
    ...stateReports,
  ];
  const databaseOf = (d: ReportDefinition) => (d.database === "refined" ? refinedDatabase : cdcDatabase);
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

  // Readers: Lake Formation SELECT by LF-tag on refined and cdc, never the excluded sensitivity.
  const readers = new ReaderGrants("readers", {
    databaseNames: [refinedDatabase, cdcDatabase],
    expressions: storage.require("lfTags").apply((tags) =>
      readerTagExpressions(tags, {
        domains: config.readerDomains.length > 0 ? config.readerDomains : undefined,
        excludedSensitivity: config.excludedSensitivity,
      }),
    ),
  });
  const analystTrust =
    config.analystTrustedPrincipals.length > 0
      ? pulumi.output(config.analystTrustedPrincipals)
      : pulumi.interpolate`arn:aws:iam::${account}:root`.apply((root) => [root]);
  const analyst = new aws.iam.Role("analyst", {
    name: `${ctx.namePrefix}-analyst`,
    description: "Analysts: run report queries in the analytics workgroup, read non-sensitive lake data",
    maxSessionDuration: 3600 * 4,
    assumeRolePolicy: aws.iam.getPolicyDocumentOutput({
      statements: [{ actions: ["sts:AssumeRole"], principals: [{ type: "AWS", identifiers: analystTrust }] }],
    }).json,
  });
  workgroup.grantQuery("analyst-athena", analyst);
  readers.grantRead("analyst", analyst.arn, analyst);

  // QuickSight: the subscription is assumed to exist unless the stack asks to create it.
  const subscription = config.quicksightCreateAccountSubscription
    ? new aws.quicksight.AccountSubscription(
        "quicksight",
        {
          accountName: config.quicksightAccountName as string,
          notificationEmail: config.quicksightNotificationEmail as string,
          edition: config.quicksightEdition,
          authenticationMethod: "IAM_AND_QUICKSIGHT",
        },
        // Deleting the subscription unsubscribes the whole account: never as a side effect.
        { protect: ctx.retainData, retainOnDelete: true },
      )
    : undefined;
  const qsOpts = { dependsOn: subscription ? [subscription] : [] };
  const audience = {
    owners: config.quicksightAuthorGroups.map((g) => quicksightPrincipalArn("group", g)),
    viewers: config.quicksightViewerGroups.map((g) => quicksightPrincipalArn("group", g)),
  };
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
        sql: (queries.sql[definition.name] as pulumi.Output<string>).apply((sql) =>
          definition.dateParameters === 0 ? sql : withRollingWindow(sql, config.quicksightWindowDays),
        ),
        columns: definition.columns,
        importMode: config.quicksightImportMode,
        refresh: {
          interval: config.quicksightRefreshInterval,
          timeOfDay: config.quicksightRefreshTime,
          timezone: config.quicksightRefreshTimezone,
        },
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
    reports.map(({ definition }) => [definition.name, dataSetOf(definition)]),
  );

  const charts: DashboardChart[] = [
    {
      id: "events-by-type",
      kind: "bar",
      title: "Client events per day by type",
      dataSet: DAILY_EVENTS_BY_TYPE.name,
      category: { column: "event_date", date: true },
      color: "event_type",
      values: ["events"],
    },
    {
      id: "ga4-sessions",
      kind: "line",
      title: "GA4 sessions and users per day",
      dataSet: GA4_SESSIONS_PER_DAY.name,
      category: { column: "session_date", date: true },
      values: ["sessions", "users"],
    },
    {
      id: "cdc-volume",
      kind: "bar",
      title: "CDC records written per day by source",
      dataSet: CDC_CHANGE_VOLUME.name,
      category: { column: "change_date", date: true },
      color: "source",
      values: ["added_records"],
    },
    ...stateReports.map(
      ({ definition }): DashboardChart => ({
        id: definition.name.replace(/_/g, "-"),
        kind: "bar",
        title: definition.description.split(";")[0] as string,
        dataSet: definition.name,
        category: { column: (definition.columns[0] as { name: string }).name },
        values: ["entities"],
      }),
    ),
  ];
  const dashboard = new QuickSightDashboard(
    "overview",
    {
      dashboardId: `${ctx.namePrefix}-overview`,
      displayName: `Lakehouse ${ctx.environment} overview`,
      dataSets: Object.fromEntries(Object.entries(dataSets).map(([k, d]) => [k, d.arn])),
      charts,
      audience,
      tags: { ...ctx.tags },
    },
    qsOpts,
  );

  return {
    athenaWorkgroupName: workgroup.name,
    namedQueryIds: queries.ids,
    analystRoleArn: analyst.arn,
    quicksightDataSourceArn: source.arn,
    quicksightDashboardId: dashboard.dashboardId,
  };
}
