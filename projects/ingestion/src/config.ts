import { commonConfigShape } from "@lakehouse/components";
import { ConfigError, loadConfig, stackFile } from "@lakehouse/contracts";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";

const DCU_STEPS = [1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384];
const identifier = /^[A-Za-z_][A-Za-z0-9_]*$/;
const keyAttribute = z
  .object({ name: z.string().regex(identifier), type: z.enum(["S", "N", "B"]) })
  .describe('a key attribute, {"name": "pk", "type": "S"} (type S, N or B)');

/** `{}` in a stack file (Pulumi.yaml's default) means "not set": the stack creates the source. */
const orUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess(
    (v) => (v && typeof v === "object" && Object.keys(v).length === 0 ? undefined : v),
    schema.optional(),
  );
const arn = (service: string, resource: string) =>
  new RegExp(`^arn:aws[a-z-]*:${service}:[a-z0-9-]+:\\d{12}:${resource}$`);

/** The table name in a table or stream ARN, or the name itself. */
const tableOf = (nameOrArn: string) => /:table\/([^/]+)/.exec(nameOrArn)?.[1] ?? nameOrArn;

/** An existing table and the stream its owner enabled (Service Authorization Reference: dynamodb table, stream). */
const attachedTable = z
  .object({
    table: z.union([
      z.string().regex(/^[A-Za-z0-9_.-]{3,255}$/, "a table name"),
      z.string().regex(arn("dynamodb", "table/[A-Za-z0-9_.-]{3,255}"), "a table ARN"),
    ]),
    streamArn: z.string().regex(arn("dynamodb", "table/[A-Za-z0-9_.-]{3,255}/stream/\\S+"), "a stream ARN"),
  })
  .strict()
  .refine((t) => tableOf(t.streamArn) === tableOf(t.table), "streamArn is not a stream of table");

/** An existing Aurora PostgreSQL cluster, the secret of its replication user and its security group. */
const attachedCluster = z
  .object({
    clusterIdentifier: z.string().regex(/^[A-Za-z][A-Za-z0-9-]{0,62}$/, "a cluster identifier"),
    endpoint: z.string().regex(/^[a-z0-9.-]+$/, "a host name"),
    secretArn: z.string().regex(arn("secretsmanager", "secret:[A-Za-z0-9/_+=.@!-]+"), "a secret ARN"),
    securityGroupId: z.string().regex(/^sg-[0-9a-f]{8,17}$/, "a security group id"),
  })
  .strict();

