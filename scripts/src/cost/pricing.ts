import type { CostUsage } from "@lakehouse/contracts";
import { scheduleFiresPerDay } from "../freshness/schedule";
import type { PlanResource } from "../plan/plan-file";
import type { Runs } from "./glue-runs";
import { DAYS_PER_MONTH, HOURS_PER_MONTH as H } from "./hours";
import { type PriceKey, type PriceSnapshot, usd } from "./price-book";

/** One part of a resource's monthly cost: fixed (hours, scheduled runs) or driven by usage. */
export interface Charge {
  kind: "fixed" | "usage";
  usd: number;
  /** How it was computed, e.g. `2 AZ x 730 h x $0.011`. */
  basis: string;
  price: PriceKey;
}

export interface PricingContext {
  prices: PriceSnapshot;
  usage: CostUsage;
  /** Every resource of the stack's plan (a price may depend on another resource). */
  all: PlanResource[];
  glueRuns: Map<string, Runs>;
}

/** A resource's charges, or why it cannot be priced (listed as unpriced, never $0). */
export type Pricer = (r: PlanResource, ctx: PricingContext) => Charge[] | { unpriced: string };

const money = (n: number) => `$${n < 0.01 ? n.toPrecision(2) : n.toFixed(n < 1 ? 3 : 2)}`;
const num = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(2));

function charge(
  ctx: PricingContext,
  kind: Charge["kind"],
  price: PriceKey,
  quantity: number,
  what: string,
): Charge {
  const rate = usd(ctx.prices, price);
  return { kind, usd: quantity * rate, basis: `${what} x ${money(rate)}`, price };
}

const count = (all: PlanResource[], pred: (r: PlanResource) => boolean) => all.filter(pred).length;
const isInterfaceEndpoint = (r: PlanResource) =>
  r.type === "aws:ec2/vpcEndpoint:VpcEndpoint" && r.inputs.vpcEndpointType === "Interface";

/** DPUs of one worker, by Glue worker type (AWS Glue "Defining job properties for Spark jobs"). */
const WORKER_DPU: Record<string, number> = {
  "G.025X": 0.25,
  "G.1X": 1,
  "G.2X": 2,
  "G.4X": 4,
  "G.8X": 8,
  "G.12X": 12,
  "G.16X": 16,
};

const interfaceEndpoint: Pricer = (r, ctx) => {
  if (r.inputs.vpcEndpointType !== "Interface") return []; // gateway endpoints (S3, DynamoDB) are free
  const azs = (r.inputs.subnetIds as unknown[] | undefined)?.length ?? 0;
  if (azs === 0)
    return { unpriced: "an interface endpoint without planned subnets: its AZ count is unknown" };
  const share = ctx.usage.endpointGb / count(ctx.all, isInterfaceEndpoint);
  return [
    charge(ctx, "fixed", "vpc.interfaceEndpointHour", azs * H, `${azs} AZ x ${H} h`),
    charge(ctx, "usage", "vpc.interfaceEndpointGb", share, `${num(share)} GB`),
  ];
};

const natGateway: Pricer = (_r, ctx) => {
  const share = ctx.usage.natGb / count(ctx.all, (x) => x.type === "aws:ec2/natGateway:NatGateway");
  return [
    charge(ctx, "fixed", "vpc.natGatewayHour", H, `${H} h`),
    charge(ctx, "usage", "vpc.natGatewayGb", share, `${num(share)} GB`),
  ];
};

const elasticIp: Pricer = (_r, ctx) => [
  charge(ctx, "fixed", "vpc.publicIpv4Hour", H, `1 public IPv4 x ${H} h`),
];

/** The cluster an instance belongs to (its `clusterIdentifier` is the cluster's id). */
function clusterOf(r: PlanResource, all: PlanResource[]): PlanResource | undefined {
  const id = r.inputs.clusterIdentifier;
  return all.find(
    (c) => c.type === "aws:rds/cluster:Cluster" && (c.id === id || c.inputs.clusterIdentifier === id),
  );
}

