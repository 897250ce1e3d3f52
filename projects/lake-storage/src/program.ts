import {
  appflowBucketStatements,
  appflowKeyStatements,
  DataLocations,
  LakeFormationSettings,
  LfTags,
  PlatformKey,
  SecureBucket,
  startLayer,
} from "@lakehouse/components";
import { type LayerExports, RAW_PREFIXES, REFINED_PREFIXES } from "@lakehouse/contracts";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { lakeStorageConfig } from "./config";

/**
 * Services through which the platform's roles may use the data key: the lake itself (S3, Glue,
 * Athena), its delivery paths (Firehose, DMS) and the ingestion sources that encrypt with this
 * key (DynamoDB, Aurora via RDS, SQS dead-letter queues, Secrets Manager, Lambda environment).
 * CloudWatch Logs and the Lake Formation data-access role have their own statements.
 */
export const DATA_KEY_SERVICES = [
  "s3",
  "glue",
  "athena",
  "firehose",
  "dms",
  "dynamodb",
  "rds",
  "sqs",
  "secretsmanager",
  "lambda",
];

export const ZONES = ["raw", "refined", "cdc"] as const;

/**
 * The lake-storage layer: the data key, the five buckets, the Glue databases and Lake Formation
 * as the only access gate (settings, registered locations, LF-tags on the databases).
 */
export async function program(): Promise<LayerExports<"lake-storage">> {
  const config = lakeStorageConfig();
  const ctx = startLayer("lake-storage", config);
  const prefix = ctx.namePrefix;
  const { accountId } = await aws.getCallerIdentity();
  const retain = ctx.retainData;

  // Lake Formation first: it makes the deployer an admin and clears the IAM_ALLOWED_PRINCIPALS
  // defaults before any database exists.
  const lakeFormation = new LakeFormationSettings("lake-formation", { admins: config.lakeFormationAdmins });
  const gate = [lakeFormation.settings];
  const locations = new DataLocations("lake-locations", {
    roleName: `${prefix}-lf-data-access`,
    dependsOn: gate,
  });

  const key = new PlatformKey("data", {
    description: `lakehouse ${config.environment}: data at rest (lake buckets, catalog, delivery streams, logs)`,
    aliasName: `${prefix}-data`,
    viaServices: DATA_KEY_SERVICES,
    logGroupNamePrefixes: [
      `/aws/lambda/${prefix}-`,
      `/aws/kinesisfirehose/${prefix}-`,
      "/aws-glue/",
      `/lakehouse/${config.environment}/`,
    ],
    usageRoles: [{ sid: "LakeFormationDataAccessRole", roleArn: locations.roleArn, viaServices: ["s3"] }],
    // AppFlow (the GA4 flow of ingestion) encrypts as a service principal, not through a role.
    additionalStatements: appflowKeyStatements(accountId),
    retain,
  });

  const bucketName = (zone: string) => `${prefix}-${zone}-${accountId}`;
  const abort = config.abortIncompleteMultipartUploadDays;
  const noncurrent = config.noncurrentVersionExpirationDays;
  // S3 server access logging delivers only to SSE-S3 buckets, and a log bucket cannot log to itself.
  const logs = new SecureBucket("logs", {
    bucketName: bucketName("logs"),
    accessLogTarget: { sourceAccountId: accountId, sourceBucketNamePrefix: `${prefix}-` },
    lifecycle: { expirationDays: config.accessLogExpirationDays, abortIncompleteMultipartUploadDays: abort },
    retain,
  });
  const dataBucket = (
    zone: string,
    rest: Pick<
      ConstructorParameters<typeof SecureBucket>[1],
      "versioned" | "lifecycle" | "additionalPolicyStatements"
    >,
  ) =>
    new SecureBucket(zone, {
      bucketName: bucketName(zone),
      kmsKeyArn: key.arn,
      accessLogs: { bucket: logs.bucketName, prefix: `${zone}/` },
      retain,
      ...rest,
    });
  const raw = dataBucket("raw", {
    versioned: true,
    additionalPolicyStatements: appflowBucketStatements(
      `arn:aws:s3:::${bucketName("raw")}`,
      RAW_PREFIXES.googleAnalytics,
      accountId,
    ),
    lifecycle: {
      transitions: config.rawLifecycle.transitions,
      expirationDays: config.rawLifecycle.expirationDays,
      noncurrentVersionExpirationDays: noncurrent,
      abortIncompleteMultipartUploadDays: abort,
    },
  });
  const refined = dataBucket("refined", {
    versioned: true,
    lifecycle: { noncurrentVersionExpirationDays: noncurrent, abortIncompleteMultipartUploadDays: abort },
  });
  // The only lifecycle configuration of the results bucket (S3 allows one): Athena results expire here.
  const results = dataBucket("results", {
    versioned: false,
    lifecycle: { expirationDays: config.resultsExpirationDays, abortIncompleteMultipartUploadDays: abort },
  });
  const assets = dataBucket("assets", {
    versioned: true,
    lifecycle: { noncurrentVersionExpirationDays: noncurrent, abortIncompleteMultipartUploadDays: abort },
  });

  new aws.glue.DataCatalogEncryptionSettings("catalog-encryption", {
    dataCatalogEncryptionSettings: {
      encryptionAtRest: { catalogEncryptionMode: "SSE-KMS", sseAwsKmsKeyId: key.arn },
      connectionPasswordEncryption: { returnConnectionPasswordEncrypted: true, awsKmsKeyId: key.arn },
    },
  });

  const locationOf: Record<(typeof ZONES)[number], pulumi.Output<string>> = {
    raw: pulumi.interpolate`s3://${raw.bucketName}/`,
    refined: pulumi.interpolate`s3://${refined.bucketName}/${REFINED_PREFIXES.parquet}`,
    cdc: pulumi.interpolate`s3://${refined.bucketName}/${REFINED_PREFIXES.iceberg}`,
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

  const tags = new LfTags("lf-tags", { tags: config.lfTags, dependsOn: gate });
  for (const zone of ZONES) {
    tags.attachToDatabase(
      `${zone}-db-tags`,
      databases[zone].name,
      config.databaseLfTags[zone],
      databases[zone],
    );
  }

  locations.register(raw);
  locations.register(refined);

  return {
    environment: config.environment,
    dataKeyArn: key.arn,
    dataKeyId: key.keyId,
    rawBucketName: raw.bucketName,
    rawBucketArn: raw.arn,
    refinedBucketName: refined.bucketName,
    refinedBucketArn: refined.arn,
    resultsBucketName: results.bucketName,
    resultsBucketArn: results.arn,
    assetsBucketName: assets.bucketName,
    assetsBucketArn: assets.arn,
    logsBucketName: logs.bucketName,
    rawPrefixes: { ...RAW_PREFIXES },
    rawDatabaseName: databases.raw.name,
    refinedDatabaseName: databases.refined.name,
    cdcDatabaseName: databases.cdc.name,
    dataAccessRoleArn: locations.roleArn,
    lfTags: tags.values,
  };
}
