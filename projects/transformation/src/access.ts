import {
  type AccessMatrix,
  GLUE_CRAWLER,
  GLUE_SPARK,
  type IamAccess,
  runtimeAccess,
} from "@lakehouse/contracts";

const VIA = (service: string) => ({ "kms:ViaService": `${service}.{region}.amazonaws.com` });
const CRAWLERS = "{prefix}-glue-crawlers";
const JOBS = "{prefix}-glue-jobs";
const OPTIMIZER = "{prefix}-iceberg-optimizer";
const table = (db: string, t: string) => `arn:aws:glue:{region}:{account}:table/{lake-storage.${db}}/${t}`;

/**
 * The Data Catalog is encrypted with the data key (lake-storage's catalog encryption settings):
 * every catalog read or write by a principal decrypts or encrypts through Glue.
 */
const catalogKey = (principal: string, write: boolean): IamAccess => ({
  principal,
  actions: write ? ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey"] : ["kms:Decrypt"],
  resource: "{lake-storage.dataKeyArn}",
  context: VIA("glue"),
  why: `the Data Catalog is encrypted with the data key: catalog ${write ? "writes" : "reads"} go through it`,
});

const RAW = "{lake-storage.rawDatabaseName}";
const REFINED = "{lake-storage.refinedDatabaseName}";
const CDC = "{lake-storage.cdcDatabaseName}";

/** What Glue's runtimes call with the roles they run as (packages/contracts/src/runtime-calls), on this layer's tables. */
const runtimes = [
  runtimeAccess(GLUE_SPARK, JOBS, {
    dataAccess: [{}],
    // the refine job reads the refined table it overwrites, the merge job commits to its Iceberg table
    readTable: [{ database: REFINED, table: "{transformation.refinedTables.events}", columns: "all" }],
    overwritePartitions: [{ database: REFINED, table: "{transformation.refinedTables.events}" }],
    icebergCommit: [{ database: CDC, table: "{transformation.icebergTables.customers}" }],
  }),
  runtimeAccess(GLUE_CRAWLER, CRAWLERS, {
    crawl: [
      {
        database: RAW,
        table: "events",
        location: "{lake-storage.rawBucketArn}/events",
        // the crawlers' security configuration encrypts their logs
        logGroup: "/aws-glue/crawlers-role/{prefix}-glue-crawlers-{prefix}-glue",
        crawler: "{prefix}-raw-events",
      },
    ],
  }),
];

