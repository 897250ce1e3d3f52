import { startLayer } from "@lakehouse/components";
import { type LayerExports, RAW_PREFIXES } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import { lakeStorageConfig } from "./config";

/** The lake-storage layer: keys, buckets, catalog databases and Lake Formation. */
export async function program(): Promise<LayerExports<"lake-storage">> {
  const config = lakeStorageConfig();
  const ctx = startLayer("lake-storage", config);
  const identity = await aws.getCallerIdentity();
  const key = new aws.kms.Key(
    "data",
    { enableKeyRotation: true, description: "lakehouse data at rest" },
    ctx.statefulOptions,
  );
  const bucket = (zone: string) =>
    new aws.s3.Bucket(
      zone,
      { bucket: `${ctx.namePrefix}-${zone}-${identity.accountId}` },
      ctx.statefulOptions,
    );
  const raw = bucket("raw");
  const refined = bucket("refined");
  const results = bucket("results");
  const assets = bucket("assets");
  const logs = bucket("logs");
  const database = (zone: string) =>
    new aws.glue.CatalogDatabase(`${zone}-db`, { name: `lakehouse_${config.environment}_${zone}` }).name;
  const dataAccess = new aws.iam.Role("lf-data-access", {
    name: `${ctx.namePrefix}-lf-data-access`,
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Action: "sts:AssumeRole", Principal: { Service: "lakeformation.amazonaws.com" } },
      ],
    }),
  });
  return {
    environment: config.environment,
    dataKeyArn: key.arn,
    dataKeyId: key.keyId,
    rawBucketName: raw.bucket,
    rawBucketArn: raw.arn,
    refinedBucketName: refined.bucket,
    refinedBucketArn: refined.arn,
    resultsBucketName: results.bucket,
    resultsBucketArn: results.arn,
    assetsBucketName: assets.bucket,
    assetsBucketArn: assets.arn,
    logsBucketName: logs.bucket,
    rawPrefixes: { ...RAW_PREFIXES },
    rawDatabaseName: database("raw"),
    refinedDatabaseName: database("refined"),
    cdcDatabaseName: database("cdc"),
    dataAccessRoleArn: dataAccess.arn,
    lfTags: { domain: ["sales", "marketing"], sensitivity: ["public", "internal", "confidential"] },
  };
}
