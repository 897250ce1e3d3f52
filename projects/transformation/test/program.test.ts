import { readFileSync } from "node:fs";
import { join } from "node:path";
import { GLUE_RESERVED_ARGUMENTS, glueFailurePattern, hashedKey } from "@lakehouse/components";
import { RAW_PREFIXES, REFINED_PREFIXES } from "@lakehouse/contracts";
import { layerFixture, MOCK_ACCOUNT_ID, type RecordedResource } from "@lakehouse/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { clusterIdentifier } from "../src/dashboard";
import { ASSETS_PREFIX, JOBS_DIR } from "../src/job-runtime";
import {
  clientEvents,
  customersCdc,
  ga4Sessions,
  ordersCdc,
  ordersCdcFor,
  renderMergeSql,
  renderRefineSql,
  renderReplaySql,
} from "../src/specs";
import { requiredArgsOf, runTransformation, type Statement, statementsOf } from "./support";

const lake = layerFixture("lake-storage", "dev");
const region = "eu-west-1";
let run: Awaited<ReturnType<typeof runTransformation>>;
const one = (type: string, name: string) => run.recorder.get(type, name);
const all = (type: string) => run.recorder.ofType(type);
const roleArn = (name: string) => `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${name}`;
const pipelineKeyArn = () => one("aws:kms/key:Key", "pipeline").state.arn as string;

beforeAll(async () => {
  run = await runTransformation("dev");
});

describe("crawlers", () => {
  const crawlers = () => all("aws:glue/crawler:Crawler");

  it("crawl every raw prefix of the ingestion contract into the raw database, one crawler each", () => {
    expect(
      crawlers()
        .map((c) => (c.inputs.s3Targets as { path: string }[])[0]?.path)
        .sort(),
    ).toEqual(
      Object.values(RAW_PREFIXES)
        .map((p) => `s3://${lake.rawBucketName}/${p}`)
        .sort(),
    );
    for (const c of crawlers()) expect(c.inputs.databaseName).toBe(lake.rawDatabaseName);
  });

  it("run with the security configuration and Lake Formation credentials, never drop tables, combine compatible schemas", () => {
    for (const c of crawlers()) {
      expect(c.inputs.securityConfiguration).toBe("lakehouse-dev-glue");
      expect(c.inputs.role).toBe(roleArn("lakehouse-dev-glue-crawlers"));
      expect(c.inputs.lakeFormationConfiguration).toEqual({ useLakeFormationCredentials: true });
      expect(c.inputs.schemaChangePolicy).toEqual({
        updateBehavior: "UPDATE_IN_DATABASE",
        deleteBehavior: "LOG",
      });
      expect(c.inputs.recrawlPolicy).toEqual({ recrawlBehavior: "CRAWL_EVERYTHING" });
      // Firehose error output sits inside the source prefix: never crawled as data.
      expect((c.inputs.s3Targets as { exclusions: string[] }[])[0]?.exclusions).toContain("errors/**");
      const conf = JSON.parse(c.inputs.configuration as string);
      expect(conf.Grouping.TableGroupingPolicy).toBe("CombineCompatibleSchemas");
    }
  });

  it("find one table per dataset: DMS tables sit two folders below their prefix", () => {
    const level = (name: string) =>
      JSON.parse(one("aws:glue/crawler:Crawler", name).inputs.configuration as string).Grouping
        .TableLevelConfiguration;
    expect(level("raw-events")).toBe(2);
    expect(level("raw-dynamodb-cdc")).toBe(2);
    expect(level("raw-aurora-cdc")).toBe(4);
  });

  it("run on the raw crawl schedule, each on its own: no job waits for a crawl", () => {
    for (const name of ["raw-events", "raw-google-analytics", "raw-dynamodb-cdc", "raw-aurora-cdc"])
      expect(one("aws:glue/crawler:Crawler", name).inputs.schedule).toBe("cron(45 2 * * ? *)");
    const started = all("aws:glue/trigger:Trigger").flatMap(
      (t) => t.inputs.actions as { crawlerName?: string }[],
    );
    expect(started.filter((a) => a.crawlerName !== undefined)).toEqual([]);
  });
});

