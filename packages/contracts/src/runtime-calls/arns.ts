/**
 * ARN templates of the resources runtime calls are authorized against (Service Authorization
 * Reference resource types; `{region}`/`{account}` from the plan, `<param>` from the layer).
 */
const glue = (rest: string) => `arn:aws:glue:{region}:{account}:${rest}`;

/** `glue:GetDatabase` and friends are authorized against the catalog and the database. */
export const glueDatabase = (database: string) => [glue("catalog"), glue(`database/${database}`)];

/** Table calls are authorized against the catalog, the database and the table. */
export const glueTable = (database: string, table: string) => [
  ...glueDatabase(database),
  glue(`table/${database}/${table}`),
];

/** The Data Catalog as an Athena data catalog (Athena's name for the account's Glue catalog). */
export const athenaDataCatalog = "arn:aws:athena:{region}:{account}:datacatalog/AwsDataCatalog";

export const athenaWorkgroup = (workgroup: string) =>
  `arn:aws:athena:{region}:{account}:workgroup/${workgroup}`;
