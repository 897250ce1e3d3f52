import { commonConfigShape, MIN_BYTES_SCANNED_CUTOFF } from "@lakehouse/components";
import { ConfigError, loadConfig, stackFile } from "@lakehouse/contracts";
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import { CDC_CHANGE_VOLUME, cdcCurrentState, DAILY_EVENTS_BY_TYPE, GA4_SESSIONS_PER_DAY } from "./reports";

const datasetKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, "a dataset key of transformation's refinedTables")
  .describe("a key of the transformation layer's refinedTables output");
const userNames = z
  .array(z.string().min(1))
  .default([])
  .refine((names) => new Set(names).size === names.length, "lists a user twice")
  .describe("a list of registered QuickSight user names of the default namespace");

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM");

/**
 * How one QuickSight data set reads its report: live, or imported into SPICE on a schedule the API
 * accepts. A full refresh runs at most hourly; MINUTE15 and MINUTE30 exist only for incremental
 * refreshes (QuickSight API_RefreshFrequency), which need a lookback window (API_LookbackWindow).
 */
const dataSetMode = z.discriminatedUnion("importMode", [
  z.object({ importMode: z.literal("DIRECT_QUERY") }).strict(),
  z
    .object({
      importMode: z.literal("SPICE"),
      refresh: z.discriminatedUnion("type", [
        z
          .object({
            type: z.literal("FULL_REFRESH"),
            interval: z.enum(["HOURLY", "DAILY"]),
            timeOfDay: hhmm.optional(),
            timezone: z.string().min(1).optional(),
          })
          .strict(),
        z
          .object({
            type: z.literal("INCREMENTAL_REFRESH"),
            interval: z.enum(["MINUTE15", "MINUTE30", "HOURLY", "DAILY"]),
            lookbackWindow: z
              .object({ size: z.number().int().min(1), unit: z.enum(["HOUR", "DAY", "WEEK"]) })
              .strict(),
            timeOfDay: hhmm.optional(),
            timezone: z.string().min(1).optional(),
          })
          .strict(),
      ]),
    })
    .strict(),
]);
export type DataSetMode = z.output<typeof dataSetMode>;

/** Config of the analytics layer (stacks/analytics/Pulumi.<stack>.yaml). */
export const analyticsConfigShape = {
  ...commonConfigShape,
  bytesScannedCutoffPerQuery: z
    .number()
    .int()
    .min(MIN_BYTES_SCANNED_CUTOFF, `at least ${MIN_BYTES_SCANNED_CUTOFF} (10 MB, Athena's minimum)`)
    .describe("bytes one Athena query may scan before it is cancelled, an integer >= 10485760"),
  eventsDataset: datasetKey.default("events"),
  ga4SessionsDataset: datasetKey.default("ga4_sessions"),
  cdcEntities: z
    .array(z.string().regex(/^[a-z][a-z0-9_]*$/, "an entity key of transformation's icebergTables"))
    .min(1)
    .default(["orders", "customers"])
    .describe("CDC entities (keys of transformation's icebergTables) whose change volume is reported"),
  cdcStateColumns: z
    .array(z.string().regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, "entity.column"))
    .default(["orders.status"])
    .describe('current-state reports as "entity.column" (live entities counted per value of column)'),
  excludedSensitivity: z
    .array(z.string().min(1))
    .default(["confidential"])
    .describe("values of the sensitivity LF-tag readers must never see"),
  readerDomains: z
    .array(z.string().min(1))
    .default([])
    .describe("values of the domain LF-tag readers may read (empty: all)"),
  analystTrustedPrincipals: z
    .array(z.string().regex(/^arn:aws[a-z-]*:iam::\d{12}:(role|user|root)/, "an IAM role, user or root ARN"))
    .default([])
    .describe(
      "IAM principal ARNs allowed to assume the analyst role (default: this account's IAM policies decide)",
    ),
  quicksightImportMode: z
    .enum(["DIRECT_QUERY", "SPICE"])
    .default("DIRECT_QUERY")
    .describe("DIRECT_QUERY or SPICE"),
  // A full refresh: HOURLY or DAILY only (MINUTE15/MINUTE30 need an incremental refresh, per data set below).
  quicksightRefreshInterval: z
    .enum(["HOURLY", "DAILY"])
    .default("DAILY")
    .describe(
      "HOURLY or DAILY (a full refresh; 15 or 30 minutes only as an incremental refresh in quicksightDataSets)",
    ),
  quicksightRefreshTime: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d$/, "HH:MM")
    .default("05:00")
    .describe("time of day of a daily SPICE refresh, HH:MM"),
  quicksightRefreshTimezone: z.string().min(1).default("UTC"),
  quicksightDataSets: z
    .record(z.string().regex(/^[a-z][a-z0-9_]*$/, "a report name"), dataSetMode)
    .default({})
    .describe(
      "report name -> {importMode: DIRECT_QUERY} or {importMode: SPICE, refresh: {type: FULL_REFRESH, interval: HOURLY|DAILY, timeOfDay?, timezone?} | {type: INCREMENTAL_REFRESH, interval: MINUTE15|MINUTE30|HOURLY|DAILY, lookbackWindow: {size, unit: HOUR|DAY|WEEK}, timeOfDay?, timezone?}}",
    ),
  quicksightWindowDays: z
    .number()
    .int()
    .min(1)
    .max(3650)
    .default(90)
    .describe("how many days back the dashboard datasets read, 1 to 3650"),
  quicksightIdentityRegion: z
    .union([z.literal(""), z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "an AWS region, e.g. us-east-1")])
    .default("")
    .transform((region) => (region === "" ? undefined : region))
    .describe(
      "the account's QuickSight identity region, where its users and groups live (\"\": the stack's region)",
    ),
  quicksightAuthors: userNames.describe(
    "registered QuickSight user names (default namespace) added to the stack's authors group",
  ),
  quicksightViewers: userNames.describe(
    "registered QuickSight user names (default namespace) added to the stack's viewers group",
  ),
};

export type AnalyticsConfig = ReturnType<typeof analyticsConfig>;

export function analyticsConfig() {
  const config = loadConfig("analytics", analyticsConfigShape);
  const reports = [DAILY_EVENTS_BY_TYPE, GA4_SESSIONS_PER_DAY, CDC_CHANGE_VOLUME].concat(
    config.cdcStateColumns.map((entry) => cdcCurrentState(...(entry.split(".") as [string, string]))),
  );
  const modeProblems = Object.entries(config.quicksightDataSets).flatMap(([name, mode]) => {
    const report = reports.find((r) => r.name === name);
    if (!report)
      return [
        `lakehouse-analytics:quicksightDataSets.${name}: no such report (reports: ${reports.map((r) => r.name).join(", ")})`,
      ];
    if (
      mode.importMode === "SPICE" &&
      mode.refresh.type === "INCREMENTAL_REFRESH" &&
      !report.columns.some((c) => c.type === "DATETIME")
    )
      return [
        `lakehouse-analytics:quicksightDataSets.${name}: an incremental refresh needs a date column, and this report has none (use FULL_REFRESH or DIRECT_QUERY)`,
      ];
    return [];
  });
  if (modeProblems.length > 0) throw new ConfigError(stackFile("analytics", pulumi.getStack()), modeProblems);
  return config;
}