/** What transformation's principals must (and must never) do: crawl, refine, merge, maintain; proven on every `lakehouse plan`. */
export const access: AccessMatrix = {
  required: [
    ...runtimes.flatMap((r) => r.required),
    // crawlers: raw zone -> raw database
    {
      principal: CRAWLERS,
      actions: ["glue:GetTable", "glue:CreateTable", "glue:UpdateTable", "glue:BatchCreatePartition"],
      resource: table("rawDatabaseName", "events"),
      why: "crawlers create and update the raw tables and partitions",
    },
    catalogKey(CRAWLERS, true),
    {
      principal: CRAWLERS,
      actions: ["lakeformation:GetDataAccess"],
      resource: "*",
      why: "crawlers read the governed raw location with Lake Formation credentials",
    },
    // refine jobs: raw -> refined Parquet; CDC merge: raw/aurora-cdc -> Iceberg
    {
      principal: JOBS,
      actions: ["s3:GetObject"],
      resource:
        "{lake-storage.rawBucketArn}/{lake-storage.rawPrefixes.events}event_type=page_view/event_date=2026-03-01/part-0.parquet",
      why: "the refine job reads raw events",
    },
    {
      principal: JOBS,
      actions: ["s3:GetObject"],
      resource:
        "{lake-storage.rawBucketArn}/{lake-storage.rawPrefixes.auroraCdc}public/customers/20260301-000000000.parquet",
      why: "the CDC merge job reads DMS change files",
    },
    {
      principal: JOBS,
      actions: ["s3:PutObject", "s3:DeleteObject"],
      resource: "{lake-storage.refinedBucketArn}/parquet/client_events/event_date=2026-03-01/part-0.parquet",
      why: "the refine job writes refined, partitioned Parquet",
    },
    {
      principal: JOBS,
      actions: ["s3:PutObject", "s3:GetObject"],
      resource: "{lake-storage.refinedBucketArn}/iceberg/customers/metadata/00001.metadata.json",
      why: "the CDC merge job commits Iceberg data and metadata files",
    },
    {
      principal: JOBS,
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      resource: "{lake-storage.dataKeyArn}",
      context: VIA("s3"),
      why: "lake objects are SSE-KMS with the data key",
    },
    {
      principal: JOBS,
      actions: ["s3:GetObject"],
      resource: "{lake-storage.assetsBucketArn}/glue/transformation/refine.py",
      why: "Glue loads the job scripts from the assets bucket",
    },
    {
      principal: JOBS,
      actions: ["glue:GetTable", "glue:UpdateTable", "glue:BatchCreatePartition"],
      resource: table("refinedDatabaseName", "{transformation.refinedTables.events}"),
      why: "the refine job adds partitions to the refined table",
    },
    {
      principal: JOBS,
      actions: ["glue:GetTable", "glue:UpdateTable"],
      resource: table("cdcDatabaseName", "{transformation.icebergTables.customers}"),
      why: "an Iceberg commit updates the table's metadata location in the catalog",
    },
    catalogKey(JOBS, true),
    {
      principal: JOBS,
      actions: ["lakeformation:GetDataAccess"],
      resource: "*",
      why: "jobs read and write governed locations with Lake Formation credentials",
    },
    // Iceberg table optimizers
    {
      principal: OPTIMIZER,
      actions: ["glue:GetTable", "glue:UpdateTable"],
      resource: table("cdcDatabaseName", "{transformation.icebergTables.orders}"),
      why: "compaction, retention and orphan-file deletion commit new table metadata",
    },
    {
      principal: OPTIMIZER,
      actions: ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"],
      resource: "{lake-storage.refinedBucketArn}/iceberg/orders/data/part-0.parquet",
      why: "optimizers rewrite and delete the Iceberg table's files",
    },
    {
      principal: OPTIMIZER,
      actions: ["kms:GenerateDataKey", "kms:Decrypt"],
      resource: "{lake-storage.dataKeyArn}",
      context: VIA("s3"),
      why: "lake objects are SSE-KMS with the data key",
    },
    catalogKey(OPTIMIZER, true),
  ],
  forbidden: [
    {
      principal: JOBS,
      actions: ["s3:PutObject"],
      resource: "{lake-storage.rawBucketArn}/{lake-storage.rawPrefixes.events}x.parquet",
      why: "jobs never change the raw zone",
    },
    {
      principal: CRAWLERS,
      actions: ["glue:UpdateTable"],
      resource: table("refinedDatabaseName", "{transformation.refinedTables.events}"),
      why: "crawlers catalog only the raw database",
    },
    {
      principal: OPTIMIZER,
      actions: ["s3:GetObject"],
      resource: "{lake-storage.rawBucketArn}/{lake-storage.rawPrefixes.auroraCdc}x.parquet",
      why: "optimizers touch only the Iceberg tables",
    },
  ],
  lakeFormation: {
    required: [
      ...runtimes.flatMap((r) => r.lakeFormation),
      {
        principal: CRAWLERS,
        permission: "CREATE_TABLE",
        database: "{lake-storage.rawDatabaseName}",
        why: "crawlers create the raw tables",
      },
      {
        principal: CRAWLERS,
        permission: "DATA_LOCATION_ACCESS",
        database: "location:{lake-storage.rawBucketArn}/events",
        why: "a crawler's table points at its raw prefix",
      },
      {
        principal: JOBS,
        permission: "SELECT",
        database: "{lake-storage.rawDatabaseName}",
        table: "events",
        columns: "all",
        why: "the refine job reads the crawled raw tables",
      },
      {
        principal: JOBS,
        permission: "INSERT",
        database: "{lake-storage.refinedDatabaseName}",
        table: "{transformation.refinedTables.events}",
        why: "the refine job writes the refined table",
      },
      {
        principal: JOBS,
        permission: "SELECT",
        database: "{lake-storage.cdcDatabaseName}",
        table: "{transformation.icebergTables.customers}",
        columns: "all",
        why: "the CDC merge job reads every column of the Iceberg table it merges into",
      },
      {
        principal: JOBS,
        permission: "DELETE",
        database: "{lake-storage.cdcDatabaseName}",
        table: "{transformation.icebergTables.customers}",
        why: "the CDC merge applies deletes",
      },
      {
        principal: OPTIMIZER,
        permission: "ALTER",
        database: "{lake-storage.cdcDatabaseName}",
        table: "{transformation.icebergTables.orders}",
        why: "optimizers commit new table metadata",
      },
    ],
    forbidden: [
      {
        principal: CRAWLERS,
        permission: "SELECT",
        database: "{lake-storage.cdcDatabaseName}",
        table: "{transformation.icebergTables.customers}",
        columns: ["email"],
        why: "crawlers never read curated data",
      },
    ],
  },
};
