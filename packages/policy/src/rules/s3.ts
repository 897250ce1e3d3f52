import { statementsOf } from "../policy-document";
import { resourceLabel } from "../resource-label";
import type { Enforcement, StackRule } from "../rule";
import type { Subject } from "../subject";
import { asArray, field, isRecord, isSet } from "../values";
import { BucketIndex } from "./s3-companions";

/** A stack rule that checks each bucket against its companions; `check` returns the problem, if any. */
function bucketRule(
  name: string,
  enforcement: Enforcement,
  description: string,
  check: (bucket: Subject, index: BucketIndex) => string | undefined,
): StackRule {
  return {
    name,
    description,
    enforcement,
    scope: "stack",
    check(subjects) {
      const index = new BucketIndex(subjects);
      return index.buckets.flatMap((bucket) => {
        const problem = check(bucket, index);
        return problem ? [{ urn: bucket.urn, message: `${resourceLabel(bucket)} ${problem}` }] : [];
      });
    },
  };
}

const INLINE_NOTE =
  "(the Bucket's own inline arguments are deprecated in @pulumi/aws 7 and are not accepted)";

export const s3KmsEncryption = bucketRule(
  "s3-kms-encryption",
  "mandatory",
  "Every S3 bucket is encrypted by default with a customer-managed KMS key (access-log targets with SSE-S3, the only encryption log delivery supports).",
  (bucket, index) => {
    const [sse] = index.companionsOf(bucket.urn, "encryption");
    const byDefault = field(sse?.inputs, "rules", "applyServerSideEncryptionByDefault");
    const algorithm = field(byDefault, "sseAlgorithm");
    if (!sse || !isSet(algorithm)) {
      return `has no default encryption: add an aws.s3.BucketServerSideEncryptionConfiguration with rules[0].applyServerSideEncryptionByDefault = { sseAlgorithm: "aws:kms", kmsMasterKeyId: <platform key ARN> } ${INLINE_NOTE}.`;
    }
    // S3 server access logging cannot deliver into an SSE-KMS bucket: log targets use SSE-S3.
    if (algorithm === "AES256" && index.isLogTarget(bucket.urn)) return undefined;
    if (algorithm !== "aws:kms" && algorithm !== "aws:kms:dsse") {
      return `is encrypted with ${String(algorithm)}, not KMS: set sseAlgorithm to "aws:kms" and kmsMasterKeyId to the platform's data key.`;
    }
    if (!isSet(field(byDefault, "kmsMasterKeyId"))) {
      return `uses the AWS-managed aws/s3 key: set kmsMasterKeyId to a customer-managed key so access is governed by its key policy.`;
    }
    return undefined;
  },
);

const PUBLIC_ACCESS_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
];

export const s3PublicAccessBlocked = bucketRule(
  "s3-public-access-blocked",
  "mandatory",
  "Every S3 bucket blocks all public access (all four BucketPublicAccessBlock flags true).",
  (bucket, index) => {
    const [block] = index.companionsOf(bucket.urn, "publicAccessBlock");
    if (!block) {
      return `has no public access block: add an aws.s3.BucketPublicAccessBlock with ${PUBLIC_ACCESS_FLAGS.join(", ")} all true.`;
    }
    const open = PUBLIC_ACCESS_FLAGS.filter((flag) => block.inputs[flag] !== true);
    return open.length > 0
      ? `does not block all public access (${open.join(", ")} not true): set all four flags of its BucketPublicAccessBlock to true.`
      : undefined;
  },
);

export const s3TlsOnly = bucketRule(
  "s3-tls-only",
  "mandatory",
  "Every S3 bucket policy denies requests that do not use TLS (aws:SecureTransport = false).",
  (bucket, index) => {
    const policies = index.companionsOf(bucket.urn, "policy");
    if (policies.some((p) => deniesInsecureTransport(p.inputs.policy))) return undefined;
    return `${policies.length === 0 ? "has no bucket policy" : "has a bucket policy without a TLS-only statement"}: add a statement { Effect: "Deny", Principal: "*", Action: "s3:*", Resource: [bucketArn, bucketArn + "/*"], Condition: { Bool: { "aws:SecureTransport": "false" } } } to its aws.s3.BucketPolicy.`;
  },
);

