import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  CrawlRefineWorkflow,
  GlueAsset,
  GlueFailureAlarms,
  GlueJob,
  GlueSecurityConfiguration,
  GlueServiceRole,
  IcebergTable,
  LfPrincipalGrants,
  LfTableTags,
  ParquetTable,
  PipelineKey,
  RawCrawler,
  ScheduledJob,
  startLayer,
} from "@lakehouse/components";
import {
  ERROR_PREFIX,
  type LayerExports,
  layer,
  type RawSource,
  REFINED_PREFIXES,
} from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { transformationConfig } from "./config";
import {
  CDC_SPECS,
  type CdcTableSpec,
  columnSensitivities,
  glueColumns,
  gluePartitionKeys,
  icebergPartitionSpec,
  icebergSchema,
  REFINED_SPECS,
  type RefinedTableSpec,
  renderMergeSql,
  renderRefineSql,
  type Sensitivity,
  sparkSourceSchema,
} from "./specs";

/** Folder of the PySpark runners shipped to the assets bucket. */
export const JOBS_DIR = join(__dirname, "..", "jobs");
/** Key prefix of everything this layer uploads to the assets bucket. */
export const ASSETS_PREFIX = "glue/transformation/";
/** The Spark catalog name the Iceberg conf registers and the MERGE SQL qualifies tables with. */
export const ICEBERG_CATALOG = "glue_catalog";

const RAW_SOURCES: RawSource[] = ["events", "googleAnalytics", "dynamodbCdc", "auroraCdc"];
/** Folders below a source prefix that hold one table each (DMS writes `<schema>/<table>/`). */
const TABLE_DEPTH_BELOW_PREFIX: Record<RawSource, number> = {
  events: 0,
  googleAnalytics: 0,
  dynamodbCdc: 0,
  auroraCdc: 2,
};
const SENSITIVITY_ORDER: Sensitivity[] = ["public", "internal", "confidential"];
/** Delivery failures land in an `errors/` folder inside a source's prefix: never crawled, never refined. */
const SOURCE_EXCLUSIONS = [`**/${ERROR_PREFIX}**`];
const CRAWLER_EXCLUSIONS = [`${ERROR_PREFIX}**`, "**/_temporary/**", "**/*.crc", "**/_SUCCESS"];

const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/_/g, "-");
const readJob = (file: string) => readFileSync(join(JOBS_DIR, file), "utf8");

/** Table-level sensitivity: the least sensitive of the columns; more sensitive columns carry their own tag. */
function tableSensitivity(spec: RefinedTableSpec | CdcTableSpec): Sensitivity {
  const levels = spec.columns.map((c) => SENSITIVITY_ORDER.indexOf(c.sensitivity));
  return SENSITIVITY_ORDER[Math.min(...levels)] as Sensitivity;
}

