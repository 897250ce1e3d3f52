import {
  appflowBucketStatements,
  type LayerContext,
  type PlatformKey,
  SecureBucket,
} from "@lakehouse/components";
import { RAW_PREFIXES } from "@lakehouse/contracts";
import type { LakeStorageConfig } from "./config";

/** The five buckets: access logs, then raw, refined, Athena results and job assets, each logging to the first. */
export function lakeBuckets(
  ctx: LayerContext,
  config: LakeStorageConfig,
  accountId: string,
  key: PlatformKey,
) {
  const prefix = ctx.namePrefix;
  const retain = ctx.retainData;
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
  return { logs, raw, refined, results, assets };
}

export type LakeBuckets = ReturnType<typeof lakeBuckets>;
