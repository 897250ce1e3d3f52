import type { Subject } from "../subject";
import { isUnknown } from "../values";

/**
 * In @pulumi/aws 7 a bucket's settings live in companion resources that name the bucket in an
 * input (`bucket`, or `targetBucket` for a logging target). This file matches companions to
 * buckets: by the bucket's name input or id, or, when a preview cannot know the name yet, by the
 * engine's record of which resource the input was computed from.
 */

export const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];

export const COMPANION_TYPES = {
  encryption: [
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
  ],
  publicAccessBlock: ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
  ownership: ["aws:s3/bucketOwnershipControls:BucketOwnershipControls"],
  policy: ["aws:s3/bucketPolicy:BucketPolicy"],
  logging: ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"],
  versioning: ["aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2"],
} as const;

export type CompanionKind = keyof typeof COMPANION_TYPES;

export function isBucket(subject: Subject): boolean {
  return BUCKET_TYPES.includes(subject.type);
}

/** The buckets of a stack with their companions of each kind, and the buckets that receive access logs. */
export class BucketIndex {
  readonly buckets: Subject[];
  private readonly byKey = new Map<string, string>();
  private readonly companions = new Map<string, Subject[]>();
  private readonly logTargets = new Set<string>();

  constructor(subjects: readonly Subject[]) {
    this.buckets = subjects.filter(isBucket);
    for (const bucket of this.buckets) {
      this.byKey.set(bucket.urn, bucket.urn);
      for (const key of [bucket.inputs.bucket, bucket.id]) {
        if (typeof key === "string" && !isUnknown(key)) this.byKey.set(key, bucket.urn);
      }
    }
    for (const subject of subjects) {
      const kind = companionKind(subject.type);
      if (!kind) continue;
      const bucketUrn = this.resolve(subject, "bucket");
      if (bucketUrn)
        this.companions.set(`${bucketUrn}|${kind}`, [...this.companionsOf(bucketUrn, kind), subject]);
      if (kind === "logging") {
        const target = this.resolve(subject, "targetBucket");
        if (target) this.logTargets.add(target);
      }
    }
  }

  companionsOf(bucketUrn: string, kind: CompanionKind): Subject[] {
    return this.companions.get(`${bucketUrn}|${kind}`) ?? [];
  }

  /** Whether a BucketLogging of the stack delivers access logs into this bucket. */
  isLogTarget(bucketUrn: string): boolean {
    return this.logTargets.has(bucketUrn);
  }

  private resolve(companion: Subject, input: string): string | undefined {
    const value = companion.inputs[input];
    if (typeof value === "string" && this.byKey.has(value)) return this.byKey.get(value);
    return companion.propertyDependencies?.[input]?.find((urn) => this.byKey.has(urn));
  }
}

function companionKind(type: string): CompanionKind | undefined {
  return (Object.keys(COMPANION_TYPES) as CompanionKind[]).find((kind) =>
    (COMPANION_TYPES[kind] as readonly string[]).includes(type),
  );
}
