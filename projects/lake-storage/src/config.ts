import { commonConfigShape } from "@lakehouse/components";
import {
  ConfigError,
  costUsageSchema,
  loadConfig,
  monthlyBudgetSchema,
  stackFile,
} from "@lakehouse/contracts";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

const days = (what: string) =>
  z
    .number()
    .int()
    .min(1, `${what} must be at least 1 day`)
    .max(36500)
    .describe(`a whole number of days (>= 1)`);

const storageClass = z.enum(["STANDARD_IA", "INTELLIGENT_TIERING", "GLACIER_IR", "GLACIER", "DEEP_ARCHIVE"]);

/** How the raw zone ages: transitions in ascending order, expiry after the last transition. */
const rawLifecycle = z
  .object({
    transitions: z
      .array(z.object({ days: days("a transition"), storageClass }).strict())
      .default([])
      .describe("a list of {days, storageClass}"),
    expirationDays: days("expirationDays"),
  })
  .strict()
  .superRefine((value, ctx) => {
    value.transitions.forEach((t, i) => {
      if (t.storageClass === "STANDARD_IA" && t.days < 30) {
        ctx.addIssue({
          code: "custom",
          path: ["transitions", i, "days"],
          message: "S3 moves objects to STANDARD_IA after 30 days at the earliest",
        });
      }
      const previous = value.transitions[i - 1];
      if (previous && t.days <= previous.days) {
        ctx.addIssue({
          code: "custom",
          path: ["transitions", i, "days"],
          message: "transitions must be in ascending order of days",
        });
      }
    });
    const last = value.transitions.at(-1);
    if (last && value.expirationDays <= last.days) {
      ctx.addIssue({
        code: "custom",
        path: ["expirationDays"],
        message: `must be later than the last transition (${last.days} days)`,
      });
    }
  })
  .describe("{transitions: [{days, storageClass}], expirationDays}");

const lfTagValues = z
  .array(z.string().regex(/^[a-z][a-z0-9_-]{0,49}$/, "LF-tag values are lower-case words"))
  .min(1, "needs at least one value")
  .refine((values) => new Set(values).size === values.length, "values must be unique");

/** Config of the lake-storage layer (stacks/lake-storage/Pulumi.<stack>.yaml). */
export const lakeStorageConfigShape = {
  ...commonConfigShape,
  rawLifecycle,
  noncurrentVersionExpirationDays: days("noncurrentVersionExpirationDays"),
  abortIncompleteMultipartUploadDays: days("abortIncompleteMultipartUploadDays").default(7),
  resultsExpirationDays: days("resultsExpirationDays"),
  accessLogExpirationDays: days("accessLogExpirationDays"),
  lakeFormationAdmins: z
    .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user)\/.+$/, "an IAM role or user ARN"))
    .min(1, "at least one Lake Formation admin is required")
    .describe("a non-empty list of IAM role/user ARNs"),
  lfTags: z
    .object({ domain: lfTagValues, sensitivity: lfTagValues })
    .catchall(lfTagValues)
    .describe("{domain: [...], sensitivity: [...]} (tag key -> allowed values)"),
  databaseLfTags: z
    .object({
      raw: z.record(z.string(), z.string()),
      refined: z.record(z.string(), z.string()),
      cdc: z.record(z.string(), z.string()),
    })
    .strict()
    .describe("{raw|refined|cdc: {tagKey: value}} for every LF-tag key"),
  replicaRegion: z
    .union([z.literal(""), z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region, e.g. eu-central-1")])
    .default("")
    // "" (the Pulumi.yaml default) means no replica region.
    .transform((region) => (region === "" ? undefined : region))
    .describe('a second AWS region for replicas of the versioned buckets ("" for none; prod sets one)'),
  alarmEmails: z
    .array(z.email("an email address"))
    .default([])
    .describe("email addresses subscribed to the alarm topic (each confirms by mail)"),
  /** The stack's monthly budget: an AWS Budget alerts the alarm topic, the offline plan fails above it. */
  monthlyBudgetUsd: monthlyBudgetSchema,
  /** Usage the cost estimate assumes (read by the offline plan; validated here so a deploy sees a typo too). */
  costUsage: costUsageSchema,
};

export type LakeStorageConfig = ReturnType<typeof lakeStorageConfig>;

/**
 * Reads and validates the layer's config, including the checks that span keys: every database
 * carries exactly one value of every LF-tag, and that value is one the tag allows.
 */
export function lakeStorageConfig(source?: (key: string) => string | undefined) {
  const config = loadConfig("lake-storage", lakeStorageConfigShape, source);
  const problems: string[] = [];
  const tagKeys = Object.keys(config.lfTags);
  for (const [zone, assignment] of Object.entries(config.databaseLfTags)) {
    for (const [key, value] of Object.entries(assignment)) {
      const allowed = config.lfTags[key];
      if (allowed === undefined) {
        problems.push(
          `lakehouse-lake-storage:databaseLfTags.${zone}.${key}: unknown LF-tag "${key}" (lfTags defines: ${tagKeys.join(", ")})`,
        );
      } else if (!allowed.includes(value)) {
        problems.push(
          `lakehouse-lake-storage:databaseLfTags.${zone}.${key}: unknown LF-tag value "${value}" (lfTags.${key} allows: ${allowed.join(", ")})`,
        );
      }
    }
    for (const key of tagKeys) {
      if (!(key in assignment)) {
        problems.push(
          `lakehouse-lake-storage:databaseLfTags.${zone}.${key}: missing (every database carries every LF-tag)`,
        );
      }
    }
  }
  if (problems.length > 0) throw new ConfigError(stackFile("lake-storage", pulumi.getStack()), problems);
  return config;
}
