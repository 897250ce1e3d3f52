import type { RuntimeCalls } from "../access";
import { athenaWorkgroup, glueDatabase, glueTable } from "./arns";

const ATHENA_LF_USERS = "https://docs.aws.amazon.com/athena/latest/ug/lf-athena-user-permissions.html";
const ATHENA_LF_LIMITS = "https://docs.aws.amazon.com/athena/latest/ug/lf-athena-limitations.html";
const ATHENA_GLUE = "https://docs.aws.amazon.com/athena/latest/ug/fine-grained-access-to-glue-resources.html";
const ATHENA_API = "https://docs.aws.amazon.com/athena/latest/APIReference/API_StartQueryExecution.html";

/** Athena engine version 3 querying the Data Catalog governed by Lake Formation, in an enforced workgroup. */
export const ATHENA = {
  runtime: "Athena engine 3 (Lake Formation)",
  uses: {
    query: {
      when: "run",
      does: "runs a query in the workgroup and reads its results",
      params: ["workgroup", "resultsBucket", "resultsObject"],
      calls: [
        {
          actions: ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults"],
          resources: [athenaWorkgroup("<workgroup>")],
          source: `${ATHENA_API} (a client polls GetQueryExecution, then reads GetQueryResults)`,
        },
        {
          actions: ["glue:GetDatabase"],
          resources: glueDatabase("default"),
          source: `${ATHENA_GLUE}#full-access-to-default-db-per-region`,
        },
        {
          lakeFormation: { permission: "DESCRIBE", database: "default" },
          source: `${ATHENA_LF_LIMITS} (DESCRIBE on the default database is required)`,
        },
        { actions: ["lakeformation:GetDataAccess"], resources: ["*"], source: ATHENA_LF_USERS },
        {
          actions: ["s3:GetBucketLocation"],
          resources: ["<resultsBucket>"],
          source: `${ATHENA_LF_USERS}#lf-athena-user-permissions-query-results-locations`,
        },
        {
          actions: ["s3:PutObject", "s3:GetObject"],
          resources: ["<resultsObject>"],
          source: `${ATHENA_LF_USERS}#lf-athena-user-permissions-query-results-locations`,
        },
      ],
    },
    readTable: {
      when: "run",
      does: "reads a table of the catalog",
      params: ["database", "table", "columns"],
      calls: [
        { actions: ["glue:GetDatabase"], resources: glueDatabase("<database>"), source: ATHENA_GLUE },
        { actions: ["glue:GetTable"], resources: glueTable("<database>", "<table>"), source: ATHENA_GLUE },
        {
          lakeFormation: {
            permission: "SELECT",
            database: "<database>",
            table: "<table>",
            columns: "<columns>",
          },
          source: `${ATHENA_LF_USERS}#lf-athena-user-permissions-data`,
        },
      ],
    },
    readPartitionedTable: {
      when: "run",
      does: "reads a Hive-partitioned table (partitions from the catalog)",
      params: ["database", "table"],
      calls: [
        {
          actions: ["glue:GetPartitions"],
          resources: glueTable("<database>", "<table>"),
          source: `${ATHENA_GLUE}#access-to-glue-resources-table-partitions-and-versions`,
        },
      ],
    },
  },
} as const satisfies RuntimeCalls;