/** Config of the ingestion layer (stacks/ingestion/Pulumi.<stack>.yaml). */
export const ingestionConfigShape = {
  ...commonConfigShape,
  logRetentionDays: z
    .union([
      z.literal(7),
      z.literal(14),
      z.literal(30),
      z.literal(60),
      z.literal(90),
      z.literal(180),
      z.literal(365),
    ])
    .default(30)
    .describe("CloudWatch log retention in days: 7, 14, 30, 60, 90, 180 or 365"),

  // DynamoDB source and CDC
  sourceTableName: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,40}$/)
    .default("orders")
    .describe("the source table's name after the lakehouse-<env>- prefix, lower-case"),
  sourceHashKey: keyAttribute.default({ name: "pk", type: "S" }),
  attachedSourceTable: orUnset(attachedTable).describe(
    '{"table": "<name or ARN>", "streamArn": "<its stream ARN>"} to attach an existing table instead of creating one, or {}',
  ),
  // Pulumi.yaml's default {} means "no sort key" (a declared key without a default would be required).
  sourceRangeKey: z
    .union([
      keyAttribute,
      z
        .object({})
        .strict()
        .transform(() => undefined),
    ])
    .optional()
    .describe('the sort key, {"name": "sk", "type": "S"}, or {} for none'),
  cdcBatchSize: z
    .number()
    .int()
    .min(1)
    .max(10_000)
    .default(100)
    .describe("stream records per invocation, 1-10000"),
  cdcBatchingWindowSeconds: z.number().int().min(0).max(300).default(5).describe("seconds, 0-300"),
  cdcMaxRetryAttempts: z
    .number()
    .int()
    .min(0)
    .max(10_000)
    .default(10)
    .describe(
      "retries of a failing batch before it goes to the on-failure queue, 0-10000 (never -1: unbounded)",
    ),
  cdcMaxRecordAgeSeconds: z
    .number()
    .int()
    .min(60)
    .max(604_800)
    .default(86_400)
    .describe("seconds after which a record goes to the on-failure queue, 60-604800"),
  cdcBufferingSizeMb: z
    .number()
    .int()
    .min(64)
    .max(128)
    .default(64)
    .describe("MiB, 64-128 (dynamic partitioning)"),
  cdcBufferingIntervalSeconds: z.number().int().min(0).max(900).default(300).describe("seconds, 0-900"),

  // Client events
  eventsBufferingSizeMb: z
    .number()
    .int()
    .min(64)
    .max(128)
    .default(128)
    .describe("MiB, 64-128 (Parquet conversion)"),
  eventsBufferingIntervalSeconds: z.number().int().min(0).max(900).default(300).describe("seconds, 0-900"),
  eventsProducerPrincipals: z
    .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user|root)/, "an IAM role, user or root ARN"))
    .default([])
    .describe("IAM ARNs allowed to assume the events producer role (default: this account)"),

  // Aurora PostgreSQL and DMS
  attachedAuroraCluster: orUnset(attachedCluster).describe(
    '{"clusterIdentifier", "endpoint", "secretArn", "securityGroupId"} to attach an existing cluster instead of creating one, or {}',
  ),
  auroraDatabaseName: z.string().regex(identifier).default("app").describe("the source database name"),
  auroraEngineVersion: z
    .string()
    .regex(/^\d+\.\d+$/)
    .default("16.6")
    .describe("an Aurora PostgreSQL version, e.g. 16.6"),
  auroraMinCapacity: z
    .number()
    .min(0)
    .max(256)
    .multipleOf(0.5)
    .default(0.5)
    .describe("ACUs, 0-256 in steps of 0.5"),
  auroraMaxCapacity: z
    .number()
    .min(1)
    .max(256)
    .multipleOf(0.5)
    .default(4)
    .describe("ACUs, 1-256 in steps of 0.5"),
  auroraInstanceCount: z.number().int().min(1).max(15).default(1).describe("Serverless v2 instances, 1-15"),
  auroraBackupRetentionDays: z.number().int().min(1).max(35).default(7).describe("days, 1-35"),
  auroraTableOwners: z
    .array(z.string().regex(identifier))
    .default([])
    .describe(
      "roles besides the master user that own or will create replicated tables; the master must be a member of each",
    ),
  dmsTables: z
    .array(z.object({ schema: z.string().min(1), table: z.string().min(1) }))
    .min(1)
    .default([{ schema: "public", table: "%" }])
    .describe('tables DMS replicates, [{"schema": "public", "table": "orders"}] (% is a wildcard)'),
  dmsUsername: z
    .string()
    .regex(identifier)
    .default("dms_replication")
    .describe("the database user DMS connects as"),
  dmsReplication: z
    .enum(["serverless", "instance"])
    .default("serverless")
    .describe(
      'what DMS runs on: "serverless" (a replication config, dmsMin/MaxCapacityUnits) or "instance" (a provisioned instance, dmsInstanceClass, with a replication task)',
    ),
  dmsInstanceClass: z
    .string()
    .regex(/^dms\.[a-z0-9]+\.[a-z0-9]+$/, "a DMS instance class, e.g. dms.t3.micro")
    .default("dms.t3.micro")
    .describe("the replication instance class when dmsReplication is instance"),
  dmsAllocatedStorageGb: z
    .number()
    .int()
    .min(5)
    .max(6144)
    .default(50)
    .describe("GB of the replication instance's storage, 5-6144"),
  dmsMinCapacityUnits: z.number().int().min(1).max(384).default(1).describe("DMS capacity units"),
  dmsMaxCapacityUnits: z
    .number()
    .refine((n) => DCU_STEPS.includes(n), "not a DMS capacity step")
    .default(4)
    .describe("DMS capacity units: 1, 2, 4, 8, 16, 32, 64, 128, 192, 256 or 384"),
  dmsMultiAz: z.boolean().default(false),

  // Alarm thresholds (every alarm notifies lake-storage's alarm topic; docs/runbook.md)
  alarms: z
    .object({
      lambdaErrorsPer5Minutes: z.number().int().min(1).default(1).describe("CDC handler errors in 5 minutes"),
      deliveryFreshnessSeconds: z
        .number()
        .int()
        .min(300)
        .max(86_400)
        .default(1800)
        .describe("age of the oldest record a Firehose stream has not delivered, seconds"),
      dmsCdcLatencySeconds: z
        .number()
        .int()
        .min(60)
        .max(86_400)
        .default(900)
        .describe("DMS CDC latency at source or target, seconds"),
      auroraPinnedMinutes: z
        .number()
        .int()
        .min(5)
        .max(1440)
        .default(15)
        .describe("minutes Aurora may run at auroraMaxCapacity before it alarms"),
    })
    .strict()
    // prefault: an absent or partial object still gets every default (zod 4's default would not parse it)
    .prefault({})
    .describe(
      "{lambdaErrorsPer5Minutes, deliveryFreshnessSeconds, dmsCdcLatencySeconds, auroraPinnedMinutes}",
    ),

  // Google Analytics 4
  ga4PropertyId: z
    .string()
    .regex(/^\d{6,12}$/, "GA4 property id (digits)")
    .describe("the GA4 property id"),
  ga4Dimensions: z
    .array(z.string().min(1))
    .default(["date", "sessionSource", "sessionMedium", "country", "deviceCategory"]),
  ga4Metrics: z
    .array(z.string().min(1))
    .default(["sessions", "totalUsers", "engagedSessions", "screenPageViews"]),
  ga4Schedule: z
    .string()
    .regex(/^(rate\(\d+(minutes|hours|days)\)|cron\(.+\))$/, "rate(1days), rate(12hours) or cron(...)")
    .default("rate(1days)")
    .describe("an AppFlow schedule expression"),
  ga4Object: z.string().min(1).default("core-report").describe("the GA4 connector object"),
};

/** Secret stack config (set with `pulumi config set --secret`), read as secret Outputs. */
export const INGESTION_SECRET_KEYS = ["ga4ClientId", "ga4ClientSecret", "ga4RefreshToken"] as const;

export function ingestionConfig() {
  return loadConfig("ingestion", ingestionConfigShape);
}

export type IngestionConfig = ReturnType<typeof ingestionConfig>;

export type IngestionSecrets = Record<(typeof INGESTION_SECRET_KEYS)[number], pulumi.Output<string>>;

/** The secret config values; all missing ones are named in one ConfigError with the command that sets them. */
export function ingestionSecrets(): IngestionSecrets {
  const config = new pulumi.Config("lakehouse-ingestion");
  const missing: string[] = [];
  const values: Partial<IngestionSecrets> = {};
  for (const key of INGESTION_SECRET_KEYS) {
    const value = config.getSecret(key);
    if (value === undefined) {
      missing.push(
        `lakehouse-ingestion:${key}: missing secret; set it with: pulumi config set --secret ${key} <value>`,
      );
    } else {
      values[key] = value;
    }
  }
  if (missing.length > 0) throw new ConfigError(stackFile("ingestion", pulumi.getStack()), missing);
  return values as IngestionSecrets;
}