/**
 * Whether a started DMS replication with CDC reads this cluster (a Serverless replication or a
 * task on an instance): its CDC connection keeps an instance from pausing.
 */
const dmsReads = (all: PlanResource[]) =>
  all.some(
    (x) =>
      (x.type === "aws:dms/replicationConfig:ReplicationConfig" &&
        x.inputs.startReplication === true &&
        x.inputs.replicationType !== "full-load") ||
      (x.type === "aws:dms/replicationTask:ReplicationTask" &&
        x.inputs.startReplicationTask === true &&
        x.inputs.migrationType !== "full-load"),
  );

const auroraInstance: Pricer = (r, ctx) => {
  if (r.inputs.instanceClass !== "db.serverless")
    return { unpriced: `instance class ${String(r.inputs.instanceClass)} is not in the price snapshot` };
  const cluster = clusterOf(r, ctx.all);
  const scaling = cluster?.inputs.serverlessv2ScalingConfiguration as
    | { minCapacity?: number; secondsUntilAutoPause?: number }
    | undefined;
  if (scaling?.minCapacity === undefined)
    return { unpriced: "its cluster's serverlessv2ScalingConfiguration.minCapacity is not in the plan" };
  let floor = scaling.minCapacity;
  let why = `min ${num(floor)} ACU`;
  // 0 ACU pauses only without user connections (aurora-serverless-v2-auto-pause.html); a running
  // DMS CDC task holds one, so the instance stays at the smallest running capacity.
  if (floor === 0 && dmsReads(ctx.all)) {
    floor = 0.5;
    why = "min 0 ACU, held at 0.5 ACU by DMS CDC's connection";
  }
  return [
    charge(ctx, "fixed", "rds.auroraServerlessV2AcuHour", floor * H, `${why} x ${H} h`),
    charge(
      ctx,
      "usage",
      "rds.auroraServerlessV2AcuHour",
      ctx.usage.auroraExtraAcu * H,
      `${num(ctx.usage.auroraExtraAcu)} ACU above min x ${H} h`,
    ),
  ];
};

const auroraCluster: Pricer = (r, ctx) => [
  ...(r.inputs.manageMasterUserPassword === true
    ? [charge(ctx, "fixed", "secretsmanager.secretMonth", 1, "1 RDS-managed master user secret")]
    : []),
  charge(
    ctx,
    "usage",
    "rds.auroraStorageGbMonth",
    ctx.usage.auroraStorageGb,
    `${num(ctx.usage.auroraStorageGb)} GB`,
  ),
  charge(
    ctx,
    "usage",
    "rds.auroraIoMillion",
    ctx.usage.auroraIoMillions,
    `${num(ctx.usage.auroraIoMillions)}M I/O`,
  ),
];

const dmsServerless: Pricer = (r, ctx) => {
  const compute = r.inputs.computeConfig as { minCapacityUnits?: number; multiAz?: boolean } | undefined;
  if (r.inputs.startReplication !== true) return []; // capacity is provisioned only once started
  const min = compute?.minCapacityUnits ?? 1; // DMS's default minimum (API ComputeConfig: MinCapacityUnits)
  const copies = compute?.multiAz ? 2 : 1;
  const az = copies === 2 ? " x 2 (Multi-AZ)" : "";
  return [
    charge(ctx, "fixed", "dms.serverlessDcuHour", min * copies * H, `min ${min} DCU${az} x ${H} h`),
    charge(
      ctx,
      "usage",
      "dms.serverlessDcuHour",
      ctx.usage.dmsExtraDcu * copies * H,
      `${num(ctx.usage.dmsExtraDcu)} DCU above min${az} x ${H} h`,
    ),
  ];
};

