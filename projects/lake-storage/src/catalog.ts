import { type LayerContext, LfTags, type PlatformKey } from "@lakehouse/components";
import { REFINED_PREFIXES } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { LakeFormationGate } from "./access-gate";
import type { LakeBuckets } from "./buckets";
import type { LakeStorageConfig } from "./config";

export const ZONES = ["raw", "refined", "cdc"] as const;

/** The Glue Data Catalog: encrypted with the data key, one database per zone, the LF-tag ontology on each. */
export function lakeCatalog(
  ctx: LayerContext,
  config: LakeStorageConfig,
  key: PlatformKey,
  buckets: LakeBuckets,
  { gate }: LakeFormationGate,
) {
  // One per account and region (the catalog's settings, last writer wins): only the owning stack sets them.
  if (ctx.owns("catalogEncryption"))
    new aws.glue.DataCatalogEncryptionSettings("catalog-encryption", {
      dataCatalogEncryptionSettings: {
        encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: key.arn },
        connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: key.arn },
      },
    });

  const locationOf: Record<(typeof ZONES)[number], pulumi.Output<string>> = {
    raw: pulumi.interpolate`s3://${buckets.raw.bucketName}/`,
    refined: pulumi.interpolate`s3://${buckets.refined.bucketName}/${REFINED_PREFIXES.parquet}`,
    cdc: pulumi.interpolate`s3://${buckets.refined.bucketName}/${REFINED_PREFIXES.iceberg}`,
  };
  const databases = Object.fromEntries(
    ZONES.map((zone) => [
      zone,
      new aws.glue.CatalogDatabase(
        `${zone}-db`,
        {
          name: `lakehouse_${config.environment}_${zone}`,
          description: `lakehouse ${config.environment} ${zone} zone`,
          locationUri: locationOf[zone],
        },
        { ...ctx.statefulOptions, dependsOn: gate },
      ),
    ]),
  ) as Record<(typeof ZONES)[number], aws.glue.CatalogDatabase>;

  // Every Glue Spark session (the Hive client) and every Athena query resolves `default`, and the
  // layers grant DESCRIBE on it; AWS creates it only as a side effect of a first Athena or Hive-client
  // use (AWSCatalogMetastoreClient creates it when missing, if the caller may), so the catalog's
  // owner makes sure it exists. Never deleted with the stack: other workloads of the account use it.
  const defaultDatabase = ctx.owns("defaultDatabase")
    ? new aws.glue.CatalogDatabase(
        "default-db",
        { name: "default", description: "Default Hive database (Spark sessions and Athena resolve it)" },
        { ...ctx.statefulOptions, dependsOn: gate, retainOnDelete: true },
      )
    : undefined;

  const tags = new LfTags("lf-tags", { tags: config.lfTags, dependsOn: gate, create: ctx.owns("lfTags") });
  for (const zone of ZONES) {
    tags.attachToDatabase(
      `${zone}-db-tags`,
      databases[zone].name,
      config.databaseLfTags[zone],
      databases[zone],
    );
  }
  return { databases, tags, defaultDatabase };
}