/** The transformation layer: crawlers, refine and CDC merge jobs, Iceberg tables, workflow, alarms, grants. */
export async function program(): Promise<LayerExports<"transformation">> {
  const config = transformationConfig();
  const ctx = startLayer("transformation", config);
  const p = ctx.namePrefix;
  const storage = layer("lake-storage");
  const ingestion = layer("ingestion");
  const { accountId } = await aws.getCallerIdentity();
  const { region } = await aws.getRegion();

  const dataKeyArn = storage.require("dataKeyArn");
  const rawBucket = storage.require("rawBucketName");
  const rawBucketArn = storage.require("rawBucketArn");
  const refinedBucket = storage.require("refinedBucketName");
  const refinedBucketArn = storage.require("refinedBucketArn");
  const assetsBucket = storage.require("assetsBucketName");
  const assetsBucketArn = storage.require("assetsBucketArn");
  const rawDb = storage.require("rawDatabaseName");
  const refinedDb = storage.require("refinedDatabaseName");
  const cdcDb = storage.require("cdcDatabaseName");
  const lfTags = storage.require("lfTags");
  // Ingestion decides where each source lands; transformation reads its contract.
  const rawPrefixes = ingestion.require("rawPrefixes");
  const rawPrefix = (source: RawSource, sub = "") => rawPrefixes.apply((all) => `${all[source]}${sub}`);
  const rawUri = (source: RawSource, sub = "") =>
    pulumi.interpolate`s3://${rawBucket}/${rawPrefix(source, sub)}`;

  // --- Identities ------------------------------------------------------------------------
  const roleArgs = { accountId, region };
  const crawlerRole = new GlueServiceRole("crawler", {
    ...roleArgs,
    roleName: `${p}-glue-crawlers`,
    description:
      "Glue crawlers of the raw zone: create and update raw tables with Lake Formation credentials",
  });
  const jobRole = new GlueServiceRole("jobs", {
    ...roleArgs,
    roleName: `${p}-glue-jobs`,
    description: "Glue refine and CDC merge jobs: read raw, write refined Parquet and Iceberg",
  });
  const optimizerRole = new GlueServiceRole("iceberg-optimizer", {
    ...roleArgs,
    roleName: `${p}-iceberg-optimizer`,
    description: "Glue table optimizers of the Iceberg tables: compaction, snapshot retention, orphan files",
  });

  const pipelineKey = new PipelineKey("pipeline", {
    description: `lakehouse ${config.environment}: Glue job bookmarks, Glue logs and the pipeline alarm topic`,
    aliasName: `${p}-pipeline`,
    bookmarkRoleArns: [jobRole.arn, crawlerRole.arn],
    logGroupNamePrefixes: ["/aws-glue/"],
    retain: ctx.retainData,
  });
  const security = new GlueSecurityConfiguration("glue", {
    name: `${p}-glue`,
    s3KmsKeyArn: dataKeyArn,
    kmsKeyArn: pipelineKey.arn,
  });

  // --- Catalog: refined Parquet and Iceberg tables -----------------------------------------
  const refinedLocation = (table: string) =>
    pulumi.interpolate`s3://${refinedBucket}/${REFINED_PREFIXES.parquet}${table}/`;
  const icebergLocation = (table: string) =>
    pulumi.interpolate`s3://${refinedBucket}/${REFINED_PREFIXES.iceberg}${table}/`;

  const refinedTables = REFINED_SPECS.map(
    (spec) =>
      new ParquetTable(`refined-${kebab(spec.dataset)}`, {
        databaseName: refinedDb,
        tableName: spec.table,
        description: spec.description,
        location: refinedLocation(spec.table),
        columns: glueColumns(spec),
        partitionKeys: gluePartitionKeys(spec),
        tableOptions: ctx.statefulOptions,
      }),
  );
  const icebergTables = CDC_SPECS.map((spec) => {
    const schema = icebergSchema(spec);
    const partition = icebergPartitionSpec(spec);
    return new IcebergTable(`iceberg-${kebab(spec.dataset)}`, {
      catalogId: accountId,
      databaseName: cdcDb,
      tableName: spec.table,
      description: spec.description,
      location: icebergLocation(spec.table),
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
  const tableResources = [...refinedTables.map((t) => t.table), ...icebergTables.map((t) => t.table)];

  // Readers are granted by LF-tag (analytics): tag each table with its domain and each column with its sensitivity.
  for (const spec of [...REFINED_SPECS, ...CDC_SPECS]) {
    new LfTableTags(
      `${spec.kind === "refined" ? "refined" : "iceberg"}-${kebab(spec.dataset)}-tags`,
      {
        databaseName: spec.kind === "refined" ? refinedDb : cdcDb,
        tableName: spec.table,
        tableTags: { domain: spec.domain, sensitivity: tableSensitivity(spec) },
        columnTags: { sensitivity: columnSensitivities(spec) },
        ontology: lfTags,
      },
      { dependsOn: tableResources },
    );
  }

  // --- Job files in the assets bucket ------------------------------------------------------
  const asset = (name: string, folder: string, fileName: string, content: pulumi.Input<string>) =>
    new GlueAsset(name, {
      bucket: assetsBucket,
      keyPrefix: `${ASSETS_PREFIX}${folder}/`,
      fileName,
      content,
      kmsKeyArn: dataKeyArn,
    });
  const runnerModule = asset(
    "runner-module",
    "scripts",
    "lakehouse_runner.py",
    readJob("lakehouse_runner.py"),
  );
  const refineScript = asset("refine-script", "scripts", "refine_job.py", readJob("refine_job.py"));
  const mergeScript = asset("cdc-merge-script", "scripts", "cdc_merge_job.py", readJob("cdc_merge_job.py"));

  const jobDefaults = {
    roleArn: jobRole.arn,
    securityConfigurationName: security.name,
    tempDir: pulumi.interpolate`s3://${assetsBucket}/${ASSETS_PREFIX}tmp/`,
    logKmsKeyArn: pipelineKey.arn,
    logRetentionInDays: config.logRetentionDays,
    extraPyFiles: [runnerModule.s3Uri],
  };

  // --- Refine jobs: raw -> refined Parquet, one per dataset --------------------------------
  const refineJobs = REFINED_SPECS.map((spec) => {
    const id = kebab(spec.dataset);
    const sql = asset(`refine-${id}-sql`, "sql", `refine-${id}.sql`, renderRefineSql(spec));
    const schema = asset(
      `refine-${id}-schema`,
      "schemas",
      `${id}.json`,
      `${JSON.stringify(sparkSourceSchema(spec.rawSchema), null, 2)}\n`,
    );
    return new GlueJob(
      `refine-${id}`,
      {
        ...jobDefaults,
        jobName: `${p}-refine-${id}`,
        description: `Refine ${spec.dataset}: raw ${spec.source} -> ${spec.table} (Snappy Parquet by ${spec.partitionColumn})`,
        scriptLocation: refineScript.s3Uri,
        scriptArguments: {
          source_path: rawUri(spec.source, spec.sourceSubpath),
          source_exclusions: JSON.stringify(SOURCE_EXCLUSIONS),
          source_format: spec.sourceFormat,
          source_schema_path: schema.s3Uri,
          sql_path: sql.s3Uri,
          target_database: refinedDb,
          target_table: spec.table,
          target_path: refinedLocation(spec.table),
          partition_keys: spec.partitionColumn,
        },
        logGroupPrefix: `/aws-glue/${p}/refine-${id}`,
        ...config.refineWorkers,
      },
      { dependsOn: tableResources },
    );
  });

  // --- CDC merge job: changes -> Iceberg, all entities in one run -----------------------------
  const mergeEntities = CDC_SPECS.map((spec) => {
    const id = kebab(spec.dataset);
    const sql = asset(
      `merge-${id}-sql`,
      "sql",
      `merge-${id}.sql`,
      pulumi.interpolate`${cdcDb}`.apply((db) =>
        renderMergeSql(spec, `${ICEBERG_CATALOG}.${db}.${spec.table}`),
      ),
    );
    return pulumi
      .all([rawUri(spec.source, spec.sourceSubpath), sql.s3Uri])
      .apply(([sourcePath, sqlPath]) => ({
        name: spec.dataset,
        sourcePath,
        sourceFormat: spec.sourceFormat,
        sourceSchema: sparkSourceSchema(spec.rawSchema),
        sourceExclusions: SOURCE_EXCLUSIONS,
        sqlPath,
      }));
  });
  const manifest = asset(
    "cdc-merge-manifest",
    "manifests",
    "cdc-merge.json",
    pulumi.all(mergeEntities).apply((entities) => `${JSON.stringify({ entities }, null, 2)}\n`),
  );
  const mergeJob = new GlueJob(
    "cdc-merge",
    {
      ...jobDefaults,
      jobName: `${p}-cdc-merge`,
      description: `Merge DynamoDB and DMS changes into the Iceberg tables ${CDC_SPECS.map((s) => s.table).join(", ")}`,
      scriptLocation: mergeScript.s3Uri,
      scriptArguments: { manifest_path: manifest.s3Uri },
      logGroupPrefix: `/aws-glue/${p}/cdc-merge`,
      iceberg: {
        catalogName: ICEBERG_CATALOG,
        warehouse: pulumi.interpolate`s3://${refinedBucket}/${REFINED_PREFIXES.iceberg}`,
        kmsKeyArn: dataKeyArn,
      },
      ...config.cdcMergeWorkers,
    },
    { dependsOn: tableResources },
  );

  // --- Crawlers, one per raw prefix; workflow crawl -> refine; CDC merge on its own schedule ---
  const crawlers = Object.fromEntries(
    RAW_SOURCES.map((source) => {
      const id = kebab(source);
      const refined = REFINED_SPECS.some((s) => s.source === source);
      return [
        source,
        new RawCrawler(`raw-${id}`, {
          crawlerName: `${p}-raw-${id}`,
          description: `Raw ${source} files -> tables in the raw database`,
          databaseName: rawDb,
          roleArn: crawlerRole.arn,
          path: rawUri(source),
          securityConfigurationName: security.name,
          exclusions: CRAWLER_EXCLUSIONS,
          tableLevel: rawPrefixes.apply(
            (all) => 1 + all[source].split("/").filter(Boolean).length + TABLE_DEPTH_BELOW_PREFIX[source],
          ),
          // Crawlers feeding a refine job are started by the workflow; the others on their own schedule.
          ...(refined ? {} : { schedule: config.cdcCrawlSchedule }),
        }),
      ];
    }),
  ) as Record<RawSource, RawCrawler>;

  const workflow = new CrawlRefineWorkflow("refine", {
    workflowName: `${p}-refine`,
    description: "Crawl the raw prefixes of the refined datasets, then refine each once its crawl succeeded",
    schedule: config.refineSchedule,
    enabled: config.schedulesEnabled,
    steps: REFINED_SPECS.map((spec, i) => ({
      id: kebab(spec.dataset),
      crawlerName: crawlers[spec.source].name,
      jobName: (refineJobs[i] as GlueJob).name,
    })),
  });
  new ScheduledJob("cdc-merge", {
    triggerName: `${p}-cdc-merge`,
    jobName: mergeJob.name,
    schedule: config.cdcMergeSchedule,
    enabled: config.schedulesEnabled,
  });

  const alarms = new GlueFailureAlarms("pipeline-alarms", {
    topicName: `${p}-pipeline-alarms`,
    kmsKeyArn: pipelineKey.arn,
    jobNames: [...refineJobs.map((j) => j.name), mergeJob.name],
    crawlerNames: Object.values(crawlers).map((c) => c.name),
    emails: config.alarmEmails,
  });

  // --- IAM: least privilege per role ---------------------------------------------------------
  const rawScopes = RAW_SOURCES.map((s) => rawPrefix(s));
  crawlerRole.grantCatalogWrite("raw", [{ database: rawDb, tables: ["*"] }], { createTables: true });
  crawlerRole.grantLakeFormationDataAccess();
  crawlerRole.grantKeyUse("pipeline", pipelineKey.arn);

  const refinedNames = REFINED_SPECS.map((s) => s.table);
  const icebergNames = CDC_SPECS.map((s) => s.table);
  jobRole.grantS3Read("raw", { bucketArn: rawBucketArn, prefixes: rawScopes });
  jobRole.grantS3ReadWrite("refined", {
    bucketArn: refinedBucketArn,
    prefixes: [
      ...refinedNames.map((t) => `${REFINED_PREFIXES.parquet}${t}/`),
      ...icebergNames.map((t) => `${REFINED_PREFIXES.iceberg}${t}/`),
    ],
  });
  jobRole.grantS3Read("assets", { bucketArn: assetsBucketArn, prefixes: [ASSETS_PREFIX] });
  jobRole.grantS3ReadWrite("temp", { bucketArn: assetsBucketArn, prefixes: [`${ASSETS_PREFIX}tmp/`] });
  jobRole.grantKeyUse("data", dataKeyArn);
  jobRole.grantKeyUse("pipeline", pipelineKey.arn);
  jobRole.grantCatalogRead("raw", [{ database: rawDb, tables: ["*"] }]);
  jobRole.grantCatalogWrite(
    "lake",
    [
      { database: refinedDb, tables: refinedNames },
      { database: cdcDb, tables: icebergNames },
    ],
    { createTables: false },
  );
  jobRole.grantLakeFormationDataAccess();

  optimizerRole.grantS3ReadWrite("iceberg", {
    bucketArn: refinedBucketArn,
    prefixes: icebergNames.map((t) => `${REFINED_PREFIXES.iceberg}${t}/`),
  });
  optimizerRole.grantKeyUse("data", dataKeyArn);
  optimizerRole.grantCatalogWrite("iceberg", [{ database: cdcDb, tables: icebergNames }], {
    createTables: false,
  });
  optimizerRole.grantLakeFormationDataAccess();

  // --- Lake Formation: catalog permissions by named resource ------------------------------------
  const location = (bucketArn: pulumi.Output<string>, prefix: pulumi.Input<string>) =>
    pulumi.all([bucketArn, prefix]).apply(([arn, pre]) => `${arn}/${pre.replace(/\/$/, "")}`);

  const crawlerGrants = new LfPrincipalGrants("crawler-lf", { principal: crawlerRole.arn });
  crawlerGrants.onDatabase("raw-db", rawDb, ["CREATE_TABLE", "ALTER", "DESCRIBE"]);
  crawlerGrants.onAllTables("raw-tables", rawDb, ["ALTER", "DESCRIBE"]);
  for (const source of RAW_SOURCES) {
    crawlerGrants.onDataLocation(`raw-${kebab(source)}-location`, location(rawBucketArn, rawPrefix(source)));
  }

  const jobGrants = new LfPrincipalGrants("jobs-lf", { principal: jobRole.arn, dependsOn: tableResources });
  jobGrants.onDatabase("raw-db", rawDb, ["DESCRIBE"]);
  jobGrants.onAllTables("raw-tables", rawDb, ["SELECT", "DESCRIBE"]);
  jobGrants.onDatabase("refined-db", refinedDb, ["DESCRIBE"]);
  for (const table of refinedNames) {
    jobGrants.onTable(`refined-${kebab(table)}`, refinedDb, table, ["SELECT", "INSERT", "ALTER", "DESCRIBE"]);
  }
  jobGrants.onDatabase("cdc-db", cdcDb, ["DESCRIBE"]);
  for (const table of icebergNames) {
    jobGrants.onTable(`cdc-${kebab(table)}`, cdcDb, table, [
      "SELECT",
      "INSERT",
      "DELETE",
      "ALTER",
      "DESCRIBE",
    ]);
  }
  // Partitions and Iceberg metadata point below these prefixes; raw is only read, so no raw location.
  jobGrants.onDataLocation("refined-parquet-location", location(refinedBucketArn, REFINED_PREFIXES.parquet));
  jobGrants.onDataLocation("refined-iceberg-location", location(refinedBucketArn, REFINED_PREFIXES.iceberg));

  const optimizerGrants = new LfPrincipalGrants("iceberg-optimizer-lf", {
    principal: optimizerRole.arn,
    dependsOn: tableResources,
  });
  for (const table of icebergNames) {
    optimizerGrants.onTable(`cdc-${kebab(table)}`, cdcDb, table, [
      "SELECT",
      "INSERT",
      "DELETE",
      "ALTER",
      "DESCRIBE",
    ]);
  }
  optimizerGrants.onDataLocation(
    "refined-iceberg-location",
    location(refinedBucketArn, REFINED_PREFIXES.iceberg),
  );

  return {
    refinedTables: Object.fromEntries(REFINED_SPECS.map((s) => [s.dataset, s.table])),
    icebergTables: Object.fromEntries(CDC_SPECS.map((s) => [s.dataset, s.table])),
    workflowName: workflow.name,
    cdcMergeJobName: mergeJob.name,
    crawlerNames: pulumi.all(Object.values(crawlers).map((c) => c.name)),
    jobRoleArn: jobRole.arn,
    alarmTopicArn: alarms.topicArn,
  };
}