/** Instance classes in the price snapshot, and the gp2 storage each includes at no charge. */
const DMS_INSTANCE_PRICES: Record<string, { hour: PriceKey; includedGb: number }> = {
  // DMS pricing page: T3 replication instances include 50 GB of gp2 storage (unverified here).
  "dms.t3.micro": { hour: "dms.t3MicroHour", includedGb: 50 },
};

/** A provisioned replication instance: every hour it exists, doubled for Multi-AZ, and storage above what it includes. */
const dmsInstance: Pricer = (r, ctx) => {
  const cls = String(r.inputs.replicationInstanceClass);
  const known = DMS_INSTANCE_PRICES[cls];
  if (!known) return { unpriced: `replication instance class ${cls} is not in the price snapshot` };
  const copies = r.inputs.multiAz === true ? 2 : 1;
  const az = copies === 2 ? " x 2 (Multi-AZ)" : "";
  const storage = typeof r.inputs.allocatedStorage === "number" ? r.inputs.allocatedStorage : 50;
  const extraGb = Math.max(0, storage - known.includedGb);
  return [
    charge(ctx, "fixed", known.hour, copies * H, `1 ${cls}${az} x ${H} h`),
    ...(extraGb > 0
      ? [
          charge(
            ctx,
            "fixed",
            "dms.storageGbMonth",
            extraGb * copies,
            `${extraGb} GB above the ${known.includedGb} GB included${az}`,
          ),
        ]
      : []),
  ];
};

const kmsKey: Pricer = (_r, ctx) => [
  charge(ctx, "fixed", "kms.keyMonth", 1, "1 key"),
  charge(
    ctx,
    "usage",
    "kms.requests10k",
    ctx.usage.kmsRequestsThousands / 10,
    `${num(ctx.usage.kmsRequestsThousands)}k requests / 10k`,
  ),
];

const secret: Pricer = (_r, ctx) => [charge(ctx, "fixed", "secretsmanager.secretMonth", 1, "1 secret")];

const metricAlarm: Pricer = (r, ctx) => {
  const metrics = (r.inputs.metricQueries as unknown[] | undefined)?.length ?? 1;
  return [charge(ctx, "fixed", "cloudwatch.alarmMonth", metrics, `${metrics} alarm metric(s)`)];
};

const logGroup: Pricer = (r, ctx) => {
  const gb = ctx.usage.logGroupIngestGb;
  // Stored volume at steady state: a month's ingest times the months kept (never-expiring: a year).
  const months = Math.min(((r.inputs.retentionInDays as number | undefined) ?? 365) / 30, 12);
  return [
    charge(ctx, "usage", "logs.ingestGb", gb, `${num(gb)} GB ingested`),
    charge(ctx, "usage", "logs.storageGbMonth", gb * months, `${num(gb * months)} GB stored`),
  ];
};

const glueJob: Pricer = (r, ctx) => {
  const workerType = r.inputs.workerType as string | undefined;
  const dpu =
    workerType !== undefined
      ? (WORKER_DPU[workerType] ?? Number.NaN) * ((r.inputs.numberOfWorkers as number | undefined) ?? 0)
      : ((r.inputs.maxCapacity as number | undefined) ?? Number.NaN);
  if (!Number.isFinite(dpu) || dpu <= 0)
    return {
      unpriced: `worker type ${String(workerType)} x ${String(r.inputs.numberOfWorkers)} has no DPU figure`,
    };
  const flex = r.inputs.executionClass === "FLEX";
  const price: PriceKey = flex ? "glue.flexDpuHour" : "glue.etlDpuHour";
  const runs = ctx.glueRuns.get(r.inputs.name as string) ?? { scheduled: 0, event: 0 };
  const u = ctx.usage;
  const idle = runs.scheduled * (u.jobIdleRunMinutes / 60) * dpu;
  const dataExtra =
    runs.scheduled * u.jobRunsWithData * Math.max(u.jobDataRunMinutes - u.jobIdleRunMinutes, 0);
  const eventMinutes = runs.event * u.jobDataRunMinutes;
  const label = `${num(dpu)} DPU${flex ? " Flex" : ""}`;
  return [
    charge(
      ctx,
      "fixed",
      price,
      idle,
      `${Math.round(runs.scheduled)} scheduled runs x ${num(u.jobIdleRunMinutes)} min x ${label}`,
    ),
    charge(
      ctx,
      "usage",
      price,
      ((dataExtra + eventMinutes) / 60) * dpu,
      `${num(dataExtra + eventMinutes)} min with data (${Math.round(runs.event)} event runs) x ${label}`,
    ),
  ];
};

