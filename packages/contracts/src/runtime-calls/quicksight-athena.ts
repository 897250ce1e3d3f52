import type { RuntimeCalls } from "../access";
import { athenaDataCatalog, athenaWorkgroup } from "./arns";

/**
 * The policy AWS publishes for what QuickSight calls on Athena with the role it runs as
 * (the QuickSight user guide points Athena data sources to it).
 */
const QUICKSIGHT_ATHENA_POLICY =
  "https://docs.aws.amazon.com/athena/latest/ug/managed-policies.html#awsquicksightathenaaccess-managed-policy (AWSQuicksightAthenaAccess; https://docs.aws.amazon.com/quicksight/latest/user/security-create-iam-role-athena-s3.html)";

/**
 * A QuickSight Athena data source with a run-as role (`AthenaParameters.RoleArn`): besides the
 * queries (the Athena runtime's calls, made with this role), QuickSight browses the catalog and the
 * workgroups when it creates the source and datasets and when an author edits them.
 */
export const QUICKSIGHT_ATHENA = {
  runtime: "QuickSight Athena data source (run-as role)",
  uses: {
    browse: {
      when: "run",
      does: "lists catalogs, databases, tables, workgroups and engine versions",
      params: ["workgroup"],
      calls: [
        {
          // The Service Authorization Reference: these accept only "*".
          actions: ["athena:ListDataCatalogs", "athena:ListWorkGroups", "athena:ListEngineVersions"],
          resources: ["*"],
          source: QUICKSIGHT_ATHENA_POLICY,
        },
        {
          actions: [
            "athena:GetDataCatalog",
            "athena:ListDatabases",
            "athena:GetDatabase",
            "athena:ListTableMetadata",
            "athena:GetTableMetadata",
          ],
          resources: [athenaDataCatalog],
          source: QUICKSIGHT_ATHENA_POLICY,
        },
        {
          actions: ["athena:GetWorkGroup"],
          resources: [athenaWorkgroup("<workgroup>")],
          source: QUICKSIGHT_ATHENA_POLICY,
        },
      ],
    },
  },
} as const satisfies RuntimeCalls;
