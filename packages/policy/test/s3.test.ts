import { describe, expect, it } from "vitest";
import { runRule, UNKNOWN } from "../src";
import {
  s3AccessLogging,
  s3BucketKeyEnabled,
  s3DataZonesVersioned,
  s3KmsEncryption,
  s3OwnerEnforced,
  s3PublicAccessBlocked,
  s3TlsOnly,
} from "../src/rules/s3";
import { compliantBucket, compliantLake, RAW_URN, subject, withInputs, without } from "./fixtures";

const BUCKET_RULES = [
  s3KmsEncryption,
  s3PublicAccessBlocked,
  s3TlsOnly,
  s3OwnerEnforced,
  s3AccessLogging,
  s3DataZonesVersioned,
  s3BucketKeyEnabled,
];

const rawViolation = (rule: (typeof BUCKET_RULES)[number], subjects = compliantLake()) =>
  runRule(rule, subjects).filter((v) => v.urn === RAW_URN);

describe("S3 bucket rules", () => {
  it.each(BUCKET_RULES.map((r) => [r.name, r] as const))(
    "%s: a bucket with all its companions complies",
    (_, rule) => {
      expect(runRule(rule, compliantLake())).toEqual([]);
    },
  );

  it("s3-kms-encryption: a bucket without an encryption configuration fails, naming the companion to add", () => {
    const [violation] = rawViolation(
      s3KmsEncryption,
      without(compliantLake(), "BucketServerSideEncryptionConfiguration", "raw"),
    );
    expect(violation?.message).toMatch(
      /Bucket "raw" \(lakehouse-dev-raw-123\) has no default encryption: add an aws.s3.BucketServerSideEncryptionConfiguration/,
    );
  });

  it("s3-kms-encryption: AES256 or the AWS-managed key is not enough", () => {
    const aes = withInputs(compliantLake(), "raw-bucketServerSideEncryptionConfiguration", (i) => ({
      ...i,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
    }));
    expect(rawViolation(s3KmsEncryption, aes)[0]?.message).toMatch(/encrypted with AES256, not KMS/);
    const awsManaged = withInputs(compliantLake(), "raw-bucketServerSideEncryptionConfiguration", (i) => ({
      ...i,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } }],
    }));
    expect(rawViolation(s3KmsEncryption, awsManaged)[0]?.message).toMatch(/AWS-managed aws\/s3 key/);
  });

  it("s3-kms-encryption: an access-log target may use SSE-S3 (log delivery cannot write SSE-KMS), other buckets may not", () => {
    const aesEverywhere = compliantLake().map((s) =>
      s.name.endsWith("bucketServerSideEncryptionConfiguration")
        ? {
            ...s,
            inputs: {
              ...s.inputs,
              rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
            },
          }
        : s,
    );
    expect(runRule(s3KmsEncryption, aesEverywhere).map((v) => v.urn)).toEqual([RAW_URN]);
    const notATarget = without(aesEverywhere, "BucketLogging");
    expect(runRule(s3KmsEncryption, notATarget)).toHaveLength(2);
  });

  it("s3-kms-encryption: the deprecated inline argument on the bucket does not count", () => {
    const inline = withInputs(
      without(compliantLake(), "BucketServerSideEncryptionConfiguration", "raw"),
      "raw",
      (i) => ({
        ...i,
        serverSideEncryptionConfiguration: {
          rule: { applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms" } },
        },
      }),
    );
    expect(rawViolation(s3KmsEncryption, inline)).toHaveLength(1);
  });

  it("s3-public-access-blocked: a missing block or one open flag fails", () => {
    expect(
      rawViolation(s3PublicAccessBlocked, without(compliantLake(), "BucketPublicAccessBlock", "raw"))[0]
        ?.message,
    ).toMatch(/has no public access block/);
    const open = withInputs(compliantLake(), "raw-bucketPublicAccessBlock", (i) => ({
      ...i,
      restrictPublicBuckets: false,
    }));
    expect(rawViolation(s3PublicAccessBlocked, open)[0]?.message).toMatch(
      /\(restrictPublicBuckets not true\)/,
    );
  });

  it("s3-tls-only: no policy, or a policy without the SecureTransport deny, fails", () => {
    expect(rawViolation(s3TlsOnly, without(compliantLake(), "BucketPolicy", "raw"))[0]?.message).toMatch(
      /has no bucket policy/,
    );
    const allowOnly = withInputs(compliantLake(), "raw-bucketPolicy", (i) => ({
      ...i,
      policy: {
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: "arn:aws:iam::1:root" },
            Action: "s3:GetObject",
            Resource: "*",
          },
        ],
      },
    }));
    expect(rawViolation(s3TlsOnly, allowOnly)[0]?.message).toMatch(/without a TLS-only statement/);
  });

  it('s3-tls-only: accepts the statement as an object with boolean false and an AWS "*" principal', () => {
    const variant = withInputs(compliantLake(), "raw-bucketPolicy", (i) => ({
      ...i,
      policy: {
        Statement: {
          Effect: "Deny",
          Principal: { AWS: "*" },
          Action: ["s3:*"],
          Resource: "*",
          Condition: { Bool: { "aws:SecureTransport": false } },
        },
      },
    }));
    expect(rawViolation(s3TlsOnly, variant)).toEqual([]);
  });

  it("s3-owner-enforced: ObjectWriter or missing controls fail", () => {
    const writer = withInputs(compliantLake(), "raw-bucketOwnershipControls", (i) => ({
      ...i,
      rule: { objectOwnership: "ObjectWriter" },
    }));
    expect(rawViolation(s3OwnerEnforced, writer)[0]?.message).toMatch(/has object ownership ObjectWriter/);
    expect(
      rawViolation(s3OwnerEnforced, without(compliantLake(), "BucketOwnershipControls", "raw")),
    ).toHaveLength(1);
  });

  it("s3-access-logging: a bucket that logs nowhere fails; the logs bucket is exempt only while it is a logging target", () => {
    const noLogging = without(compliantLake(), "BucketLogging");
    const urns = runRule(s3AccessLogging, noLogging).map((v) => v.urn);
    expect(urns).toEqual(["urn:pulumi:dev::lakehouse-test::aws:s3/bucket:Bucket::logs", RAW_URN]);
  });

  it("s3-data-zones-versioned: raw/refined buckets need versioning Enabled; other buckets do not", () => {
    const suspended = withInputs(compliantLake(), "raw-bucketVersioning", (i) => ({
      ...i,
      versioningConfiguration: { status: "Suspended" },
    }));
    expect(rawViolation(s3DataZonesVersioned, suspended)[0]?.message).toMatch(/with versioning Suspended/);
    const byPhysicalName = without(compliantBucket("zone", "lakehouse-dev-refined-123"), "BucketVersioning");
    expect(runRule(s3DataZonesVersioned, byPhysicalName)).toHaveLength(1);
    expect(runRule(s3DataZonesVersioned, without(compliantLake(), "BucketVersioning", "logs"))).toEqual([]);
  });

  it("s3-bucket-key-enabled (advisory): SSE-KMS without a bucket key is reported", () => {
    const noKey = withInputs(compliantLake(), "raw-bucketServerSideEncryptionConfiguration", (i) => ({
      ...i,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "k" } }],
    }));
    expect(s3BucketKeyEnabled.enforcement).toBe("advisory");
    expect(rawViolation(s3BucketKeyEnabled, noKey)).toHaveLength(1);
  });
});

