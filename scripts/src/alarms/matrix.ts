import type { PlanFile, PlanResource } from "../plan/plan-file";

/**
 * The alarm matrix: every hop of the data path, derived from the planned resources (not from the
 * alarms), and the alarms that cover it for failure and for silence. An alarm counts only when it
 * notifies the stack's alarm topic (lake-storage `alarmTopicArn`) with its actions enabled, and
 * names the hop's resource in its dimensions or event pattern. A hop whose silence shows up only
 * downstream (a crawl that finds nothing, an AppFlow run with no rows) is covered by the silence
 * alarm of the job that reads it, shown as "via".
 */

export type HopKind = "lambda" | "firehose" | "dms" | "appflow" | "aurora" | "crawler" | "job";

export interface Hop {
  id: string;
  kind: HopKind;
  layer: string;
  /** Physical name (function, stream, replication identifier, flow, cluster, crawler, job). */
  name: string;
  /** First key segment of the raw prefix it writes (producers) or reads (crawlers, refine jobs). */
  writes?: string;
  reads?: string;
  failure: string[];
  silence: string[];
  /** Jobs only: the alarm on a batch failing its table's data-quality ruleset. */
  quality: string[];
  /** Titles of the dashboard widgets that chart one of its metrics (none for a hop no metric names). */
  dashboard: string[];
}

export interface AlarmMatrix {
  stack: string;
  hops: Hop[];
  /** One line per hop without an alarm for failure or for silence. */
  uncovered: string[];
}

type Inputs = Record<string, unknown>;
type Kind = "failure" | "silence";

/** Which metric says what about which hop: namespace/metric -> kind, hop kind, dimension naming it. */
const METRICS: Record<string, { kind: Kind; hop: HopKind; dimension: string }> = {
  "AWS/Lambda/Errors": { kind: "failure", hop: "lambda", dimension: "FunctionName" },
  "AWS/Lambda/Throttles": { kind: "failure", hop: "lambda", dimension: "FunctionName" },
  "AWS/Lambda/IteratorAge": { kind: "silence", hop: "lambda", dimension: "FunctionName" },
  "AWS/Firehose/DeliveryToS3.Success": { kind: "failure", hop: "firehose", dimension: "DeliveryStreamName" },
  "AWS/Firehose/FailedConversion.Records": {
    kind: "failure",
    hop: "firehose",
    dimension: "DeliveryStreamName",
  },
  "AWS/Firehose/DeliveryToS3.DataFreshness": {
    kind: "silence",
    hop: "firehose",
    dimension: "DeliveryStreamName",
  },
  // A Serverless replication's identifier; a task's is resolved from ReplicationTaskIdentifier below.
  "AWS/DMS/CDCLatencySource": { kind: "silence", hop: "dms", dimension: "ReplicationConfigIdentifier" },
  "AWS/DMS/CDCLatencyTarget": { kind: "silence", hop: "dms", dimension: "ReplicationConfigIdentifier" },
  "AWS/RDS/ServerlessDatabaseCapacity": { kind: "failure", hop: "aurora", dimension: "DBClusterIdentifier" },
  "Glue/glue.driver.aggregate.recordsRead": { kind: "silence", hop: "job", dimension: "JobName" },
};

/** The dimension that names a hop in a namespace's metrics (a dashboard widget charts any of them). */
const CHARTED: Record<string, { hop: HopKind; dimension: string }> = {
  "AWS/Lambda": { hop: "lambda", dimension: "FunctionName" },
  "AWS/Firehose": { hop: "firehose", dimension: "DeliveryStreamName" },
  "AWS/DMS": { hop: "dms", dimension: "ReplicationConfigIdentifier" },
  "AWS/RDS": { hop: "aurora", dimension: "DBClusterIdentifier" },
  Glue: { hop: "job", dimension: "JobName" },
};

