import { appflowKeyStatements, type LayerContext, PlatformKey } from "@lakehouse/components";
import type * as pulumi from "@pulumi/pulumi";
import type { LakeStorageConfig } from "./config";

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
  // the GA4 connector profile and flow take a grant on the key through AppFlow when deployed
  "appflow",
];

/** The customer-managed key of all data at rest in the lake. */
export function dataKey(
  ctx: LayerContext,
  config: LakeStorageConfig,
  accountId: string,
  dataAccessRoleArn: pulumi.Input<string>,
) {
  const prefix = ctx.namePrefix;
  return new PlatformKey("data", {
    description: `lakehouse ${config.environment}: data at rest (lake buckets, catalog, delivery streams, logs)`,
    aliasName: `${prefix}-data`,
    viaServices: DATA_KEY_SERVICES,
    logGroupNamePrefixes: [
      `/aws/lambda/${prefix}-`,
      `/aws/kinesisfirehose/${prefix}-`,
      "/aws-glue/",
      `/lakehouse/${config.environment}/`,
    ],
    usageRoles: [{ sid: "LakeFormationDataAccessRole", roleArn: dataAccessRoleArn, viaServices: ["s3"] }],
    // AppFlow (the GA4 flow of ingestion) encrypts as a service principal, not through a role.
    additionalStatements: appflowKeyStatements(accountId),
    retain: ctx.retainData,
  });
}