const crawler: Pricer = (r, ctx) => {
  const runs = ctx.glueRuns.get(r.inputs.name as string) ?? { scheduled: 0, event: 0 };
  const u = ctx.usage;
  const dpuHours = (n: number) => n * (u.crawlMinutes / 60) * u.crawlerDpu;
  const what = (n: number, why: string) =>
    `${Math.round(n)} ${why} crawls x ${num(u.crawlMinutes)} min x ${num(u.crawlerDpu)} DPU`;
  return [
    charge(ctx, "fixed", "glue.crawlerDpuHour", dpuHours(runs.scheduled), what(runs.scheduled, "scheduled")),
    charge(ctx, "usage", "glue.crawlerDpuHour", dpuHours(runs.event), what(runs.event, "event")),
  ];
};

const tableOptimizer: Pricer = (_r, ctx) => [
  charge(
    ctx,
    "usage",
    "glue.optimizerDpuHour",
    ctx.usage.optimizerDpuHours,
    `${num(ctx.usage.optimizerDpuHours)} DPU-h`,
  ),
];

const bucket: Pricer = (_r, ctx) => [
  charge(
    ctx,
    "usage",
    "s3.standardGbMonth",
    ctx.usage.bucketStorageGb,
    `${num(ctx.usage.bucketStorageGb)} GB`,
  ),
  charge(
    ctx,
    "usage",
    "s3.putThousand",
    ctx.usage.bucketPutThousands,
    `${num(ctx.usage.bucketPutThousands)}k PUTs`,
  ),
];

const replication: Pricer = (_r, ctx) => [
  charge(
    ctx,
    "usage",
    "s3.interRegionGb",
    ctx.usage.replicationGb,
    `${num(ctx.usage.replicationGb)} GB replicated`,
  ),
];

const dynamodbTable: Pricer = (r, ctx) => {
  if (r.inputs.billingMode !== "PAY_PER_REQUEST")
    return { unpriced: "provisioned capacity is not in the price snapshot (on-demand tables only)" };
  const u = ctx.usage;
  const pitr = (r.inputs.pointInTimeRecovery as { enabled?: boolean } | undefined)?.enabled === true;
  return [
    charge(
      ctx,
      "usage",
      "dynamodb.writeMillion",
      u.dynamodbWriteMillions,
      `${num(u.dynamodbWriteMillions)}M writes`,
    ),
    charge(ctx, "usage", "dynamodb.storageGbMonth", u.dynamodbStorageGb, `${num(u.dynamodbStorageGb)} GB`),
    ...(pitr
      ? [
          charge(
            ctx,
            "usage",
            "dynamodb.pitrGbMonth",
            u.dynamodbStorageGb,
            `${num(u.dynamodbStorageGb)} GB PITR`,
          ),
        ]
      : []),
  ];
};

const lambdaFunction: Pricer = (r, ctx) => {
  const u = ctx.usage;
  const memoryGb = ((r.inputs.memorySize as number | undefined) ?? 128) / 1024;
  const gbSeconds = u.lambdaInvocationMillions * 1e6 * (u.lambdaAverageMs / 1000) * memoryGb;
  return [
    charge(
      ctx,
      "usage",
      "lambda.requestMillion",
      u.lambdaInvocationMillions,
      `${num(u.lambdaInvocationMillions)}M requests`,
    ),
    charge(ctx, "usage", "lambda.gbSecond", gbSeconds, `${Math.round(gbSeconds)} GB-s`),
  ];
};

