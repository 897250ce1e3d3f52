import type * as aws from "@pulumi/aws";

/** Storage classes the platform transitions objects to. */
export type TransitionStorageClass =
  | "STANDARD_IA"
  | "INTELLIGENT_TIERING"
  | "GLACIER_IR"
  | "GLACIER"
  | "DEEP_ARCHIVE";

export interface LifecyclePolicy {
  /**
   * Current objects move to cheaper storage after `days` (ascending).
   * @default [] (objects stay in STANDARD)
   */
  transitions?: { days: number; storageClass: TransitionStorageClass }[];
  /**
   * Current objects expire after this many days.
   * @default undefined (objects never expire)
   */
  expirationDays?: number;
  /**
   * Non-current versions expire after this many days (only meaningful on versioned buckets).
   * @default undefined (no rule)
   */
  noncurrentVersionExpirationDays?: number;
  /** Incomplete multipart uploads are aborted after this many days. @default 7 */
  abortIncompleteMultipartUploadDays?: number;
}

type Rule = aws.types.input.s3.BucketLifecycleConfigurationRule;

/**
 * The lifecycle rules of a bucket: one rule per concern, each applying to the whole bucket
 * (an empty filter), with ids that stay stable so plans stay deterministic.
 */
export function lifecycleRules(policy: LifecyclePolicy): Rule[] {
  const everything = { prefix: "" };
  const rules: Rule[] = [
    {
      id: "abort-incomplete-multipart-uploads",
      status: "Enabled",
      filter: everything,
      abortIncompleteMultipartUpload: { daysAfterInitiation: policy.abortIncompleteMultipartUploadDays ?? 7 },
    },
  ];
  const transitions = policy.transitions ?? [];
  if (transitions.length > 0) {
    rules.push({
      id: "transition-current-versions",
      status: "Enabled",
      filter: everything,
      transitions: transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })),
    });
  }
  if (policy.expirationDays !== undefined) {
    rules.push({
      id: "expire-current-versions",
      status: "Enabled",
      filter: everything,
      expiration: { days: policy.expirationDays },
    });
  }
  if (policy.noncurrentVersionExpirationDays !== undefined) {
    rules.push({
      id: "expire-noncurrent-versions",
      status: "Enabled",
      filter: everything,
      noncurrentVersionExpiration: { noncurrentDays: policy.noncurrentVersionExpirationDays },
      // Delete markers left behind once every version expired.
      expiration: { expiredObjectDeleteMarker: true },
    });
  }
  return rules;
}
