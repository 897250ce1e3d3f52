import type { RuntimeCalls } from "../access";
import { glueDatabase, glueTable } from "./arns";

const HIVE_CLIENT =
  "awslabs/aws-glue-data-catalog-client-for-apache-hive-metastore@28e33196302fe24cf7507c8bafdc6a1ac3a5271f";
const HIVE_CLIENT_CALLS = `${HIVE_CLIENT} aws-glue-datacatalog-client-common/src/main/java/com/amazonaws/glue/catalog/metastore/DefaultAWSGlueMetastore.java`;
const ICEBERG_GLUE =
  "apache/iceberg@9103ba9c8d8ee58044f885ac4d67ddb9fa689b77 aws/src/main/java/org/apache/iceberg/aws/glue/GlueTableOperations.java (doRefresh: GetTable; doCommit: GetTable, UpdateTable)";
const LF_PERMISSIONS = "https://docs.aws.amazon.com/lake-formation/latest/dg/lf-permissions-reference.html";
const GLUE_FTA = "https://docs.aws.amazon.com/glue/latest/dg/security-access-control-fta.html";

/**
 * A Glue 5.0 Spark job with `--enable-glue-datacatalog` (the Data Catalog as Spark's Hive
 * metastore) on a Lake Formation-governed catalog, in full-table-access mode.
 */
export const GLUE_SPARK = {
  runtime: "Glue 5.0 Spark (Data Catalog as metastore, Lake Formation)",
  uses: {
    sessionStart: {
      when: "start",
      does: "opens the Hive metastore client, which resolves the `default` database",
      params: [],
      calls: [
        {
          // Any error other than EntityNotFound aborts the client (and so the job's Spark session).
          actions: ["glue:GetDatabase"],
          resources: glueDatabase("default"),
          source: `${HIVE_CLIENT} aws-glue-datacatalog-spark-client/src/main/java/com/amazonaws/glue/catalog/metastore/AWSCatalogMetastoreClient.java (constructor: doesDefaultDBExist)`,
        },
        {
          lakeFormation: { permission: "DESCRIBE", database: "default" },
          source: `${LF_PERMISSIONS} (GetDatabase on a governed catalog needs a permission on the database: DESCRIBE)`,
        },
      ],
    },
    dataAccess: {
      when: "run",
      does: "reads and writes registered locations with Lake Formation credentials",
      params: [],
      calls: [{ actions: ["lakeformation:GetDataAccess"], resources: ["*"], source: GLUE_FTA }],
    },
    readTable: {
      when: "run",
      does: "reads a catalog table through Spark SQL (`spark.table`)",
      params: ["database", "table", "columns"],
      calls: [
        {
          actions: ["glue:GetTable", "glue:GetPartitions"],
          resources: glueTable("<database>", "<table>"),
          source: `${HIVE_CLIENT_CALLS} (getTable, getPartitions)`,
        },
        {
          lakeFormation: {
            permission: "SELECT",
            database: "<database>",
            table: "<table>",
            columns: "<columns>",
          },
          source: GLUE_FTA,
        },
      ],
    },
    overwritePartitions: {
      when: "run",
      does: "overwrites partitions of a Hive table (`insertInto`, dynamic partition overwrite)",
      params: ["database", "table"],
      calls: [
        {
          actions: [
            "glue:GetTable",
            "glue:GetPartition",
            "glue:BatchCreatePartition",
            "glue:UpdatePartition",
          ],
          resources: glueTable("<database>", "<table>"),
          source: `${HIVE_CLIENT_CALLS} (getTable, getPartition, updatePartition; add_partitions through BatchCreatePartition)`,
        },
        {
          lakeFormation: { permission: "INSERT", database: "<database>", table: "<table>" },
          source: GLUE_FTA,
        },
      ],
    },
    icebergCommit: {
      when: "run",
      does: "commits to an Iceberg table of the Glue catalog (`glue_catalog`)",
      params: ["database", "table"],
      calls: [
        {
          actions: ["glue:GetTable", "glue:UpdateTable"],
          resources: glueTable("<database>", "<table>"),
          source: ICEBERG_GLUE,
        },
        {
          lakeFormation: { permission: "ALTER", database: "<database>", table: "<table>" },
          source: `${LF_PERMISSIONS} (ALTER: UpdateTable)`,
        },
      ],
    },
  },
} as const satisfies RuntimeCalls;