describe("Glue security configuration", () => {
  it("encrypts job output with the lake's data key, logs and bookmarks with the pipeline key", () => {
    const enc = one("aws:glue/securityConfiguration:SecurityConfiguration", "glue").inputs
      .encryptionConfiguration;
    expect(enc).toEqual({
      s3Encryption: { s3EncryptionMode: "SSE-KMS", kmsKeyArn: lake.dataKeyArn },
      cloudwatchEncryption: { cloudwatchEncryptionMode: "SSE-KMS", kmsKeyArn: pipelineKeyArn() },
      jobBookmarksEncryption: { jobBookmarksEncryptionMode: "CSE-KMS", kmsKeyArn: pipelineKeyArn() },
    });
  });

  it("lets the Glue roles use the pipeline key directly (bookmarks) and CloudWatch Logs only for Glue log groups", () => {
    const statements = statementsOf({
      inputs: { policy: one("aws:kms/key:Key", "pipeline").inputs.policy },
    } as never);
    const bookmarks = statements.find((s) => s.Sid === "GlueRolesEncryptBookmarks") as Statement & {
      Principal: { AWS: string[] };
    };
    expect(bookmarks.Principal.AWS.sort()).toEqual(
      [roleArn("lakehouse-dev-glue-crawlers"), roleArn("lakehouse-dev-glue-jobs")].sort(),
    );
    const logs = statements.find((s) => s.Sid === "CloudWatchLogsEncryptsGlueLogs");
    expect(logs?.Condition).toEqual({
      ArnLike: {
        "kms:EncryptionContext:aws:logs:arn": [
          `arn:aws:logs:${region}:${MOCK_ACCOUNT_ID}:log-group:/aws-glue/*`,
        ],
      },
    });
  });
});

describe("jobs", () => {
  const job = (name: string) => one("aws:glue/job:Job", name).inputs;
  const args = (name: string) => job(name).defaultArguments as Record<string, string>;

  it("run Glue 5.0 with the security configuration, metrics, bookmarks, one run at a time and config sizing", () => {
    for (const name of ["refine-events", "refine-ga4-sessions", "cdc-merge"]) {
      const j = job(name);
      expect(j.glueVersion).toBe("5.0");
      expect(j.securityConfiguration).toBe("lakehouse-dev-glue");
      expect(j.roleArn).toBe(roleArn("lakehouse-dev-glue-jobs"));
      expect(j).toMatchObject({ workerType: "G.1X", numberOfWorkers: 2, timeout: 30, maxRetries: 1 });
      expect(j.executionProperty).toEqual({ maxConcurrentRuns: 1 });
      expect(args(name)).toMatchObject({
        "--job-bookmark-option": "job-bookmark-enable",
        "--enable-metrics": "true",
        "--enable-observability-metrics": "true",
      });
    }
  });

  it("log to their own KMS-encrypted log groups with the configured retention", () => {
    const prefix = args("refine-events")["--custom-logGroup-prefix"];
    expect(prefix).toBe("/aws-glue/lakehouse-dev/refine-events");
    for (const kind of ["output", "error"]) {
      const group = one("aws:cloudwatch/logGroup:LogGroup", `refine-events-${kind}`).inputs;
      expect(group).toMatchObject({
        name: `${prefix}/${kind}`,
        retentionInDays: 14,
        kmsKeyId: pipelineKeyArn(),
      });
    }
  });

  it("give only the merge job Iceberg, with the Glue catalog and SSE-KMS for Iceberg's own S3 writes", () => {
    expect(args("refine-events")["--datalake-formats"]).toBeUndefined();
    const merge = args("cdc-merge");
    expect(merge["--datalake-formats"]).toBe("iceberg");
    const conf = merge["--conf"] as string;
    expect(conf).toContain(
      "spark.sql.catalog.glue_catalog.catalog-impl=org.apache.iceberg.aws.glue.GlueCatalog",
    );
    expect(conf).toContain(
      `spark.sql.catalog.glue_catalog.warehouse=s3://${lake.refinedBucketName}/${REFINED_PREFIXES.iceberg}`,
    );
    expect(conf).toContain(`spark.sql.catalog.glue_catalog.s3.sse.key=${lake.dataKeyArn}`);
  });

  it.each([
    ["refine-events", "refine_job.py"],
    ["refine-ga4-sessions", "refine_job.py"],
    ["cdc-merge", "cdc_merge_job.py"],
  ])("%s passes exactly the arguments %s reads", (name, script) => {
    const passed = Object.keys(args(name))
      .filter((k) => !(GLUE_RESERVED_ARGUMENTS as readonly string[]).includes(k))
      .map((k) => k.replace(/^--/, ""))
      .sort();
    // JOB_NAME is supplied by Glue on every run.
    expect(passed).toEqual(
      requiredArgsOf(script)
        .filter((a) => a !== "JOB_NAME")
        .sort(),
    );
    expect(job(name).command).toMatchObject({ name: "glueetl", pythonVersion: "3" });
    expect((job(name).command as { scriptLocation: string }).scriptLocation).toMatch(
      new RegExp(
        `^s3://${lake.assetsBucketName}/${ASSETS_PREFIX}scripts/[0-9a-f]{16}/${script.replace(".", "\\.")}$`,
      ),
    );
  });

  it("refine the events prefix into the refined table's own location", () => {
    expect(args("refine-events")).toMatchObject({
      "--source_path": `s3://${lake.rawBucketName}/${RAW_PREFIXES.events}`,
      "--source_exclusions": '["**/errors/**"]',
      "--source_format": "parquet",
      "--target_database": lake.refinedDatabaseName,
      "--target_table": "client_events",
      "--partition_keys": "event_date",
    });
  });
});

