import { type LayerContext, type PlatformKey, ReplicaRegion } from "@lakehouse/components";
import { ConfigError, stackFile } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LakeBuckets } from "./buckets";
import type { LakeStorageConfig } from "./config";

/**
 * Recovery: when the stack names a replica region (prod does), every versioned data bucket
 * (raw, refined, assets) replicates there under a key of that region. Recovery objective: README.
 */
export async function replicateToSecondRegion(
  ctx: LayerContext,
  config: LakeStorageConfig,
  accountId: string,
  key: PlatformKey,
  buckets: LakeBuckets,
): Promise<ReplicaRegion | undefined> {
  if (config.replicaRegion === undefined) return undefined;
  const { region } = await aws.getRegion();
  if (config.replicaRegion === region) {
    throw new ConfigError(stackFile("lake-storage", pulumi.getStack()), [
      `lakehouse-lake-storage:replicaRegion: "${config.replicaRegion}" is the stack's own region; name a second region`,
    ]);
  }
  const replicas = new ReplicaRegion("replica", {
    region: config.replicaRegion,
    namePrefix: ctx.namePrefix,
    bucketNameSuffix: accountId,
    accessLogExpirationDays: config.accessLogExpirationDays,
    retain: ctx.retainData,
  });
  const { raw, refined, assets } = buckets;
  for (const [zone, bucket] of Object.entries({ raw, refined, assets })) {
    replicas.replicate(zone, { bucket, kmsKeyArn: key.arn, sourceRegion: region });
  }
  return replicas;
}
