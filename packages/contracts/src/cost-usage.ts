import { z } from "zod";

const amount = (what: string) => z.number().min(0, `${what} must be >= 0`);

/**
 * The usage a stack's cost estimate assumes, per month (config `lakehouse-lake-storage:costUsage`,
 * every key optional). Hours are not here: a month is 730 hours for every hourly price. What runs
 * on a schedule runs whether or not data arrived, so its runs count as fixed; these keys add what
 * data drives on top. The defaults describe a small, quiet stack; prod sets its own figures.
 */
export const costUsageShape = {
  /** Billed minutes of a Glue job run that finds no new data (Glue Spark: 1-minute minimum). */
  jobIdleRunMinutes: amount("jobIdleRunMinutes").default(1),
  /** Average minutes of a Glue job run that has data to process (replaces the idle minutes). */
  jobDataRunMinutes: amount("jobDataRunMinutes").default(3),
  /** Share of scheduled runs (0..1) that find data. */
  jobRunsWithData: z.number().min(0).max(1).default(0.25),
  /** Job runs a month started by new data (event-driven workflows), per workflow. */
  eventRunsPerWorkflow: amount("eventRunsPerWorkflow").default(60),
  /** DPUs a crawler run uses (Glue chooses; the AWS pricing example's figure). */
  crawlerDpu: amount("crawlerDpu").default(2),
  /** Billed minutes of a crawl (Glue bills a crawler run at least 10 minutes). */
  crawlMinutes: amount("crawlMinutes").default(10),
  /** DPU-hours a month of each Iceberg table optimizer. */
  optimizerDpuHours: amount("optimizerDpuHours").default(0.5),
  /** GB stored in each S3 bucket (average). */
  bucketStorageGb: amount("bucketStorageGb").default(5),
  /** Thousands of PUT/LIST requests a month per bucket. */
  bucketPutThousands: amount("bucketPutThousands").default(50),
  /** GB copied to the replica region a month per replication configuration. */
  replicationGb: amount("replicationGb").default(2),
  /** GB ingested a month per CloudWatch log group (flow logs included). */
  logGroupIngestGb: amount("logGroupIngestGb").default(0.5),
  /** Thousands of KMS requests a month per customer-managed key (tens of thousands are billed). */
  kmsRequestsThousands: amount("kmsRequestsThousands").default(20),
  /** GB a month through the interface endpoints (all of them). */
  endpointGb: amount("endpointGb").default(1),
  /** GB a month through the NAT gateways (all of them). */
  natGb: amount("natGb").default(0),
  /** Average ACUs above the minimum, per Aurora instance. */
  auroraExtraAcu: amount("auroraExtraAcu").default(0),
  auroraStorageGb: amount("auroraStorageGb").default(5),
  auroraIoMillions: amount("auroraIoMillions").default(2),
  /** Average DCUs above the minimum of the DMS Serverless replication. */
  dmsExtraDcu: amount("dmsExtraDcu").default(0),
  dynamodbWriteMillions: amount("dynamodbWriteMillions").default(0.5),
  dynamodbStorageGb: amount("dynamodbStorageGb").default(1),
  /** Invocations a month per Lambda function, in millions, and their average duration. */
  lambdaInvocationMillions: amount("lambdaInvocationMillions").default(0.1),
  lambdaAverageMs: amount("lambdaAverageMs").default(200),
  /** GB a month into each Firehose stream. */
  firehoseGb: amount("firehoseGb").default(2),
  /** GB a month each AppFlow flow transfers. */
  appflowGb: amount("appflowGb").default(0.5),
  /** TB a month scanned by each Athena workgroup. */
  athenaTbScanned: amount("athenaTbScanned").default(0.05),
  /** Millions of requests a month per SQS queue and of publishes per SNS topic. */
  queueRequestMillions: amount("queueRequestMillions").default(0.01),
  topicPublishMillions: amount("topicPublishMillions").default(0.01),
};

export const costUsageSchema = z
  .object(costUsageShape)
  .strict()
  .default(() => z.object(costUsageShape).parse({}))
  .describe("an object of monthly usage assumptions (README Cost lists the keys), each a number >= 0");

export type CostUsage = z.output<typeof costUsageSchema>;

/** The stack's monthly budget in whole USD (a Pulumi `integer` key): the plan fails above it, AWS Budgets alerts on it. */
export const monthlyBudgetSchema = z
  .number()
  .int("monthlyBudgetUsd is a whole number of USD")
  .positive("monthlyBudgetUsd must be more than 0")
  .describe("the stack's monthly budget in whole USD, > 0");
