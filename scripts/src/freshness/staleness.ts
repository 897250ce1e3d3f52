import type { PlanFile, PlanResource } from "../plan/plan-file";
import { scheduledWaitMinutes, scheduleMaxGapMinutes } from "./schedule";

/**
 * Worst-case staleness of every refined and current table, and of every QuickSight data set over
 * them, computed from the planned resources alone: how long a change at the source can take, on a
 * healthy path, until a reader sees it. Each hop is a buffer, a batch, a schedule wait or a run
 * bounded by its timeout. Retries are not counted: a failed run alarms instead.
 */

/**
 * Durations no planned setting bounds, stated as assumptions (printed with every figure). Each is
 * the point where a silence or duration alarm of the hop takes over.
 */
export const ASSUMED_MINUTES = {
  /** A crawl of one raw prefix (Glue crawlers have no timeout setting). */
  crawl: 10,
  /** DMS reading a committed change from the source's WAL (CDCLatencySource on a healthy task). */
  dmsCapture: 5,
  /** One AppFlow run of the GA4 flow (AppFlow has no run timeout setting). */
  appflowRun: 15,
  /** One SPICE ingestion of a report data set. */
  spiceIngestion: 15,
} as const;

export interface Hop {
  /** What the time is spent on. */
  hop: string;
  /** The planned resource that sets it (type name), or "assumed". */
  source: string;
  minutes: number;
}

export interface TableFreshness {
  /** Dataset or entity key (transformation's refinedTables / icebergTables). */
  key: string;
  table: string;
  kind: "refined" | "current";
  target?: number;
  hops: Hop[];
  minutes: number;
}

export interface DataSetFreshness {
  dataSet: string;
  tables: string[];
  importMode: string;
  /** The slowest table's hops, then the data set's own. */
  hops: Hop[];
  /** The data set's own lag: SPICE refresh interval and ingestion (none for direct query). */
  ownHops: Hop[];
  /** Slowest table read plus the data set's own lag: what the dashboard reader sees. */
  minutes: number;
  target?: number;
  /** Set when the data set cannot be right however fresh its tables are (e.g. a too-short lookback). */
  problem?: string;
}

export interface FreshnessReport {
  stack: string;
  tables: TableFreshness[];
  dataSets: DataSetFreshness[];
  /** One line per target the plan cannot meet. */
  failures: string[];
}

const sum = (hops: Hop[]) => hops.reduce((n, h) => n + h.minutes, 0);
const round = (n: number) => Math.round(n * 100) / 100;

export function computeFreshness(stack: string, plans: PlanFile[]): FreshnessReport {
  const model = new PlanModel(plans);
  const tables = model.tables();
  const dataSets = model.dataSets(tables);
  const failures: string[] = [];
  for (const t of tables) {
    if (t.target !== undefined && t.minutes > t.target)
      failures.push(
        `${t.key} (${t.table}): worst case ${round(t.minutes)} min in the lake exceeds its target of ${t.target} min (${hopText(t.hops)})`,
      );
  }
  for (const d of dataSets) {
    if (d.problem) failures.push(`QuickSight data set ${d.dataSet}: ${d.problem}`);
    if (d.target !== undefined && d.minutes > d.target)
      failures.push(
        `QuickSight data set ${d.dataSet} (${d.tables.join(", ")}): worst case ${round(d.minutes)} min on the dashboard exceeds the target of ${d.target} min (${hopText(d.hops)})`,
      );
  }
  return { stack, tables, dataSets, failures };
}

export const hopText = (hops: Hop[]) => hops.map((h) => `${h.hop} ${round(h.minutes)}`).join(" + ");

type Inputs = Record<string, unknown>;

/** Read access to the planned resources the model follows, failing loudly on what it cannot find. */
class PlanModel {
  private readonly resources: PlanResource[];
  private readonly outputs: Record<string, Record<string, unknown>>;

  constructor(plans: PlanFile[]) {
    this.resources = plans.flatMap((p) => p.resources);
    this.outputs = Object.fromEntries(plans.map((p) => [p.layer, p.outputs]));
  }

  private ofType(type: string): PlanResource[] {
    return this.resources.filter((r) => r.type === type);
  }

