import { GlueJob, ScheduledJob } from "@lakehouse/components";
import { REFINED_PREFIXES } from "@lakehouse/contracts";
import * as pulumi from "@pulumi/pulumi";
import type { CatalogTables } from "./catalog";
import type { TransformationConfig } from "./config";
import { type JobRuntime, SOURCE_EXCLUSIONS } from "./job-runtime";
import { kebab, type Lake } from "./lake";
import type { TableQuality } from "./quality";
import {
  CDC_SPECS,
  cdcSpecsFor,
  cdcTableColumns,
  changeCounts,
  REPORT_ONLY_RULE_TYPES,
  renderChangeCountSql,
  renderMergeSql,
  renderReplaySql,
  renderVisibleChangesSql,
  sparkSourceSchema,
} from "./specs";

/** The Spark catalog name the Iceberg conf registers and the MERGE SQL qualifies tables with. */
export const ICEBERG_CATALOG = "glue_catalog";

/** DynamoDB and DMS changes -> Iceberg: one job merges every entity of its manifest, on its own schedule. */
export function cdcMerge(
  config: TransformationConfig,
  lake: Lake,
  runtime: JobRuntime,
  catalog: CatalogTables,
  quality: Record<string, TableQuality>,
) {
  const p = runtime.namePrefix;
  // The SQL and raw schemas read the source table's own key attributes (ingestion's key schema).
  const specs = lake.sourceTableKeys.apply((keys) => cdcSpecsFor(keys));
  const entities = CDC_SPECS.map((table, i) => {
    const id = kebab(table.dataset);
    const spec = specs.apply((all) => all[i] as typeof table);
    const sql = runtime.asset(
      `merge-${id}-sql`,
      "sql",
      `merge-${id}.sql`,
      pulumi
        .all([lake.cdcDb, spec])
        .apply(([db, s]) => renderMergeSql(s, `${ICEBERG_CATALOG}.${db}.${s.table}`)),
    );
    const countSql = runtime.asset(
      `merge-${id}-counts-sql`,
      "sql",
      `merge-${id}-counts.sql`,
      pulumi
        .all([lake.cdcDb, spec])
        .apply(([db, s]) => renderChangeCountSql(s, `${ICEBERG_CATALOG}.${db}.${s.table}`)),
    );
    // The whole change log -> current state, for `lakehouse data replay` (cdc_merge_job.py --replay_entity).
    const replaySql = runtime.asset(
      `merge-${id}-replay-sql`,
      "sql",
      `merge-${id}-replay.sql`,
      spec.apply((s) => renderReplaySql(s)),
    );
    // The rows this batch makes visible, which the entity's ruleset gates before the MERGE.
    const visibleSql = runtime.asset(
      `merge-${id}-visible-sql`,
      "sql",
      `merge-${id}-visible.sql`,
      spec.apply((s) => renderVisibleChangesSql(s)),
    );
    const gate = quality[table.dataset];
    if (!gate) throw new Error(`cdc merge ${table.dataset}: no data-quality ruleset`);
    // Every S3 path and name the job reads for this entity (all strings).
    const paths = pulumi.all({
      sqlPath: sql.s3Uri,
      countSqlPath: countSql.s3Uri,
      replaySqlPath: replaySql.s3Uri,
      visibleSqlPath: visibleSql.s3Uri,
      rulesetName: gate.name,
      rulesetPath: gate.rulesetPath,
      quarantinePath: gate.quarantinePath,
    });
    return pulumi
      .all([lake.rawUri(table.source, table.sourceSubpath), lake.cdcDb, spec, paths])
      .apply(([sourcePath, db, s, entityPaths]) => ({
        name: s.dataset,
        targetTable: `${ICEBERG_CATALOG}.${db}.${s.table}`,
        sourcePath,
        sourceFormat: s.sourceFormat,
        sourceSchema: sparkSourceSchema(s.rawSchema),
        sourceExclusions: SOURCE_EXCLUSIONS,
        // The Iceberg table's columns as the spec declares them: the job adds those the table lacks.
        columns: cdcTableColumns(s).map((c) => ({ name: c.name, type: c.type })),
        ...entityPaths,
      }));
  });
  const manifest = runtime.asset(
    "cdc-merge-manifest",
    "manifests",
    "cdc-merge.json",
    pulumi.all([lake.cdcDb, pulumi.all(entities)]).apply(([db, all]) => {
      const changeCountsTable = `${ICEBERG_CATALOG}.${db}.${changeCounts.table}`;
      return `${JSON.stringify({ changeCountsTable, entities: all }, null, 2)}\n`;
    }),
  );
  const job = new GlueJob(
    "cdc-merge",
    {
      ...runtime.jobDefaults,
      jobName: `${p}-cdc-merge`,
      description: `Merge DynamoDB and DMS changes into the Iceberg tables ${CDC_SPECS.map((s) => s.table).join(", ")}`,
      scriptLocation: runtime.mergeScript.s3Uri,
      scriptArguments: {
        manifest_path: manifest.s3Uri,
        dq_report_only: JSON.stringify(REPORT_ONLY_RULE_TYPES),
      },
      logGroupPrefix: `/aws-glue/${p}/cdc-merge`,
      iceberg: {
        catalogName: ICEBERG_CATALOG,
        warehouse: pulumi.interpolate`s3://${lake.refinedBucket}/${REFINED_PREFIXES.iceberg}`,
        kmsKeyArn: lake.dataKeyArn,
      },
      ...config.cdcMergeWorkers,
    },
    { dependsOn: catalog.resources },
  );
  new ScheduledJob("cdc-merge", {
    triggerName: `${p}-cdc-merge`,
    jobName: job.name,
    schedule: config.cdcMergeSchedule,
    enabled: config.schedulesEnabled,
  });
  return { job };
}
