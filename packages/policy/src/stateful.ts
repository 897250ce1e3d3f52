/**
 * Resources whose replacement or deletion loses data: the stateful-change guard blocks a replace or
 * delete of one without approval, the URN-stability check blocks a rename of one without an alias,
 * and prod protects them (`stateful-protected-in-prod`).
 * Iceberg tables are Glue catalog tables (table_type ICEBERG), so they are covered by CatalogTable.
 */
export const STATEFUL_TYPES = [
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:kms/key:Key",
  "aws:dynamodb/table:Table",
  "aws:rds/cluster:Cluster",
  "aws:rds/clusterInstance:ClusterInstance",
  "aws:glue/catalogDatabase:CatalogDatabase",
  "aws:glue/catalogTable:CatalogTable",
  "aws:secretsmanager/secret:Secret",
  "aws:lakeformation/dataLakeSettings:DataLakeSettings",
];

export const LOG_GROUP_TYPE = "aws:cloudwatch/logGroup:LogGroup";

/**
 * Components whose log groups hold audit data (VPC flow logs: who talked to what). Other log groups
 * (Lambda, Glue, Firehose diagnostics) are operational and may be recreated.
 */
export const AUDIT_LOG_COMPONENTS = ["lakehouse:network:VpcFlowLogs"];

/** Whether a resource, by its type and URN (whose type chain names its parents), is stateful. */
export function isStateful(type: string, urn: string): boolean {
  if (STATEFUL_TYPES.includes(type)) return true;
  if (type !== LOG_GROUP_TYPE) return false;
  const chain = (urn.split("::")[2] ?? "").split("$");
  return chain.some((t) => AUDIT_LOG_COMPONENTS.includes(t));
}
