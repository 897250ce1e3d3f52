import { commonConfigShape } from "@lakehouse/components";
import { loadConfig } from "@lakehouse/contracts";
import { z } from "zod";
import { CDC_SPECS, REFINED_SPECS } from "./specs";

const glueCron = z
  .string()
  .regex(/^cron\(\S+( \S+){5}\)$/, "a Glue cron expression")
  .describe('a Glue cron expression with six fields, e.g. "cron(15 * * * ? *)"');

const workers = z
  .object({
    workerType: z.enum(["G.1X", "G.2X", "G.4X", "G.8X", "R.1X", "R.2X"]).default("G.1X"),
    numberOfWorkers: z.number().int().min(2).max(100).default(2),
    timeoutMinutes: z.number().int().min(1).max(2880).default(60),
    maxRetries: z.number().int().min(0).max(5).default(1),
  })
  .describe("{workerType: G.1X|G.2X|..., numberOfWorkers: 2-100, timeoutMinutes: 1-2880, maxRetries: 0-5}");

/** CloudWatch Logs' accepted retention values. */
const RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
];

/** Every refined and current table, by the dataset or entity key the layer exports it under. */
const TABLE_KEYS = [...REFINED_SPECS, ...CDC_SPECS].map((s) => s.dataset);

/**
 * Minutes a reader's view of each table may lag its source, at most. One key per table, no other:
 * a table added to the specs needs its target before the program runs.
 */
export const DEFAULT_FRESHNESS_TARGET_MINUTES: Record<string, number> = {
  events: 75,
  ga4_sessions: 30 * 60,
  orders: 20,
  customers: 20,
};

const freshnessTargets = z
  .object(
    Object.fromEntries(
      TABLE_KEYS.map((k) => [
        k,
        z
          .number()
          .int()
          .min(1)
          .max(14 * 24 * 60),
      ]),
    ),
  )
  .strict()
  .default(DEFAULT_FRESHNESS_TARGET_MINUTES)
  .describe(`{${TABLE_KEYS.map((k) => `${k}: minutes`).join(", ")}}, each 1-20160, no other key`);

/** Config of the transformation layer (stacks/transformation/Pulumi.<stack>.yaml). */
export const transformationConfigShape = {
  ...commonConfigShape,
  refineSchedule: glueCron.default("cron(15 * * * ? *)"),
  cdcMergeSchedule: glueCron.default("cron(0/30 * * * ? *)"),
  rawCrawlSchedule: glueCron.default("cron(45 2 * * ? *)"),
  schedulesEnabled: z.boolean().default(true).describe("true to start the schedules on deployment"),
  refineWorkers: workers.default({
    workerType: "G.1X",
    numberOfWorkers: 2,
    timeoutMinutes: 60,
    maxRetries: 1,
  }),
  cdcMergeWorkers: workers.default({
    workerType: "G.1X",
    numberOfWorkers: 2,
    timeoutMinutes: 60,
    maxRetries: 1,
  }),
  logRetentionDays: z
    .number()
    .refine((d) => RETENTION_DAYS.includes(d), "not a CloudWatch Logs retention value")
    .default(30)
    .describe(`one of ${RETENTION_DAYS.join(", ")}`),
  freshnessTargetMinutes: freshnessTargets,
  snapshotRetentionDays: z
    .number()
    .int()
    .min(1)
    .max(365)
    .default(7)
    .describe("days of Iceberg snapshots to keep (1-365)"),
  orphanFileRetentionDays: z
    .number()
    .int()
    .min(1)
    .max(90)
    .default(3)
    .describe("days before unreferenced Iceberg files are deleted (1-90)"),
};

export type TransformationConfig = ReturnType<typeof transformationConfig>;

export function transformationConfig() {
  return loadConfig("transformation", transformationConfigShape);
}