describe("job files in the assets bucket", () => {
  const objects = () => all("aws:s3/bucketObjectv2:BucketObjectv2");
  const byKey = (key: string) => objects().find((o) => o.inputs.key === key) as RecordedResource;

  it("are SSE-KMS encrypted with the data key under content-hashed keys", () => {
    expect(objects().length).toBeGreaterThanOrEqual(9);
    for (const o of objects()) {
      expect(o.inputs).toMatchObject({
        bucket: lake.assetsBucketName,
        serverSideEncryption: "aws:kms",
        kmsKeyId: lake.dataKeyArn,
      });
      const key = o.inputs.key as string;
      const [folder, file] = [key.slice(0, key.lastIndexOf("/") + 1), key.slice(key.lastIndexOf("/") + 1)];
      const prefix = folder.replace(/[0-9a-f]{16}\/$/, "");
      expect(key).toBe(hashedKey(prefix, file, o.inputs.content as string));
    }
  });

  it("ship the scripts byte for byte and the SQL rendered from the specs", () => {
    const script = readFileSync(join(JOBS_DIR, "refine_job.py"), "utf8");
    expect(byKey(hashedKey(`${ASSETS_PREFIX}scripts/`, "refine_job.py", script)).inputs.content).toBe(script);
    const sqlUri = one("aws:glue/job:Job", "refine-ga4-sessions").inputs.defaultArguments as Record<
      string,
      string
    >;
    const sqlKey = (sqlUri["--sql_path"] as string).replace(`s3://${lake.assetsBucketName}/`, "");
    expect(byKey(sqlKey).inputs.content).toBe(renderRefineSql(ga4Sessions));
  });

  it("give the merge job a manifest naming each entity's changes and its MERGE into the cdc database", () => {
    const manifestUri = (
      one("aws:glue/job:Job", "cdc-merge").inputs.defaultArguments as Record<string, string>
    )["--manifest_path"] as string;
    const manifest = JSON.parse(
      byKey(manifestUri.replace(`s3://${lake.assetsBucketName}/`, "")).inputs.content as string,
    );
    expect(
      manifest.entities.map((e: { name: string; sourcePath: string }) => [e.name, e.sourcePath]),
    ).toEqual([
      ["orders", `s3://${lake.rawBucketName}/${RAW_PREFIXES.dynamodbCdc}`],
      ["customers", `s3://${lake.rawBucketName}/${RAW_PREFIXES.auroraCdc}public/customers/`],
    ]);
    const ordersSql = byKey(manifest.entities[0].sqlPath.replace(`s3://${lake.assetsBucketName}/`, "")).inputs
      .content;
    expect(ordersSql).toBe(renderMergeSql(ordersCdc, `glue_catalog.${lake.cdcDatabaseName}.orders`));
    // What a replay run (lakehouse data replay) rebuilds each table from, and which table it overwrites.
    for (const [i, spec] of [ordersCdc, customersCdc].entries()) {
      const entity = manifest.entities[i];
      expect(entity.targetTable).toBe(`glue_catalog.${lake.cdcDatabaseName}.${spec.table}`);
      expect(byKey(entity.replaySqlPath.replace(`s3://${lake.assetsBucketName}/`, "")).inputs.content).toBe(
        renderReplaySql(spec),
      );
    }
  });
});