const lastSegment = (arnOrName: string) => arnOrName.split(/[:/]/).pop() ?? arnOrName;
/** `s3://bucket/aurora-cdc/x/` or `aurora-cdc/table=...` -> `aurora-cdc`. */
const firstKeySegment = (path: string) => path.replace(/^s3:\/\/[^/]+\//, "").split("/")[0] ?? "";

export function computeAlarmMatrix(stack: string, plans: PlanFile[]): AlarmMatrix {
  const resources = plans.flatMap((p) => p.resources.map((r) => ({ ...r, layer: p.layer })));
  const topic = plans.find((p) => p.layer === "lake-storage")?.outputs.alarmTopicArn;
  if (typeof topic !== "string")
    throw new Error("alarm matrix: the plan has no lake-storage output alarmTopicArn");
  const ofType = (type: string) => resources.filter((r) => r.type === type);

  const hops: Hop[] = [];
  const hop = (kind: HopKind, r: PlanResource & { layer: string }, name: string, extra: Partial<Hop> = {}) =>
    hops.push({
      id: `${kind} ${name}`,
      kind,
      layer: r.layer,
      name,
      failure: [],
      silence: [],
      quality: [],
      dashboard: [],
      ...extra,
    });
  const dlqToFunction = new Map<string, string>();
  for (const r of ofType("aws:lambda/eventSourceMapping:EventSourceMapping")) {
    const fn = lastSegment(String(r.inputs.functionName));
    const dlq = (r.inputs.destinationConfig as { onFailure?: { destinationArn?: string } } | undefined)
      ?.onFailure?.destinationArn;
    if (dlq) dlqToFunction.set(lastSegment(dlq), fn);
    hop("lambda", r, fn);
  }
  for (const r of ofType("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream")) {
    const s3 = r.inputs.extendedS3Configuration as { prefix?: string } | undefined;
    hop("firehose", r, String(r.inputs.name), s3?.prefix ? { writes: firstKeySegment(s3.prefix) } : {});
  }
  const dmsFolders = ofType("aws:dms/s3Endpoint:S3Endpoint").map((e) => String(e.inputs.bucketFolder ?? ""));
  // A Serverless replication, or a task on an instance (named by its user-given id; its metrics
  // carry its resource id, the ARN's last segment, and its instance's id).
  const replications = [
    ...ofType("aws:dms/replicationConfig:ReplicationConfig").map((r) => ({
      r,
      name: String(r.inputs.replicationConfigIdentifier),
    })),
    ...ofType("aws:dms/replicationTask:ReplicationTask").map((r) => ({
      r,
      name: String(r.inputs.replicationTaskId),
    })),
  ];
  for (const { r, name } of replications) {
    // The S3 endpoint's ARN is unknown in a plan, so the replication's folder is the stack's one S3 target.
    hop("dms", r, name, {
      ...(dmsFolders.length === 1 ? { writes: firstKeySegment(dmsFolders[0] as string) } : {}),
    });
  }
  const replicationByArn = new Map(replications.map(({ r, name }) => [r.arn, name]));
  /** The task a DMS metric's dimensions name: its instance's id and its ARN's last segment. */
  const taskOf = (dims: Record<string, string>) => {
    const task = ofType("aws:dms/replicationTask:ReplicationTask").find(
      (t) => typeof t.arn === "string" && lastSegment(t.arn) === dims.ReplicationTaskIdentifier,
    );
    const instance = ofType("aws:dms/replicationInstance:ReplicationInstance").find(
      (x) => x.arn === task?.inputs.replicationInstanceArn,
    );
    return task && instance?.inputs.replicationInstanceId === dims.ReplicationInstanceIdentifier
      ? String(task.inputs.replicationTaskId)
      : undefined;
  };
  for (const r of ofType("aws-native:appflow:Flow")) {
    const dest = (
      r.inputs.destinationFlowConfigList as
        | { destinationConnectorProperties?: { s3?: { bucketPrefix?: string } } }[]
        | undefined
    )?.[0];
    const prefix = dest?.destinationConnectorProperties?.s3?.bucketPrefix;
    hop("appflow", r, String(r.inputs.flowName), prefix ? { writes: firstKeySegment(prefix) } : {});
  }
  for (const r of ofType("aws:rds/cluster:Cluster")) {
    if (r.inputs.serverlessv2ScalingConfiguration) hop("aurora", r, String(r.inputs.clusterIdentifier));
  }
  for (const r of ofType("aws:glue/crawler:Crawler")) {
    const path = (r.inputs.s3Targets as { path?: string }[] | undefined)?.[0]?.path;
    hop("crawler", r, String(r.inputs.name), path ? { reads: firstKeySegment(path) } : {});
  }
  for (const r of ofType("aws:glue/job:Job")) {
    const source = (r.inputs.defaultArguments as Inputs | undefined)?.["--source_path"];
    hop(
      "job",
      r,
      String(r.inputs.name),
      typeof source === "string" ? { reads: firstKeySegment(source) } : {},
    );
  }
  const find = (kind: HopKind, name: string) => hops.find((h) => h.kind === kind && h.name === name);

  // Metric alarms on the topic.
  for (const r of ofType("aws:cloudwatch/metricAlarm:MetricAlarm")) {
    const i = r.inputs;
    if (!notifies(i.alarmActions, topic) || i.actionsEnabled === false) continue;
    const name = String(i.name);
    const dims = (i.dimensions ?? {}) as Record<string, string>;
    if (i.namespace === "AWS/SQS" && i.metricName === "ApproximateNumberOfMessagesVisible") {
      const fn = dlqToFunction.get(String(dims.QueueName));
      const h = fn ? find("lambda", fn) : undefined;
      if (h) h.failure.push(name);
      continue;
    }
    const m = METRICS[`${i.namespace}/${i.metricName}`];
    const key = m?.hop === "dms" && dims.ReplicationTaskIdentifier ? taskOf(dims) : dims[m?.dimension ?? ""];
    const h = m && key ? find(m.hop, String(key)) : undefined;
    if (m && h) h[m.kind].push(name);
  }

  // Dashboard widgets: a metric row [namespace, metric, dimension, value, ..., options?] charts the
  // hop its dimensions name, read as the alarms' are.
  for (const d of ofType("aws:cloudwatch/dashboard:Dashboard")) {
    if (typeof d.inputs.dashboardBody !== "string") continue;
    const body = JSON.parse(d.inputs.dashboardBody) as {
      widgets?: { properties?: { title?: string; metrics?: unknown[][] } }[];
    };
    for (const w of body.widgets ?? []) {
      const title = String(w.properties?.title ?? "");
      for (const row of w.properties?.metrics ?? []) {
        const [namespace, _metric, ...rest] = row.filter((x) => typeof x === "string") as string[];
        const dims: Record<string, string> = {};
        for (let i = 0; i + 1 < rest.length; i += 2) dims[rest[i] as string] = rest[i + 1] as string;
        const m = CHARTED[String(namespace)];
        const key =
          m?.hop === "dms" && dims.ReplicationTaskIdentifier ? taskOf(dims) : dims[m?.dimension ?? ""];
        const h = m && key ? find(m.hop, String(key)) : undefined;
        if (h && !h.dashboard.includes(title)) h.dashboard.push(title);
      }
    }
  }

  // EventBridge rules with a target on the topic.
  const targeted = new Set(
    ofType("aws:cloudwatch/eventTarget:EventTarget")
      .filter((t) => t.inputs.arn === topic)
      .map((t) => String(t.inputs.rule)),
  );
  for (const r of ofType("aws:cloudwatch/eventRule:EventRule")) {
    const name = String(r.inputs.name);
    if (!targeted.has(name) || typeof r.inputs.eventPattern !== "string") continue;
    const pattern = JSON.parse(r.inputs.eventPattern) as Inputs;
    for (const branch of branches(pattern)) {
      const source = (branch.source ?? pattern.source) as string[] | undefined;
      const detail = (branch.detail ?? {}) as Record<string, unknown[]>;
      if (source?.includes("aws.glue")) {
        const states = (detail.state ?? []) as string[];
        for (const job of (detail.jobName ?? []) as string[])
          if (states.includes("FAILED") && states.includes("TIMEOUT")) find("job", job)?.failure.push(name);
        for (const crawler of (detail.crawlerName ?? []) as string[])
          if (states.includes("Failed")) find("crawler", crawler)?.failure.push(name);
      }
      if (source?.includes("aws.glue-dataquality")) {
        // A failed rule of a job's evaluation (detail.context.jobName; rulesFailed > 0).
        const types = (branch["detail-type"] ?? pattern["detail-type"] ?? []) as string[];
        const context = (detail.context ?? {}) as unknown as Record<string, string[]>;
        const failed = JSON.stringify(detail.rulesFailed ?? null) === JSON.stringify([{ numeric: [">", 0] }]);
        if (types.includes("Data Quality Evaluation Results Available") && failed)
          for (const job of context.jobName ?? []) find("job", job)?.quality.push(name);
      }
      if (source?.includes("aws.dms")) {
        for (const arn of (branch.resources ?? pattern.resources ?? []) as string[]) {
          const replication = replicationByArn.get(arn);
          if (replication) find("dms", replication)?.failure.push(name);
        }
      }
      if (source?.includes("aws.appflow")) {
        for (const flow of (detail["flow-name"] ?? []) as string[]) {
          const h = find("appflow", flow);
          if (h && !h.failure.includes(name)) h.failure.push(name);
        }
      }
    }
  }

  // Silence seen downstream.
  const own = new Map(hops.map((h) => [h.id, [...h.silence]]));
  const ownSilence = (h: Hop) => own.get(h.id) ?? [];
  for (const h of hops) {
    const via: string[] = [];
    if (h.kind === "crawler") {
      // jobs a conditional trigger starts when this crawler succeeds, and jobs reading its prefix
      const started = ofType("aws:glue/trigger:Trigger")
        .filter((t) =>
          (
            (t.inputs.predicate as { conditions?: { crawlerName?: string }[] } | undefined)?.conditions ?? []
          ).some((c) => c.crawlerName === h.name),
        )
        .flatMap((t) => ((t.inputs.actions ?? []) as { jobName?: string }[]).map((a) => a.jobName));
      for (const j of hops.filter(
        (x) => x.kind === "job" && (started.includes(x.name) || x.reads === h.reads),
      ))
        via.push(...ownSilence(j).map((a) => `${a} (via ${j.name})`));
      // ... and the producer writing it: nothing new to find because nothing arrived
      for (const p of hops.filter((x) => x.writes !== undefined && x.writes === h.reads))
        via.push(...ownSilence(p).map((a) => `${a} (via ${p.name})`));
    }
    if (h.kind === "appflow")
      for (const j of hops.filter((x) => x.kind === "job" && x.reads === h.writes))
        via.push(...ownSilence(j).map((a) => `${a} (via ${j.name})`));
    if (h.kind === "aurora")
      // DMS reads the cluster's WAL: its source latency is the cluster's changes not reaching the lake.
      for (const d of hops.filter((x) => x.kind === "dms"))
        via.push(...ownSilence(d).map((a) => `${a} (via ${d.name})`));
    h.silence.push(...via);
  }

  const missing = (h: Hop) =>
    [
      h.failure.length === 0 ? "failure" : "",
      h.silence.length === 0 ? "silence" : "",
      h.kind === "job" && h.quality.length === 0 ? "data quality" : "",
    ].filter(Boolean);
  const uncovered = hops
    .filter((h) => missing(h).length > 0)
    .map((h) => `${h.layer}: ${h.id} has no alarm on the alarm topic for ${missing(h).join(" or ")}`);
  return { stack, hops, uncovered };
}

function notifies(actions: unknown, topic: string): boolean {
  return Array.isArray(actions) && actions.includes(topic);
}

/** The pattern's `$or` branches (each inheriting the top level), or the pattern itself. */
function branches(pattern: Inputs): Inputs[] {
  const or = pattern.$or;
  return Array.isArray(or) ? (or as Inputs[]).map((b) => ({ ...pattern, ...b })) : [pattern];
}

/** The alarm-matrix section of summary.md. */
export function renderAlarmMatrix(matrix: AlarmMatrix): string {
  const lines = [
    "## Alarm matrix (every hop, failure and silence, on the alarm topic)",
    "",
    "| layer | hop | failure | silence | data quality | dashboard |",
    "|---|---|---|---|---|---|",
  ];
  const cell = (names: string[]) => (names.length ? names.map((n) => `\`${n}\``).join(", ") : "**none**");
  for (const h of matrix.hops)
    lines.push(
      `| ${h.layer} | ${h.id} | ${cell(h.failure)} | ${cell(h.silence)} | ${h.kind === "job" ? cell(h.quality) : "n/a"} | ${h.dashboard.length ? "charted" : "not charted"} |`,
    );
  lines.push(
    "",
    matrix.uncovered.length === 0
      ? `Every one of the ${matrix.hops.length} hops has an alarm for failure and for silence, and every job one for data quality.`
      : `**${matrix.uncovered.length} hop(s) uncovered**: ${matrix.uncovered.join("; ")}`,
    "",
  );
  return lines.join("\n");
}
