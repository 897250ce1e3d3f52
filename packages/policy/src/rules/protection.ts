import { ofType, resourceRule } from "../rule";
import { isProduction } from "../subject";

/**
 * Resources whose loss loses data. Pulumi passes the `protect` option to policy packs as well as
 * to the offline plan, so this rule holds in both; `retainOnDelete` is visible to neither.
 */
export const STATEFUL_TYPES = [
  "aws:s3/bucket:Bucket",
  "aws:s3/bucketV2:BucketV2",
  "aws:dynamodb/table:Table",
  "aws:rds/cluster:Cluster",
  "aws:kms/key:Key",
];

export const statefulProtected = resourceRule(
  "stateful-protected-in-prod",
  "mandatory",
  "In production, stateful resources (buckets, DynamoDB tables, RDS clusters, KMS keys) are protected.",
  ofType(...STATEFUL_TYPES),
  (resource) =>
    !isProduction(resource.stack) || resource.protect
      ? undefined
      : "is not protected in production: create it with the layer context's statefulOptions ({ protect: true, retainOnDelete: true }), and keep allowDataDestruction false in the prod stack config.",
);

export const protectionRules = [statefulProtected];
