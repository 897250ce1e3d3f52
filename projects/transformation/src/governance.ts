import { LfPrincipalGrants, LfTableTags } from "@lakehouse/components";
import { REFINED_PREFIXES } from "@lakehouse/contracts";
import type { CatalogTables } from "./catalog";
import type { GlueIdentities } from "./identities";
import { ASSETS_PREFIX } from "./job-runtime";
import {
  dataLocation,
  grantIcebergTableWrites,
  icebergTableNames,
  kebab,
  type Lake,
  RAW_SOURCES,
} from "./lake";
import type { TableQuality } from "./quality";
import { CDC_SPECS, changeCounts, columnSensitivities, REFINED_SPECS, type Sensitivity } from "./specs";

const SENSITIVITY_ORDER: Sensitivity[] = ["public", "internal", "confidential"];

/** Table-level sensitivity: the least sensitive of the columns; more sensitive columns carry their own tag. */
function tableSensitivity(spec: { columns: readonly { sensitivity: Sensitivity }[] }): Sensitivity {
  const levels = spec.columns.map((c) => SENSITIVITY_ORDER.indexOf(c.sensitivity));
  return SENSITIVITY_ORDER[Math.min(...levels)] as Sensitivity;
}

/** Governance: LF-tags on every table, then least privilege (IAM and Lake Formation) for the crawlers and the jobs. */
export function governance(
  lake: Lake,
  glue: GlueIdentities,
  catalog: CatalogTables,
  quality: Record<string, TableQuality>,
) {
  tagTables(lake, catalog);
  grantCrawlers(lake, glue);
  grantJobs(lake, glue, catalog);
  // Each job publishes its batches' data-quality results and quarantines a failing batch.
  glue.jobRole.grantDataQualityPublish(Object.values(quality).map((q) => q.arn));
}

/** Readers are granted by LF-tag (analytics): tag each table with its domain and each column with its sensitivity. */
function tagTables(lake: Lake, catalog: CatalogTables) {
  for (const spec of [...REFINED_SPECS, ...CDC_SPECS]) {
    new LfTableTags(
      `${spec.kind === "refined" ? "refined" : "iceberg"}-${kebab(spec.dataset)}-tags`,
      {
        databaseName: spec.kind === "refined" ? lake.refinedDb : lake.cdcDb,
        tableName: spec.table,
        tableTags: { domain: spec.domain, sensitivity: tableSensitivity(spec) },
        columnTags: { sensitivity: columnSensitivities(spec) },
        ontology: lake.lfTags,
      },
      { dependsOn: catalog.resources },
    );
  }
  new LfTableTags(
    `iceberg-${kebab(changeCounts.dataset)}-tags`,
    {
      databaseName: lake.cdcDb,
      tableName: changeCounts.table,
      tableTags: { domain: changeCounts.domain, sensitivity: tableSensitivity(changeCounts) },
      columnTags: { sensitivity: columnSensitivities(changeCounts) },
      ontology: lake.lfTags,
    },
    { dependsOn: catalog.resources },
  );
}

/** Crawlers create and alter raw tables, at the raw prefixes only. */
function grantCrawlers(lake: Lake, { crawlerRole, pipelineKey }: GlueIdentities) {
  crawlerRole.grantCatalogWrite("raw", [{ database: lake.rawDb, tables: ["*"] }], { createTables: true });
  crawlerRole.grantLakeFormationDataAccess();
  crawlerRole.grantKeyUse("pipeline", pipelineKey.arn);
  // The Data Catalog is encrypted with the data key: creating and updating tables uses it.
  crawlerRole.grantKeyUse("data", lake.dataKeyArn);

  const grants = new LfPrincipalGrants("crawler-lf", { principal: crawlerRole.arn });
  grants.onDatabase("raw-db", lake.rawDb, ["CREATE_TABLE", "ALTER", "DESCRIBE"]);
  grants.onAllTables("raw-tables", lake.rawDb, ["ALTER", "DESCRIBE"]);
  for (const source of RAW_SOURCES) {
    grants.onDataLocation(
      `raw-${kebab(source)}-location`,
      dataLocation(lake.rawBucketArn, lake.rawPrefix(source)),
    );
  }
}

/** Jobs read raw and the assets, and write exactly the refined and Iceberg tables this layer owns. */
function grantJobs(lake: Lake, { jobRole, pipelineKey }: GlueIdentities, catalog: CatalogTables) {
  const refinedNames = REFINED_SPECS.map((s) => s.table);
  const icebergNames = icebergTableNames();
  jobRole.grantS3Read("raw", {
    bucketArn: lake.rawBucketArn,
    prefixes: RAW_SOURCES.map((s) => lake.rawPrefix(s)),
  });
  jobRole.grantS3ReadWrite("refined", {
    bucketArn: lake.refinedBucketArn,
    prefixes: [
      ...refinedNames.map((t) => `${REFINED_PREFIXES.parquet}${t}/`),
      ...icebergNames.map((t) => `${REFINED_PREFIXES.iceberg}${t}/`),
      // a batch failing its data-quality ruleset is written here instead (never registered with LF)
      ...[...REFINED_SPECS, ...CDC_SPECS].map((s) => `${REFINED_PREFIXES.quarantine}${s.table}/`),
    ],
  });
  jobRole.grantS3Read("assets", { bucketArn: lake.assetsBucketArn, prefixes: [ASSETS_PREFIX] });
  jobRole.grantS3ReadWrite("temp", { bucketArn: lake.assetsBucketArn, prefixes: [`${ASSETS_PREFIX}tmp/`] });
  jobRole.grantKeyUse("data", lake.dataKeyArn);
  jobRole.grantKeyUse("pipeline", pipelineKey.arn);
  jobRole.grantCatalogRead("raw", [{ database: lake.rawDb, tables: ["*"] }]);
  // Spark's Hive client on the Data Catalog resolves `default` when the session starts, and fails
  // the job when it may not (GLUE_SPARK sessionStart in packages/contracts/src/runtime-calls).
  jobRole.grantCatalogRead("default", [{ database: "default", tables: [] }]);
  jobRole.grantCatalogWrite(
    "lake",
    [
      { database: lake.refinedDb, tables: refinedNames },
      { database: lake.cdcDb, tables: icebergNames },
    ],
    { createTables: false },
  );
  jobRole.grantLakeFormationDataAccess();

  const grants = new LfPrincipalGrants("jobs-lf", { principal: jobRole.arn, dependsOn: catalog.resources });
  grants.onDatabase("default-db", "default", ["DESCRIBE"]);
  grants.onDatabase("raw-db", lake.rawDb, ["DESCRIBE"]);
  grants.onAllTables("raw-tables", lake.rawDb, ["SELECT", "DESCRIBE"]);
  grants.onDatabase("refined-db", lake.refinedDb, ["DESCRIBE"]);
  for (const table of refinedNames) {
    grants.onTable(`refined-${kebab(table)}`, lake.refinedDb, table, [
      "SELECT",
      "INSERT",
      "ALTER",
      "DESCRIBE",
    ]);
  }
  grants.onDatabase("cdc-db", lake.cdcDb, ["DESCRIBE"]);
  grantIcebergTableWrites(grants, lake, icebergNames);
  // Partitions and Iceberg metadata point below these prefixes; raw is only read, so no raw location.
  grants.onDataLocation(
    "refined-parquet-location",
    dataLocation(lake.refinedBucketArn, REFINED_PREFIXES.parquet),
  );
  grants.onDataLocation(
    "refined-iceberg-location",
    dataLocation(lake.refinedBucketArn, REFINED_PREFIXES.iceberg),
  );
}
