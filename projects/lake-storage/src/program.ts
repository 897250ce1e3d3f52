import { startLayer } from "@lakehouse/components";
import { type LayerExports, RAW_PREFIXES } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import { lakeFormationGate } from "./access-gate";
import { alarmTopic } from "./alarms";
import { lakeBuckets } from "./buckets";
import { stackBudget } from "./budget";
import { lakeCatalog } from "./catalog";
import { lakeStorageConfig } from "./config";
import { dataKey } from "./data-key";
import { deployRoleGrants } from "./deploy-role-grants";
import { replicateToSecondRegion } from "./replicas";

/**
 * The lake-storage layer: the data key, the five buckets (replicated to a second region in prod),
 * the Glue databases, Lake Formation as the only access gate (settings, registered locations,
 * LF-tags on the databases) and the stack's alarm topic.
 */
export async function program(): Promise<LayerExports<"lake-storage">> {
  const config = lakeStorageConfig();
  const ctx = await startLayer("lake-storage", config);
  const { accountId } = await aws.getCallerIdentity();

  // 1. Lake Formation first: admins and no IAM_ALLOWED_PRINCIPALS defaults before any database exists
  const access = lakeFormationGate(ctx, config, accountId);

  // 2. The data key: every bucket, the catalog, delivery streams and logs encrypt with it
  const key = dataKey(ctx, config, accountId, access.locations.roleArn);

  // 3. Buckets: access logs, raw, refined, results, assets
  const buckets = lakeBuckets(ctx, config, accountId, key);

  // 4. Catalog: encryption settings, one database per zone, LF-tags on each
  const { databases, tags } = lakeCatalog(ctx, config, key, buckets, access);

  // 4b. The other layers' deploy roles as Lake Formation principals, with the rights their plans need
  deployRoleGrants(ctx, config, accountId, databases, buckets, tags, access.gate);

  // 5. Recovery: versioned data buckets replicated to a second region (when configured: prod)
  await replicateToSecondRegion(ctx, config, accountId, key, buckets);

  // 6. Alarms: the stack's one alarm topic, for every layer's alarms and the stack's budget
  const alarms = alarmTopic(ctx, config);
  stackBudget(ctx, config, alarms.arn);

  // 7. Registered locations: Lake Formation vends credentials for raw and refined
  access.locations.register(buckets.raw);
  access.locations.register(buckets.refined);

  return {
    environment: config.environment,
    dataKeyArn: key.arn,
    dataKeyId: key.keyId,
    rawBucketName: buckets.raw.bucketName,
    rawBucketArn: buckets.raw.arn,
    refinedBucketName: buckets.refined.bucketName,
    refinedBucketArn: buckets.refined.arn,
    resultsBucketName: buckets.results.bucketName,
    resultsBucketArn: buckets.results.arn,
    assetsBucketName: buckets.assets.bucketName,
    assetsBucketArn: buckets.assets.arn,
    logsBucketName: buckets.logs.bucketName,
    rawPrefixes: { ...RAW_PREFIXES },
    rawDatabaseName: databases.raw.name,
    refinedDatabaseName: databases.refined.name,
    cdcDatabaseName: databases.cdc.name,
    dataAccessRoleArn: access.locations.roleArn,
    lfTags: tags.values,
    alarmTopicArn: alarms.arn,
  };
}