  private output<T>(layer: string, key: string): T {
    const value = this.outputs[layer]?.[key];
    if (value === undefined) throw new Error(`freshness: the plan has no ${layer} output "${key}"`);
    return value as T;
  }

  tables(): TableFreshness[] {
    const refined = this.output<Record<string, string>>("transformation", "refinedTables");
    const current = this.output<Record<string, string>>("transformation", "icebergTables");
    // Targets are optional so that an older plan (a pull request's base) still reads.
    const targets = (this.outputs.transformation?.freshnessTargetMinutes ?? {}) as Record<string, number>;
    const rows: TableFreshness[] = [];
    for (const [key, table] of Object.entries(refined)) {
      const hops = this.refineHops(table);
      rows.push({ key, table, kind: "refined", target: targets[key], hops, minutes: sum(hops) });
    }
    for (const [key, table] of Object.entries(current)) {
      const hops = this.mergeHops(key);
      rows.push({ key, table, kind: "current", target: targets[key], hops, minutes: sum(hops) });
    }
    return rows;
  }

  /** Raw -> refined: the producer's hops, then the workflow that crawls and runs the refine job. */
  private refineHops(table: string): Hop[] {
    const job = this.ofType("aws:glue/job:Job").find((j) => args(j)["--target_table"] === table);
    if (!job)
      throw new Error(`freshness: no planned Glue job writes the refined table ${table} (--target_table)`);
    const sourcePath = String(args(job)["--source_path"]);
    const start = this.ofType("aws:glue/trigger:Trigger").find(
      (t) => t.inputs.type === "CONDITIONAL" && actions(t).some((a) => a.jobName === jobName(job)),
    );
    if (!start) return [...this.producerHops(sourcePath), ...this.scheduledJobHops(job)];
    const workflow = String(start.inputs.workflowName);
    const steps = this.ofType("aws:glue/trigger:Trigger").filter(
      (t) => t.inputs.workflowName === workflow && t.inputs.type === "CONDITIONAL",
    );
    const crawlFirst = conditions(start).some((c) => c.crawlerName !== undefined);
    const stepRun = (t: PlanResource) =>
      (conditions(t).some((c) => c.crawlerName !== undefined) ? ASSUMED_MINUTES.crawl : 0) +
      Math.max(...actions(t).map((a) => this.jobTimeout(String(a.jobName))));
    // One workflow run at a time: the next run starts only after every step of this one ended.
    const workflowRun = Math.max(...steps.map(stepRun));
    const scheduled = this.ofType("aws:glue/trigger:Trigger").find(
      (t) => t.inputs.workflowName === workflow && t.inputs.type !== "CONDITIONAL",
    );
    if (!scheduled) throw new Error(`freshness: the Glue workflow ${workflow} has no starting trigger`);
    const period = this.triggerPeriod(scheduled);
    return [
      ...this.producerHops(sourcePath),
      {
        hop: `workflow ${workflow} start`,
        source: "aws:glue/trigger:Trigger",
        minutes: scheduledWaitMinutes(period, workflowRun),
      },
      ...(crawlFirst ? [{ hop: "crawl", source: "assumed", minutes: ASSUMED_MINUTES.crawl }] : []),
      {
        hop: `job ${jobName(job)} timeout`,
        source: "aws:glue/job:Job",
        minutes: this.jobTimeout(jobName(job)),
      },
    ];
  }

  /** A CDC entity: the producer's hops, then the merge job that reads it from its manifest. */
  private mergeHops(entity: string): Hop[] {
    for (const job of this.ofType("aws:glue/job:Job")) {
      const manifestPath = args(job)["--manifest_path"];
      if (typeof manifestPath !== "string") continue;
      const object = this.ofType("aws:s3/bucketObjectv2:BucketObjectv2").find(
        (o) => manifestPath === `s3://${o.inputs.bucket}/${o.inputs.key}`,
      );
      if (!object) throw new Error(`freshness: no planned S3 object is the manifest ${manifestPath}`);
      const manifest = JSON.parse(String(object.inputs.content)) as {
        entities: { name: string; sourcePath: string }[];
      };
      const e = manifest.entities.find((x) => x.name === entity);
      if (e) return [...this.producerHops(e.sourcePath), ...this.scheduledJobHops(job)];
    }
    throw new Error(`freshness: no planned merge job manifest names the entity ${entity}`);
  }