describe("catalog tables", () => {
  it("declare refined Parquet tables with the spec's columns and the event-date partition", () => {
    const t = one("aws:glue/catalogTable:CatalogTable", "refined-events").inputs;
    expect(t).toMatchObject({
      databaseName: lake.refinedDatabaseName,
      name: "client_events",
      tableType: "EXTERNAL_TABLE",
    });
    const sd = t.storageDescriptor as {
      location: string;
      columns: { name: string }[];
      serDeInfo: { serializationLibrary: string };
    };
    expect(sd.location).toBe(`s3://${lake.refinedBucketName}/${REFINED_PREFIXES.parquet}client_events/`);
    expect(sd.columns.map((c) => c.name)).toEqual(clientEvents.columns.map((c) => c.name));
    expect(sd.serDeInfo.serializationLibrary).toBe(
      "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe",
    );
    expect(t.partitionKeys).toEqual([
      { name: "event_date", type: "date", comment: "UTC date of event_time" },
    ]);
  });

  it("declare Iceberg v2 tables in the cdc database with the spec's typed columns and a month partition", () => {
    const t = one("aws:glue/catalogTable:CatalogTable", "iceberg-orders").inputs;
    expect(t).toMatchObject({
      databaseName: lake.cdcDatabaseName,
      name: "orders",
      catalogId: MOCK_ACCOUNT_ID,
    });
    const input = (t.openTableFormatInput as { icebergInput: Record<string, unknown> }).icebergInput;
    expect(input).toMatchObject({ metadataOperation: "CREATE", version: "2" });
    const table = input.icebergTableInput as {
      location: string;
      schema: {
        fields: { id: number; name: string; type: string; required: boolean }[];
      };
      partitionSpec: { fields: unknown[] };
    };
    expect(table.location).toBe(`s3://${lake.refinedBucketName}/${REFINED_PREFIXES.iceberg}orders/`);
    const key = table.schema.fields.find((f) => f.name === "order_id");
    expect(key).toMatchObject({ id: 1, type: '"string"', required: false });
    expect(table.schema.fields.map((f) => f.name)).toEqual([
      ...ordersCdc.columns.map((c) => c.name),
      ...ordersCdc.sequence.map((s) => s.name),
      "_cdc_deleted",
    ]);
    expect(table.schema.fields.find((f) => f.name === "total_amount")?.type).toBe('"decimal(12,2)"');
    expect(table.schema.fields.find((f) => f.name === "created_at")?.type).toBe('"timestamptz"');
    expect(table.partitionSpec.fields).toEqual([
      {
        name: "created_at_month",
        sourceId: table.schema.fields.find((f) => f.name === "created_at")?.id,
        transform: "month",
        fieldId: 1000,
      },
    ]);
  });

  it("maintain each Iceberg table with compaction, snapshot retention and orphan-file removal as the optimizer role", () => {
    const optimizers = all("aws:glue/catalogTableOptimizer:CatalogTableOptimizer").filter(
      (o) => o.inputs.tableName === "customers",
    );
    expect(optimizers.map((o) => o.inputs.type).sort()).toEqual([
      "compaction",
      "orphan_file_deletion",
      "retention",
    ]);
    for (const o of optimizers) {
      expect((o.inputs.configuration as { roleArn: string }).roleArn).toBe(
        roleArn("lakehouse-dev-iceberg-optimizer"),
      );
    }
    const retention = optimizers.find((o) => o.inputs.type === "retention")?.inputs.configuration as {
      retentionConfiguration: { icebergConfiguration: { snapshotRetentionPeriodInDays: number } };
    };
    expect(retention.retentionConfiguration.icebergConfiguration.snapshotRetentionPeriodInDays).toBe(3);
  });

  it("tag tables by domain and columns by sensitivity for tag-based reader grants", () => {
    const tags = all("aws:lakeformation/resourceLfTags:ResourceLfTags");
    const customers = tags.find(
      (t) => (t.inputs.table as { name?: string } | undefined)?.name === "customers",
    );
    expect(customers?.inputs.lfTags).toEqual([
      { key: "domain", value: "sales" },
      { key: "sensitivity", value: "public" },
    ]);
    const pii = tags.find(
      (t) =>
        (t.inputs.tableWithColumns as { name?: string } | undefined)?.name === "customers" &&
        (t.inputs.lfTags as { value: string }[])[0]?.value === "confidential",
    );
    expect((pii?.inputs.tableWithColumns as { columnNames?: string[] } | undefined)?.columnNames).toEqual([
      "email",
      "full_name",
    ]);
  });
});