const firehose: Pricer = (r, ctx) => {
  const gb = ctx.usage.firehoseGb;
  const s3 = r.inputs.extendedS3Configuration as
    | { dataFormatConversionConfiguration?: { enabled?: boolean } }
    | undefined;
  const converts = s3?.dataFormatConversionConfiguration?.enabled === true;
  return [
    charge(ctx, "usage", "firehose.ingestGb", gb, `${num(gb)} GB`),
    ...(converts
      ? [charge(ctx, "usage", "firehose.formatConversionGb", gb, `${num(gb)} GB to Parquet`)]
      : []),
  ];
};

const appflowFlow: Pricer = (r, ctx) => {
  const trigger = r.inputs.triggerConfig as
    | { triggerType?: string; triggerProperties?: { scheduleExpression?: string } }
    | undefined;
  const schedule = trigger?.triggerProperties?.scheduleExpression;
  if (trigger?.triggerType === "Scheduled" && !schedule)
    return { unpriced: "a scheduled flow without a schedule" };
  const runs = schedule ? runsPerMonth(schedule) : 0;
  return [
    charge(ctx, "fixed", "appflow.flowRun", runs, `${Math.round(runs)} scheduled runs`),
    charge(ctx, "usage", "appflow.dataGb", ctx.usage.appflowGb, `${num(ctx.usage.appflowGb)} GB`),
  ];
};

const athenaWorkgroup: Pricer = (_r, ctx) => [
  charge(
    ctx,
    "usage",
    "athena.tbScanned",
    ctx.usage.athenaTbScanned,
    `${num(ctx.usage.athenaTbScanned)} TB scanned`,
  ),
];

const queue: Pricer = (_r, ctx) => [
  charge(
    ctx,
    "usage",
    "sqs.requestMillion",
    ctx.usage.queueRequestMillions,
    `${num(ctx.usage.queueRequestMillions)}M requests`,
  ),
];

const topic: Pricer = (_r, ctx) => [
  charge(
    ctx,
    "usage",
    "sns.publishMillion",
    ctx.usage.topicPublishMillions,
    `${num(ctx.usage.topicPublishMillions)}M publishes`,
  ),
];

const runsPerMonth = (schedule: string) => scheduleFiresPerDay(schedule) * DAYS_PER_MONTH;

/** One pricing function per billable resource type deployed here. */
export const PRICERS: Record<string, Pricer> = {
  "aws:ec2/vpcEndpoint:VpcEndpoint": interfaceEndpoint,
  "aws:ec2/natGateway:NatGateway": natGateway,
  "aws:ec2/eip:Eip": elasticIp,
  "aws:rds/clusterInstance:ClusterInstance": auroraInstance,
  "aws:rds/cluster:Cluster": auroraCluster,
  "aws:dms/replicationConfig:ReplicationConfig": dmsServerless,
  "aws:dms/replicationInstance:ReplicationInstance": dmsInstance,
  "aws:kms/key:Key": kmsKey,
  "aws:secretsmanager/secret:Secret": secret,
  "aws:cloudwatch/metricAlarm:MetricAlarm": metricAlarm,
  "aws:cloudwatch/logGroup:LogGroup": logGroup,
  "aws:glue/job:Job": glueJob,
  "aws:glue/crawler:Crawler": crawler,
  "aws:glue/catalogTableOptimizer:CatalogTableOptimizer": tableOptimizer,
  "aws:s3/bucket:Bucket": bucket,
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig": replication,
  "aws:dynamodb/table:Table": dynamodbTable,
  "aws:lambda/function:Function": lambdaFunction,
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": firehose,
  "aws-native:appflow:Flow": appflowFlow,
  "aws:athena/workgroup:Workgroup": athenaWorkgroup,
  "aws:sqs/queue:Queue": queue,
  "aws:sns/topic:Topic": topic,
};