  /** A job started by its own trigger: the wait for a start that is not refused, then its timeout. */
  private scheduledJobHops(job: PlanResource): Hop[] {
    const name = jobName(job);
    const trigger = this.ofType("aws:glue/trigger:Trigger").find((t) =>
      actions(t).some((a) => a.jobName === name),
    );
    if (!trigger) throw new Error(`freshness: no planned Glue trigger starts the job ${name}`);
    const timeout = this.jobTimeout(name);
    return [
      {
        hop: `trigger ${trigger.inputs.name} start`,
        source: "aws:glue/trigger:Trigger",
        minutes: scheduledWaitMinutes(this.triggerPeriod(trigger), timeout),
      },
      { hop: `job ${name} timeout`, source: "aws:glue/job:Job", minutes: timeout },
    ];
  }

  /** Minutes between starts: a scheduled trigger's cron, or an event trigger's batch window. */
  private triggerPeriod(trigger: PlanResource): number {
    const i = trigger.inputs;
    if (i.type === "SCHEDULED") return scheduleMaxGapMinutes(String(i.schedule));
    if (i.type === "EVENT") {
      // Glue EventBatchingCondition: BatchWindow defaults to 900 seconds (AWS Glue API, EventBatchingCondition).
      const batching = i.eventBatchingConditions as { batchWindow?: number }[] | undefined;
      return (batching?.[0]?.batchWindow ?? 900) / 60;
    }
    throw new Error(`freshness: cannot model the start of Glue trigger ${i.name} (type ${String(i.type)})`);
  }

  private jobTimeout(name: string): number {
    const job = this.ofType("aws:glue/job:Job").find((j) => jobName(j) === name);
    if (!job) throw new Error(`freshness: no planned Glue job ${name}`);
    // Glue's default job timeout is 2880 minutes (AWS Glue API, Job.Timeout).
    return Number(job.inputs.timeout ?? 2880);
  }

  /** How the files under `path` get there: exactly one planned producer writes below it. */
  private producerHops(path: string): Hop[] {
    const found: Hop[][] = [];
    for (const stream of this.ofType("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream")) {
      const s3 = stream.inputs.extendedS3Configuration as Inputs | undefined;
      if (!s3) continue;
      const bucket = String(s3.bucketArn).replace(/^arn:aws[a-z-]*:s3:::/, "");
      if (!overlaps(path, `s3://${bucket}/${staticPrefix(String(s3.prefix ?? ""))}`)) continue;
      // Firehose delivers when either buffering hint is reached; the interval bounds the wait
      // (default 300 seconds, Firehose API BufferingHints).
      const buffer = Number(s3.bufferingInterval ?? 300) / 60;
      found.push([
        ...this.lambdaFeeding(String(stream.inputs.name)),
        { hop: `Firehose ${stream.inputs.name} buffering`, source: stream.type, minutes: buffer },
      ]);
    }
    for (const endpoint of this.ofType("aws:dms/s3Endpoint:S3Endpoint")) {
      const folder = String(endpoint.inputs.bucketFolder ?? "");
      if (!overlaps(path, `s3://${endpoint.inputs.bucketName}/${folder ? `${folder}/` : ""}`)) continue;
      // DMS writes a CDC file when CdcMaxBatchInterval (default 60 s) or CdcMinFileSize is reached
      // (DMS, "Using Amazon S3 as a target": CdcMaxBatchInterval).
      const batch = Number(endpoint.inputs.cdcMaxBatchInterval ?? 60) / 60;
      found.push([
        { hop: "DMS capture", source: "assumed", minutes: ASSUMED_MINUTES.dmsCapture },
        { hop: `DMS ${endpoint.inputs.endpointId} CDC batch`, source: endpoint.type, minutes: batch },
      ]);
    }
    for (const flow of [...this.ofType("aws-native:appflow:Flow"), ...this.ofType("aws:appflow/flow:Flow")]) {
      const destinations = (flow.inputs.destinationFlowConfigList ?? []) as Inputs[];
      const writes = destinations.some((d) => {
        const s3 = (d.destinationConnectorProperties as Inputs | undefined)?.s3 as Inputs | undefined;
        return s3 && overlaps(path, `s3://${s3.bucketName}/${String(s3.bucketPrefix ?? "")}/`);
      });
      if (!writes) continue;
      const trigger = flow.inputs.triggerConfig as Inputs;
      const schedule = (trigger.triggerProperties as Inputs | undefined)?.scheduleExpression;
      if (trigger.triggerType !== "Scheduled" || typeof schedule !== "string")
        throw new Error(`freshness: cannot model the AppFlow flow ${flow.inputs.flowName} (not scheduled)`);
      found.push([
        {
          hop: `AppFlow ${flow.inputs.flowName} schedule`,
          source: flow.type,
          minutes: scheduleMaxGapMinutes(schedule),
        },
        { hop: "AppFlow run", source: "assumed", minutes: ASSUMED_MINUTES.appflowRun },
      ]);
    }
    if (found.length !== 1)
      throw new Error(
        `freshness: ${found.length === 0 ? "no planned producer writes" : `${found.length} planned producers write`} ${path}`,
      );
    return found[0] as Hop[];
  }