function deniesInsecureTransport(policy: unknown): boolean {
  return statementsOf(policy).some((s) => {
    const everyone = s.principal === "*" || (isRecord(s.principal) && asArray(s.principal.AWS).includes("*"));
    const allActions = s.actions.includes("s3:*") || s.actions.includes("*");
    const secure = field(s.condition, "Bool", "aws:SecureTransport");
    return s.effect === "Deny" && everyone && allActions && (secure === false || secure === "false");
  });
}

export const s3OwnerEnforced = bucketRule(
  "s3-owner-enforced",
  "mandatory",
  "Every S3 bucket disables ACLs (object ownership BucketOwnerEnforced).",
  (bucket, index) => {
    const [controls] = index.companionsOf(bucket.urn, "ownership");
    const ownership = field(controls?.inputs, "rule", "objectOwnership");
    if (ownership === "BucketOwnerEnforced") return undefined;
    return `${controls ? `has object ownership ${String(ownership)}` : "has no ownership controls"}: add an aws.s3.BucketOwnershipControls with rule.objectOwnership "BucketOwnerEnforced" so ACLs are disabled and the account owns every object.`;
  },
);

export const s3AccessLogging = bucketRule(
  "s3-access-logging",
  "mandatory",
  "Every S3 bucket writes server access logs, except the bucket that receives them.",
  (bucket, index) => {
    if (index.isLogTarget(bucket.urn)) return undefined;
    const [logging] = index.companionsOf(bucket.urn, "logging");
    if (logging && isSet(logging.inputs.targetBucket)) return undefined;
    return `has no access logging: add an aws.s3.BucketLogging { bucket: bucket.id, targetBucket: <the logs bucket>, targetPrefix: "<bucket>/" } (the logs bucket itself is exempt because it is a logging target).`;
  },
);

/** Raw and refined zones hold the lake's data: recognised by a `raw`/`refined` word in the logical or bucket name. */
export function isDataZoneBucket(bucket: Subject): boolean {
  const zone = /(^|[-_])(raw|refined)([-_]|$)/;
  return (
    zone.test(bucket.name) || (typeof bucket.inputs.bucket === "string" && zone.test(bucket.inputs.bucket))
  );
}

export const s3DataZonesVersioned = bucketRule(
  "s3-data-zones-versioned",
  "mandatory",
  "Raw and refined zone buckets keep object versions (BucketVersioning status Enabled).",
  (bucket, index) => {
    if (!isDataZoneBucket(bucket)) return undefined;
    const [versioning] = index.companionsOf(bucket.urn, "versioning");
    const status = field(versioning?.inputs, "versioningConfiguration", "status");
    if (status === "Enabled") return undefined;
    return `is a raw/refined data zone ${versioning ? `with versioning ${String(status)}` : "without versioning"}: add an aws.s3.BucketVersioning with versioningConfiguration.status "Enabled" so overwritten or deleted data can be recovered.`;
  },
);

export const s3BucketKeyEnabled = bucketRule(
  "s3-bucket-key-enabled",
  "advisory",
  "KMS-encrypted buckets use an S3 Bucket Key, which cuts KMS requests (and cost) by up to 99%.",
  (bucket, index) => {
    const [sse] = index.companionsOf(bucket.urn, "encryption");
    const algorithm = field(sse?.inputs, "rules", "applyServerSideEncryptionByDefault", "sseAlgorithm");
    if (algorithm !== "aws:kms" || field(sse?.inputs, "rules", "bucketKeyEnabled") === true) return undefined;
    return "uses SSE-KMS without a Bucket Key: set rules[0].bucketKeyEnabled = true on its encryption configuration.";
  },
);

export const s3Rules = [
  s3KmsEncryption,
  s3PublicAccessBlocked,
  s3TlsOnly,
  s3OwnerEnforced,
  s3AccessLogging,
  s3DataZonesVersioned,
  s3BucketKeyEnabled,
];
