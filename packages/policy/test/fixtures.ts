import { PLATFORM_TAG_KEYS } from "@lakehouse/contracts";
import { expect } from "vitest";
import type { ResourceRule, Subject } from "../src";

export const TAGS: Record<string, string> = Object.fromEntries(
  PLATFORM_TAG_KEYS.map((key) => [key, `${key}-value`]),
);

/** A resource as rules see it; the URN follows Pulumi's format so the stack can be read from it. */
export function subject(
  type: string,
  name: string,
  inputs: Record<string, unknown> = {},
  extra: Partial<Subject> = {},
): Subject {
  const stack = extra.stack ?? "dev";
  return {
    urn: `urn:pulumi:${stack}::lakehouse-test::${type}::${name}`,
    type,
    name,
    inputs,
    protect: false,
    stack,
    ...extra,
  };
}

const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/data";

export const tlsOnlyPolicy = (bucket: string) =>
  JSON.stringify({
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [`arn:aws:s3:::${bucket}`, `arn:aws:s3:::${bucket}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  });

/** A bucket with every companion the guardrails ask for; `logTo` names the bucket receiving its access logs. */
export function compliantBucket(name: string, physical: string, logTo?: string): Subject[] {
  const companion = (type: string, inputs: Record<string, unknown>) =>
    subject(`aws:s3/${type}`, `${name}-${type.split(":")[0]}`, { bucket: physical, ...inputs });
  return [
    subject("aws:s3/bucket:Bucket", name, { bucket: physical, tags: TAGS }, { id: physical }),
    companion("bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", {
      rules: [
        {
          applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN },
          bucketKeyEnabled: true,
        },
      ],
    }),
    companion("bucketPublicAccessBlock:BucketPublicAccessBlock", {
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    companion("bucketOwnershipControls:BucketOwnershipControls", {
      rule: { objectOwnership: "BucketOwnerEnforced" },
    }),
    companion("bucketPolicy:BucketPolicy", { policy: tlsOnlyPolicy(physical) }),
    companion("bucketVersioning:BucketVersioning", { versioningConfiguration: { status: "Enabled" } }),
    ...(logTo
      ? [companion("bucketLogging:BucketLogging", { targetBucket: logTo, targetPrefix: `${physical}/` })]
      : []),
  ];
}

/** The lake's buckets: raw logs to the logs bucket, which receives them and so logs nowhere. */
export function compliantLake(): Subject[] {
  return [
    ...compliantBucket("logs", "lakehouse-dev-logs-123"),
    ...compliantBucket("raw", "lakehouse-dev-raw-123", "lakehouse-dev-logs-123"),
  ];
}

export const RAW_URN = "urn:pulumi:dev::lakehouse-test::aws:s3/bucket:Bucket::raw";

/** The fixture without the resources of one type (optionally only those named like `name`). */
export function without(subjects: Subject[], type: string, name?: string): Subject[] {
  return subjects.filter((s) => !(s.type.endsWith(type) && (name === undefined || s.name.startsWith(name))));
}

/** The fixture with one resource's inputs changed. */
export function withInputs(
  subjects: Subject[],
  name: string,
  change: (inputs: Record<string, unknown>) => Record<string, unknown>,
): Subject[] {
  return subjects.map((s) => (s.name === name ? { ...s, inputs: change(s.inputs) } : s));
}

/** The messages a resource rule reports for one resource of the given type and inputs. */
export function check(
  rule: ResourceRule,
  type: string,
  inputs: Record<string, unknown>,
  extra: Partial<Subject> = {},
): string[] {
  expect(rule.appliesTo(type)).toBe(true);
  return rule.check(subject(type, "it", inputs, extra));
}