  /** A Lambda function that puts to this stream, with its stream batching window and timeout. */
  private lambdaFeeding(streamName: string): Hop[] {
    const fn = this.ofType("aws:lambda/function:Function").find((f) =>
      Object.values(
        ((f.inputs.environment as Inputs | undefined)?.variables ?? {}) as Record<string, unknown>,
      ).includes(streamName),
    );
    if (!fn) return [];
    const name = String(fn.inputs.name);
    const mapping = this.ofType("aws:lambda/eventSourceMapping:EventSourceMapping").find((m) => {
      const f = String(m.inputs.functionName);
      return f === name || f.endsWith(`:function:${name}`);
    });
    return [
      ...(mapping
        ? [
            {
              hop: `Lambda ${name} batching window`,
              source: mapping.type,
              minutes: Number(mapping.inputs.maximumBatchingWindowInSeconds ?? 0) / 60,
            },
          ]
        : []),
      // Lambda's default timeout is 3 seconds (Lambda API, CreateFunction Timeout).
      { hop: `Lambda ${name} timeout`, source: fn.type, minutes: Number(fn.inputs.timeout ?? 3) / 60 },
    ];
  }

  dataSets(tables: TableFreshness[]): DataSetFreshness[] {
    if (!this.outputs.analytics) return [];
    const databases = {
      refined: this.output<string>("lake-storage", "refinedDatabaseName"),
      current: this.output<string>("lake-storage", "cdcDatabaseName"),
    };
    const byQualifiedName = new Map(tables.map((t) => [`${databases[t.kind]}.${t.table}`, t]));
    // The change log's audit table is appended by the merge run after each entity's MERGE: it lags
    // as the slowest entity. Absent from an older plan (a pull request's base).
    const counts = this.outputs.transformation?.changeCountsTable;
    const entities = tables.filter((t) => t.kind === "current");
    if (typeof counts === "string" && entities.length > 0) {
      const slowest = entities.reduce((a, b) => (b.minutes > a.minutes ? b : a));
      byQualifiedName.set(`${databases.current}.${counts}`, slowest);
    }
    const schedules = this.ofType("aws:quicksight/refreshSchedule:RefreshSchedule");
    return this.ofType("aws:quicksight/dataSet:DataSet").map((ds) => {
      const name = String(ds.inputs.name ?? ds.name);
      const sql = ((ds.inputs.physicalTableMaps ?? []) as Inputs[])
        .map((m) => String((m.customSql as Inputs | undefined)?.sqlQuery ?? ""))
        .join("\n");
      const read = new Set<TableFreshness>();
      // `"db"."table"` or `"db"."table$snapshots"`: an Iceberg metadata table lags as its table.
      for (const m of sql.matchAll(/"([a-z0-9_]+)"\."([a-z0-9_]+)(?:\$[a-z_]+)?"/g)) {
        const t = byQualifiedName.get(`${m[1]}.${m[2]}`);
        if (t) read.add(t);
      }
      if (read.size === 0)
        throw new Error(
          `freshness: QuickSight data set ${name} reads no refined or current table the plan knows`,
        );
      const slowest = [...read].reduce((a, b) => (b.minutes > a.minutes ? b : a));
      const importMode = String(ds.inputs.importMode ?? "SPICE");
      const own: Hop[] = [];
      let problem: string | undefined;
      if (importMode === "SPICE") {
        const schedule = schedules.find((s) => s.inputs.dataSetId === ds.inputs.dataSetId);
        if (!schedule) {
          problem = "SPICE without a refresh schedule: the dashboard never sees new data";
        } else {
          const plan = schedule.inputs.schedule as Inputs;
          const interval = String((plan.scheduleFrequency as Inputs).interval);
          const period = QUICKSIGHT_INTERVAL_MINUTES[interval];
          if (period === undefined)
            throw new Error(`freshness: unknown QuickSight refresh interval ${interval}`);
          own.push(
            {
              hop: `SPICE ${String(plan.refreshType).toLowerCase()} every ${interval}`,
              source: schedule.type,
              minutes: period,
            },
            { hop: "SPICE ingestion", source: "assumed", minutes: ASSUMED_MINUTES.spiceIngestion },
          );
          if (plan.refreshType === "INCREMENTAL_REFRESH") {
            const lookback = lookbackMinutes(ds.inputs);
            // Rows that reach the table later than the lookback window behind the refresh are never imported.
            if (lookback === undefined)
              problem = "incremental refresh without a lookback window on the data set";
            else if (lookback < slowest.minutes + period)
              problem = `the incremental refresh looks back ${lookback} min, less than its slowest table's worst case plus one refresh interval (${round(slowest.minutes + period)} min): late rows would never be imported`;
          }
        }
      }
      const targets = [...read].map((t) => t.target).filter((t): t is number => t !== undefined);
      return {
        dataSet: name,
        tables: [...read].map((t) => t.key),
        importMode,
        hops: [...slowest.hops, ...own],
        ownHops: own,
        minutes: slowest.minutes + sum(own),
        target: targets.length > 0 ? Math.min(...targets) : undefined,
        problem,
      };
    });
  }
}

