import type { GlueServiceRole } from "@lakehouse/components";
import { IcebergTable, type LayerContext, ParquetTable } from "@lakehouse/components";
import type { TransformationConfig } from "./config";
import { kebab, type Lake } from "./lake";
import {
  CDC_SPECS,
  changeCounts,
  changeCountsSchema,
  glueColumns,
  gluePartitionKeys,
  icebergPartitionSpec,
  icebergSchema,
  REFINED_SPECS,
} from "./specs";

/**
 * The tables this layer writes: refined Parquet tables, and Iceberg tables whose Glue optimizers
 * (run as `optimizerRole`) compact them, expire snapshots and delete orphan files.
 */
export function catalogTables(
  ctx: LayerContext,
  config: TransformationConfig,
  lake: Lake,
  optimizerRole: GlueServiceRole,
) {
  const refined = REFINED_SPECS.map(
    (spec) =>
      new ParquetTable(`refined-${kebab(spec.dataset)}`, {
        databaseName: lake.refinedDb,
        tableName: spec.table,
        description: spec.description,
        location: lake.refinedLocation(spec.table),
        columns: glueColumns(spec),
        partitionKeys: gluePartitionKeys(spec),
        tableOptions: ctx.statefulOptions,
      }),
  );
  const iceberg = CDC_SPECS.map((spec) => {
    const schema = icebergSchema(spec);
    const partition = icebergPartitionSpec(spec);
    return new IcebergTable(`iceberg-${kebab(spec.dataset)}`, {
      catalogId: lake.accountId,
      databaseName: lake.cdcDb,
      tableName: spec.table,
      description: spec.description,
      location: lake.icebergLocation(spec.table),
      fields: schema.fields,
      partitionFields: partition?.fields ?? [],
      optimizerRoleArn: optimizerRole.arn,
      maintenance: {
        snapshotRetentionDays: config.snapshotRetentionDays,
        orphanFileRetentionDays: config.orphanFileRetentionDays,
      },
      tableOptions: ctx.statefulOptions,
    });
  });
  // The change log's audit table: the merge job appends one row per entity and commit.
  const changes = new IcebergTable(`iceberg-${kebab(changeCounts.dataset)}`, {
    catalogId: lake.accountId,
    databaseName: lake.cdcDb,
    tableName: changeCounts.table,
    description: changeCounts.description,
    location: lake.icebergLocation(changeCounts.table),
    fields: changeCountsSchema().fields,
    partitionFields: [],
    optimizerRoleArn: optimizerRole.arn,
    maintenance: {
      snapshotRetentionDays: config.snapshotRetentionDays,
      orphanFileRetentionDays: config.orphanFileRetentionDays,
    },
    tableOptions: ctx.statefulOptions,
  });
  /** What grants, tags and jobs on these tables wait for. */
  const resources = [...refined.map((t) => t.table), ...iceberg.map((t) => t.table), changes.table];
  return { refined, iceberg, changes, resources };
}

export type CatalogTables = ReturnType<typeof catalogTables>;