describe("orchestration and alarms", () => {
  it("starts every refine job with the workflow on the configured schedule, without a crawl first (they read by path)", () => {
    const triggers = all("aws:glue/trigger:Trigger");
    const start = triggers.find((t) => t.inputs.name === "lakehouse-dev-refine-start")?.inputs;
    expect(start).toMatchObject({
      type: "SCHEDULED",
      schedule: "cron(15 0/2 * * ? *)",
      workflowName: "lakehouse-dev-refine",
    });
    expect(start?.actions).toEqual([
      { jobName: "lakehouse-dev-refine-events" },
      { jobName: "lakehouse-dev-refine-ga4-sessions" },
    ]);
    expect(triggers.filter((t) => t.inputs.type === "CONDITIONAL")).toEqual([]);
    for (const job of all("aws:glue/job:Job").filter((j) => j.name.startsWith("refine-")))
      expect((job.inputs.defaultArguments as Record<string, string>)["--source_path"]).toMatch(/^s3:\/\//);
  });

  it("runs the CDC merge on its own schedule, outside the workflow", () => {
    const t = all("aws:glue/trigger:Trigger").find(
      (x) => x.inputs.name === "lakehouse-dev-cdc-merge",
    )?.inputs;
    expect(t).toMatchObject({
      type: "SCHEDULED",
      schedule: "cron(0 * * * ? *)",
      actions: [{ jobName: "lakehouse-dev-cdc-merge" }],
    });
    expect(t?.workflowName).toBeUndefined();
  });

  it("alarms on failed runs of every job and crawler through the stack's alarm topic (lake-storage's)", () => {
    const rule = one("aws:cloudwatch/eventRule:EventRule", "pipeline-alarms").inputs;
    expect(JSON.parse(rule.eventPattern as string)).toEqual(
      glueFailurePattern(
        ["lakehouse-dev-refine-events", "lakehouse-dev-refine-ga4-sessions", "lakehouse-dev-cdc-merge"],
        ["events", "google-analytics", "dynamodb-cdc", "aurora-cdc"].map((s) => `lakehouse-dev-raw-${s}`),
      ),
    );
    expect(all("aws:sns/topic:Topic")).toEqual([]);
    const target = one("aws:cloudwatch/eventTarget:EventTarget", "pipeline-alarms").inputs;
    expect(target.arn).toBe(layerFixture("lake-storage", "dev").alarmTopicArn);
  });
});

describe("exports", () => {
  it("export the transformation contract: tables, workflow, merge job, crawlers, job role, alarm topic", () => {
    expect(run.outputs).toEqual({
      refinedTables: { events: "client_events", ga4_sessions: "ga4_sessions" },
      icebergTables: { orders: "orders", customers: "customers" },
      changeCountsTable: "cdc_changes",
      workflowName: "lakehouse-dev-refine",
      refineJobNames: {
        events: "lakehouse-dev-refine-events",
        ga4_sessions: "lakehouse-dev-refine-ga4-sessions",
      },
      cdcMergeJobName: "lakehouse-dev-cdc-merge",
      crawlerNames: ["events", "google-analytics", "dynamodb-cdc", "aurora-cdc"].map(
        (s) => `lakehouse-dev-raw-${s}`,
      ),
      jobRoleArn: roleArn("lakehouse-dev-glue-jobs"),
      alarmTopicArn: `arn:aws:sns:${region}:${MOCK_ACCOUNT_ID}:lakehouse-dev-alarms`,
      snapshotRetentionDays: 3,
      freshnessTargetMinutes: { orders: 120, customers: 120, events: 180, ga4_sessions: 2160 },
    });
  });

  it("read raw prefixes and the source key schema from the ingestion contract and buckets, databases, key and tags from lake-storage", () => {
    const refs = Object.fromEntries(run.references.map((r) => [r.layer, r.keys]));
    expect([...(refs.ingestion ?? [])].sort()).toEqual([
      "auroraClusterArn",
      "cdcDeliveryStreamName",
      "cdcFunctionName",
      "dmsMetricDimensions",
      "eventsDeliveryStreamName",
      "rawPrefixes",
      "sourceTableKeys",
    ]);
    expect(refs["lake-storage"]).toEqual(
      expect.arrayContaining([
        "dataKeyArn",
        "rawBucketName",
        "refinedBucketName",
        "assetsBucketName",
        "cdcDatabaseName",
        "lfTags",
      ]),
    );
  });
});

describe("source key schema", () => {
  it("renders the orders MERGE over the key attributes ingestion's table declares", async () => {
    const hashOnly = await runTransformation(
      "dev",
      {},
      { ...layerFixture("ingestion", "dev"), sourceTableKeys: ["order_ref"] },
    );
    const sql = hashOnly.recorder
      .ofType("aws:s3/bucketObjectv2:BucketObjectv2")
      .map((o) => String(o.inputs.content))
      .find((c) => c.includes('spec "orders"') && c.includes("MERGE INTO"));
    expect(sql).toBe(
      renderMergeSql(ordersCdcFor(["order_ref"]), `glue_catalog.${lake.cdcDatabaseName}.orders`),
    );
    expect(sql).toContain("src.keys.order_ref");
    expect(sql).not.toContain("src.keys.pk");
  });
});

describe("dashboard", () => {
  type Widget = { type: string; properties: { title: string; region: string; metrics: unknown[][] } };
  const widgets = () =>
    JSON.parse(one("aws:cloudwatch/dashboard:Dashboard", "pipeline").inputs.dashboardBody as string)
      .widgets as Widget[];
  /** A widget's metric rows without their trailing options: [namespace, metric, dimension, value, ...]. */
  const rows = (w: Widget) => w.properties.metrics.map((m) => m.filter((x) => typeof x === "string"));
  /** The widgets whose every metric row names `value` as the value of `dimension`. */
  const widgetsOf = (dimension: string, value: string) =>
    widgets().filter((w) =>
      rows(w).every((r) => {
        const i = r.indexOf(dimension);
        return i >= 2 && r[i + 1] === value;
      }),
    );
  const ingestion = layerFixture("ingestion", "dev");

  it("is named per stack from the layer's prefix and charts in the stack's region", () => {
    expect(one("aws:cloudwatch/dashboard:Dashboard", "pipeline").inputs.dashboardName).toBe(
      "lakehouse-dev-pipeline",
    );
    expect(widgets().every((w) => w.type === "metric" && w.properties.region === region)).toBe(true);
  });

  it("has one widget per Glue job the plan holds, with records read and written and run time", () => {
    const jobs = all("aws:glue/job:Job").map((j) => j.inputs.name as string);
    expect(jobs.length).toBeGreaterThan(0);
    for (const job of jobs) {
      const mine = widgetsOf("JobName", job);
      expect(mine, `widget of job ${job}`).toHaveLength(1);
      expect(rows(mine[0] as Widget)).toEqual(
        ["recordsRead", "recordsWritten", "elapsedTime"].map((m) => [
          "Glue",
          `glue.driver.aggregate.${m}`,
          "JobName",
          job,
          "JobRunId",
          "ALL",
          "Type",
          "count",
        ]),
      );
    }
  });

  it("has one widget for the CDC Lambda (volume, errors, throttles, iterator age) named by ingestion's output", () => {
    const mine = widgetsOf("FunctionName", ingestion.cdcFunctionName);
    expect(mine).toHaveLength(1);
    expect(rows(mine[0] as Widget).map((r) => r.slice(0, 2).join(" "))).toEqual([
      "AWS/Lambda Invocations",
      "AWS/Lambda Errors",
      "AWS/Lambda Throttles",
      "AWS/Lambda IteratorAge",
    ]);
  });

  it("has one widget for Aurora (connections, capacity) named by the cluster of ingestion's auroraClusterArn", () => {
    const cluster = ingestion.auroraClusterArn.split(":cluster:")[1] as string;
    const mine = widgetsOf("DBClusterIdentifier", cluster);
    expect(mine).toHaveLength(1);
    expect(rows(mine[0] as Widget).map((r) => r.slice(0, 2).join(" "))).toEqual([
      "AWS/RDS DatabaseConnections",
      "AWS/RDS ServerlessDatabaseCapacity",
    ]);
  });

  it("has one widget for DMS latency at source and target, with exactly ingestion's dmsMetricDimensions", () => {
    const mine = widgets().filter((w) => rows(w).some((r) => r[0] === "AWS/DMS"));
    expect(mine).toHaveLength(1);
    expect(rows(mine[0] as Widget)).toEqual(
      ["CDCLatencySource", "CDCLatencyTarget"].map((m) => [
        "AWS/DMS",
        m,
        ...Object.entries(ingestion.dmsMetricDimensions).flat(),
      ]),
    );
  });

  it("refuses an auroraClusterArn that is not a cluster's, naming the output", () => {
    expect(() => clusterIdentifier("arn:aws:rds:eu-west-1:123456789012:db:source-1")).toThrow(
      /not an Aurora cluster ARN \(ingestion output auroraClusterArn\): arn:aws:rds:eu-west-1:123456789012:db:source-1/,
    );
  });

  it("has one widget per Firehose stream: records in, delivery success and freshness, failed conversions where it converts", () => {
    for (const [stream, converts] of [
      [ingestion.cdcDeliveryStreamName, false],
      [ingestion.eventsDeliveryStreamName, true],
    ] as const) {
      const mine = widgetsOf("DeliveryStreamName", stream);
      expect(mine, `widget of stream ${stream}`).toHaveLength(1);
      expect(rows(mine[0] as Widget).map((r) => r[1])).toEqual([
        "IncomingRecords",
        "DeliveryToS3.Success",
        ...(converts ? ["FailedConversion.Records"] : []),
        "DeliveryToS3.DataFreshness",
      ]);
    }
  });

  it("charts nothing but these hops: every widget belongs to exactly one of them", () => {
    const jobs = all("aws:glue/job:Job").map((j) => j.inputs.name as string);
    // the CDC Lambda, two Firehose streams, Aurora, DMS, one per job
    expect(widgets()).toHaveLength(1 + 2 + 1 + 1 + jobs.length);
  });
});