/** API_RefreshFrequency intervals as minutes (MONTHLY as its longest month). */
const QUICKSIGHT_INTERVAL_MINUTES: Record<string, number> = {
  MINUTE15: 15,
  MINUTE30: 30,
  HOURLY: 60,
  DAILY: 24 * 60,
  WEEKLY: 7 * 24 * 60,
  MONTHLY: 31 * 24 * 60,
};

const LOOKBACK_UNIT_MINUTES: Record<string, number> = { HOUR: 60, DAY: 24 * 60, WEEK: 7 * 24 * 60 };

function lookbackMinutes(inputs: Inputs): number | undefined {
  const window = (
    ((inputs.refreshProperties as Inputs | undefined)?.refreshConfiguration as Inputs | undefined)
      ?.incrementalRefresh as Inputs | undefined
  )?.lookbackWindow as Inputs | undefined;
  if (!window) return undefined;
  return Number(window.size) * (LOOKBACK_UNIT_MINUTES[String(window.sizeUnit)] ?? Number.NaN);
}

const args = (job: PlanResource) => (job.inputs.defaultArguments ?? {}) as Record<string, unknown>;
const jobName = (job: PlanResource) => String(job.inputs.name);
const actions = (t: PlanResource) => (t.inputs.actions ?? []) as { jobName?: string; crawlerName?: string }[];
const conditions = (t: PlanResource) =>
  ((t.inputs.predicate as Inputs | undefined)?.conditions ?? []) as {
    crawlerName?: string;
    jobName?: string;
  }[];

/** The part of a Firehose prefix before its first `!{...}` expression. */
const staticPrefix = (prefix: string) => prefix.split("!{")[0] as string;

/** Whether one S3 location lies within the other. */
const overlaps = (a: string, b: string) => a.startsWith(b) || b.startsWith(a);
