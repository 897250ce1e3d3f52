import { type GlueServiceRole, LfPrincipalGrants } from "@lakehouse/components";
import { REFINED_PREFIXES } from "@lakehouse/contracts";
import type { CatalogTables } from "./catalog";
import { dataLocation, grantIcebergTableWrites, icebergTableNames, type Lake } from "./lake";

/**
 * Iceberg maintenance: what the Glue table optimizers (compaction, snapshot retention, orphan
 * files; configured on each `IcebergTable`) may read, write and decrypt, and nothing else.
 */
export function icebergMaintenance(lake: Lake, optimizerRole: GlueServiceRole, catalog: CatalogTables) {
  const icebergNames = icebergTableNames();
  optimizerRole.grantS3ReadWrite("iceberg", {
    bucketArn: lake.refinedBucketArn,
    prefixes: icebergNames.map((t) => `${REFINED_PREFIXES.iceberg}${t}/`),
  });
  optimizerRole.grantKeyUse("data", lake.dataKeyArn);
  optimizerRole.grantCatalogWrite("iceberg", [{ database: lake.cdcDb, tables: icebergNames }], {
    createTables: false,
  });
  optimizerRole.grantLakeFormationDataAccess();

  const grants = new LfPrincipalGrants("iceberg-optimizer-lf", {
    principal: optimizerRole.arn,
    dependsOn: catalog.resources,
  });
  grantIcebergTableWrites(grants, lake, icebergNames);
  grants.onDataLocation(
    "refined-iceberg-location",
    dataLocation(lake.refinedBucketArn, REFINED_PREFIXES.iceberg),
  );
}