describe("matching companions to buckets", () => {
  it("matches by the bucket's id when the bucket has no name input", () => {
    const subjects = compliantLake().map((s) =>
      s.name === "raw" ? { ...s, inputs: { tags: s.inputs.tags } } : s,
    );
    expect(runRule(s3PublicAccessBlocked, subjects)).toEqual([]);
  });

  it("matches by property dependency when a preview cannot know the bucket name yet", () => {
    const subjects = compliantLake().map((s) =>
      s.name === "raw-bucketPublicAccessBlock"
        ? { ...s, inputs: { ...s.inputs, bucket: UNKNOWN }, propertyDependencies: { bucket: [RAW_URN] } }
        : s,
    );
    expect(runRule(s3PublicAccessBlocked, subjects)).toEqual([]);
    const unmatched = subjects.map((s) =>
      s.name === "raw-bucketPublicAccessBlock" ? { ...s, propertyDependencies: {} } : s,
    );
    expect(runRule(s3PublicAccessBlocked, unmatched).map((v) => v.urn)).toEqual([RAW_URN]);
  });

  it("does not let one bucket's companion cover another bucket", () => {
    const other = subject("aws:s3/bucket:Bucket", "other", { bucket: "other-bucket" });
    expect(runRule(s3OwnerEnforced, [...compliantLake(), other]).map((v) => v.urn)).toEqual([other.urn]);
  });
});
