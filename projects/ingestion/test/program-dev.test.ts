import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CLIENT_EVENT_COLUMNS, RAW_PREFIXES } from "@lakehouse/contracts";
import { layerFixture, type ProgramRun } from "@lakehouse/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { inputs, runIngestion, statementsOf } from "./support/program";

// The whole ingestion program on the dev stack file, under mocks, against the upstream fixtures.

let run: ProgramRun;
const storage = layerFixture("lake-storage", "dev");
const network = layerFixture("network", "dev");
const KEY = storage.dataKeyArn;
const get = (type: string, name: string) => inputs(run.recorder.get(type, name));

beforeAll(async () => {
  run = await runIngestion("dev");
});

describe("ingestion program (dev)", () => {
  it("exports the whole contract, with the raw prefixes, stream names and producer role", () => {
    expect(Object.keys(run.outputs).sort()).toEqual(Object.keys(layerFixture("ingestion", "dev")).sort());
    expect(run.outputs).toMatchObject({
      rawPrefixes: RAW_PREFIXES,
      sourceTableName: "lakehouse-dev-orders",
      cdcDeliveryStreamName: "lakehouse-dev-cdc",
      eventsDeliveryStreamName: "lakehouse-dev-events",
      eventsSchemaTableName: "client_events",
      eventsProducerRoleArn: "arn:aws:iam::123456789012:role/lakehouse-dev-events-producer",
      googleAnalyticsFlowName: "lakehouse-dev-ga4",
    });
    expect(run.outputs.cdcDeadLetterQueueUrl).toMatch(/\/lakehouse-dev-cdc-handler-failures$/);
    expect(run.references).toEqual(
      expect.arrayContaining([
        {
          layer: "lake-storage",
          keys: ["alarmTopicArn", "dataKeyArn", "rawBucketArn", "rawBucketName", "rawDatabaseName"],
        },
        { layer: "network", keys: ["isolatedSubnetIds", "privateSubnetIds", "securityGroupIds"] },
      ]),
    );
  });

  it("source table: on demand, PITR, stream with both images, encrypted with the platform key", () => {
    const table = get("aws:dynamodb/table:Table", "source");
    expect(table).toMatchObject({
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      rangeKey: "sk",
      streamEnabled: true,
      streamViewType: "NEW_AND_OLD_IMAGES",
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true, kmsKeyArn: KEY },
      // dev may destroy data: no deletion protection there (prod test checks the opposite).
      deletionProtectionEnabled: false,
    });
  });

  it("CDC Lambda: Node 22 on arm64, the bundled handler, env pointing at the stream and queue", () => {
    const fn = get("aws:lambda/function:Function", "cdc-handler");
    expect(fn).toMatchObject({
      runtime: "nodejs22.x",
      architectures: ["arm64"],
      handler: "index.handler",
      kmsKeyArn: KEY,
    });
    expect(fn.environment.variables).toEqual({
      DELIVERY_STREAM_NAME: "lakehouse-dev-cdc",
      FAILURE_QUEUE_URL: run.outputs.cdcDeadLetterQueueUrl,
    });
    const code = run.recorder.get("aws:lambda/function:Function", "cdc-handler").planInputs.code as {
      archive: { assets: Record<string, { asset: { text: string } }> };
    };
    const bundle = code.archive.assets["index.js"]?.asset.text ?? "";
    expect(bundle).toMatch(/PutRecordBatchCommand/);
    expect(bundle).toMatch(/batchItemFailures/);
    expect(bundle).not.toMatch(/\/work\/|\/home\/|\/root\//); // no machine paths in the artifact
    expect(fn.loggingConfig).toMatchObject({
      logFormat: "JSON",
      logGroup: "/aws/lambda/lakehouse-dev-cdc-handler",
    });
  });

  it("event source mapping: partial batch responses, bisect, bounded retries and age, SQS on failure", () => {
    const esm = get("aws:lambda/eventSourceMapping:EventSourceMapping", "cdc-handler-stream");
    const queue = run.recorder.get("aws:sqs/queue:Queue", "cdc-handler-failures");
    expect(esm).toMatchObject({
      eventSourceArn: run.outputs.sourceTableStreamArn,
      startingPosition: "TRIM_HORIZON",
      functionResponseTypes: ["ReportBatchItemFailures"],
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 10,
      maximumRecordAgeInSeconds: 86_400,
      destinationConfig: { onFailure: { destinationArn: queue.state.arn } },
    });
    expect(queue.inputs).toMatchObject({ kmsMasterKeyId: KEY, messageRetentionSeconds: 1_209_600 });
    const tls = JSON.parse(String(get("aws:sqs/queuePolicy:QueuePolicy", "cdc-handler-failures-tls").policy));
    expect(tls.Statement[0]).toMatchObject({
      Effect: "Deny",
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
  });

  it("alarms on parked records and on the handler falling behind the stream", () => {
    const parked = get("aws:cloudwatch/metricAlarm:MetricAlarm", "cdc-handler-parked-records");
    expect(parked).toMatchObject({
      namespace: "AWS/SQS",
      metricName: "ApproximateNumberOfMessagesVisible",
      dimensions: { QueueName: "lakehouse-dev-cdc-handler-failures" },
      threshold: 0,
      comparisonOperator: "GreaterThanThreshold",
    });
    const age = get("aws:cloudwatch/metricAlarm:MetricAlarm", "cdc-handler-iterator-age");
    expect(age).toMatchObject({
      metricName: "IteratorAge",
      dimensions: { FunctionName: "lakehouse-dev-cdc-handler" },
    });
  });

  it("CDC Lambda role: puts only to the cdc stream, sends only to its queue, reads only its table's stream", () => {
    const statements = statementsOf(run, "cdc-handler-role");
    const byAction = (action: string) =>
      statements.filter((s) => ([] as unknown[]).concat(s.Action).includes(action));
    expect(byAction("firehose:PutRecordBatch").map((s) => s.Resource)).toEqual([
      "arn:aws:firehose:eu-west-1:123456789012:deliverystream/lakehouse-dev-cdc",
    ]);
    expect(byAction("sqs:SendMessage").map((s) => s.Resource)).toEqual([
      "arn:aws:sqs:eu-west-1:123456789012:lakehouse-dev-cdc-handler-failures",
    ]);
    expect(byAction("dynamodb:GetRecords").map((s) => s.Resource)).toEqual([
      run.outputs.sourceTableStreamArn,
    ]);
    for (const s of statements) {
      expect(s.Action).not.toContain("*");
      // dynamodb:ListStreams and X-Ray's trace actions accept only "*" (Service Authorization Reference: no resource type)
      if (s.Action !== "dynamodb:ListStreams" && s.Sid !== "WriteTraces") expect(s.Resource).not.toBe("*");
    }
    expect(statements.find((s) => s.Sid === "WriteTraces")?.Action).toEqual([
      "xray:PutTraceSegments",
      "xray:PutTelemetryRecords",
    ]);
  });

  it("CDC Lambda: X-Ray active tracing and a description of what it does", () => {
    const fn = get("aws:lambda/function:Function", "cdc-handler");
    expect(fn.tracingConfig).toEqual({ mode: "Active" });
    expect(fn.description).toMatch(/DynamoDB stream of lakehouse-dev-orders to Firehose lakehouse-dev-cdc/);
  });

  it("every ingestion alarm notifies the stack's alarm topic, on alarm and on recovery, and links its runbook section", () => {
    const topic = layerFixture("lake-storage", "dev").alarmTopicArn;
    const alarms = run.recorder.ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
    expect(alarms.map((a) => a.name).sort()).toEqual([
      "aurora-capacity-pinned",
      "cdc-data-freshness",
      "cdc-delivery-success",
      "cdc-handler-errors",
      "cdc-handler-iterator-age",
      "cdc-handler-parked-records",
      "cdc-handler-throttles",
      "dms-cdc-latency-source",
      "dms-cdc-latency-target",
      "events-data-freshness",
      "events-delivery-success",
      "events-failed-conversion",
    ]);
    const runbook = readFileSync(join(__dirname, "..", "..", "..", "docs", "runbook.md"), "utf8");
    for (const a of alarms) {
      expect(a.inputs).toMatchObject({ alarmActions: [topic], okActions: [topic] });
      const anchor = /Runbook: docs\/runbook\.md#([a-z0-9-]+)$/.exec(String(a.inputs.alarmDescription))?.[1];
      expect(anchor, a.name).toBeDefined();
      expect(runbook).toContain(`<a id="${anchor}"></a>`);
    }
    for (const name of ["dms-state-change", "ga4-run-failed"]) {
      expect(
        run.recorder.ofType("aws:cloudwatch/eventTarget:EventTarget").find((t) => t.name === name)?.inputs,
      ).toMatchObject({
        rule: `lakehouse-dev-${name}`,
        arn: topic,
      });
    }
  });

  it("alarm thresholds: Aurora pinned at its configured maximum, Firehose and DMS from the alarms config defaults", () => {
    const pinned = get("aws:cloudwatch/metricAlarm:MetricAlarm", "aurora-capacity-pinned");
    const cluster = get("aws:rds/cluster:Cluster", "source-db");
    expect(pinned).toMatchObject({
      namespace: "AWS/RDS",
      metricName: "ServerlessDatabaseCapacity",
      dimensions: { DBClusterIdentifier: "lakehouse-dev-source" },
      statistic: "Minimum",
      comparisonOperator: "GreaterThanOrEqualToThreshold",
      threshold: cluster.serverlessv2ScalingConfiguration.maxCapacity,
    });
    expect(pinned.period * pinned.evaluationPeriods).toBe(15 * 60);
    expect(get("aws:cloudwatch/metricAlarm:MetricAlarm", "events-data-freshness")).toMatchObject({
      namespace: "AWS/Firehose",
      metricName: "DeliveryToS3.DataFreshness",
      dimensions: { DeliveryStreamName: "lakehouse-dev-events" },
      threshold: 1800,
    });
    const freshness = get("aws:cloudwatch/metricAlarm:MetricAlarm", "cdc-data-freshness");
    const buffering = get("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "cdc")
      .extendedS3Configuration.bufferingInterval;
    // a healthy stream holds a record for up to its buffering interval: the alarm must sit above it
    expect(freshness.threshold).toBeGreaterThan(buffering);
    // dev runs a task on an instance: its metrics carry the instance's id and the task's resource id
    const taskArn = String(
      run.recorder.get("aws:dms/replicationTask:ReplicationTask", "aurora-cdc").state.replicationTaskArn,
    );
    expect(get("aws:cloudwatch/metricAlarm:MetricAlarm", "dms-cdc-latency-target")).toMatchObject({
      namespace: "AWS/DMS",
      metricName: "CDCLatencyTarget",
      dimensions: {
        ReplicationInstanceIdentifier: "lakehouse-dev-dms",
        ReplicationTaskIdentifier: taskArn.split(":task:")[1],
      },
      threshold: 900,
    });
  });

  it("DMS and AppFlow failures reach the topic as EventBridge events of exactly that replication and flow", () => {
    const dms = JSON.parse(get("aws:cloudwatch/eventRule:EventRule", "dms-state-change").eventPattern);
    const arn = run.recorder.ofType("aws:dms/replicationTask:ReplicationTask")[0]?.state.replicationTaskArn;
    expect(dms).toEqual({
      source: ["aws.dms"],
      "detail-type": ["DMS Replication Task State Change"],
      resources: [arn],
    });
    const ga4 = JSON.parse(get("aws:cloudwatch/eventRule:EventRule", "ga4-run-failed").eventPattern);
    expect(ga4.$or).toContainEqual({
      "detail-type": ["AppFlow End Flow Run Report"],
      detail: { "flow-name": ["lakehouse-dev-ga4"], status: [{ "anything-but": ["Execution Successful"] }] },
    });
  });

  it("Firehose cdc: GZIP JSON under the CDC prefix, partitioned by table and change date, errors apart", () => {
    const cdc = get("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "cdc");
    const s3 = cdc.extendedS3Configuration;
    expect(cdc.serverSideEncryption).toEqual({ enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY });
    expect(s3).toMatchObject({
      bucketArn: storage.rawBucketArn,
      compressionFormat: "GZIP",
      kmsKeyArn: KEY,
      prefix: "dynamodb-cdc/table=!{partitionKeyFromQuery:table}/dt=!{partitionKeyFromQuery:dt}/",
      errorOutputPrefix: "dynamodb-cdc/errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/",
      dynamicPartitioningConfiguration: { enabled: true },
      cloudwatchLoggingOptions: { enabled: true, logGroupName: "/aws/kinesisfirehose/lakehouse-dev-cdc" },
    });
    expect(s3.bufferingSize).toBeGreaterThanOrEqual(64);
    const params = s3.processingConfiguration.processors[0].parameters;
    expect(params).toContainEqual({
      parameterName: "MetadataExtractionQuery",
      parameterValue: "{table: .table, dt: .eventTime[0:10]}",
    });
    // Its role writes only under the CDC prefix.
    const writes = statementsOf(run, "cdc-role").filter((s) =>
      ([] as unknown[]).concat(s.Action).includes("s3:PutObject"),
    );
    expect(writes.map((s) => s.Resource)).toEqual([`${storage.rawBucketArn}/dynamodb-cdc/*`]);
  });

  it("log groups are KMS-encrypted and expire", () => {
    for (const group of run.recorder.ofType("aws:cloudwatch/logGroup:LogGroup")) {
      expect(group.inputs).toMatchObject({ kmsKeyId: KEY, retentionInDays: 14 });
    }
    expect(run.recorder.ofType("aws:cloudwatch/logGroup:LogGroup")).toHaveLength(4);
  });

  it("Firehose events: Parquet against the typed schema table in the raw database, partitioned by date and type", () => {
    const table = get("aws:glue/catalogTable:CatalogTable", "events-schema");
    expect(table.databaseName).toBe(storage.rawDatabaseName);
    expect(table.storageDescriptor.columns.map((c: { name: string }) => c.name)).toEqual(
      CLIENT_EVENT_COLUMNS.map((c) => c.name),
    );
    expect(table.storageDescriptor.location).toBe(`s3://${storage.rawBucketName}/events/`);
    expect(table.partitionKeys.map((k: { name: string }) => k.name)).toEqual(["event_date", "event_type"]);
    const events = get(
      "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
      "events",
    ).extendedS3Configuration;
    expect(events).toMatchObject({
      prefix:
        "events/event_date=!{partitionKeyFromQuery:event_date}/event_type=!{partitionKeyFromQuery:event_type}/",
      errorOutputPrefix: "events/errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/",
      bufferingSize: 64,
      bufferingInterval: 60,
      kmsKeyArn: KEY,
      dataFormatConversionConfiguration: {
        enabled: true,
        outputFormatConfiguration: { serializer: { parquetSerDe: { compression: "SNAPPY" } } },
        schemaConfiguration: { databaseName: storage.rawDatabaseName, tableName: "client_events" },
      },
    });
    expect(events.processingConfiguration.processors[0].parameters).toContainEqual({
      parameterName: "MetadataExtractionQuery",
      parameterValue: "{event_date: .event_time[0:10], event_type: .event_type}",
    });
  });

  it("events producer role may only put records to the events stream", () => {
    const statements = statementsOf(run, "events-producer");
    expect(statements).toEqual([
      {
        Sid: "PutEvents",
        Effect: "Allow",
        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        Resource: run.outputs.eventsDeliveryStreamArn,
      },
    ]);
  });

  it("Aurora: isolated subnets, KMS storage, managed password, logical replication, no public access", () => {
    const cluster = get("aws:rds/cluster:Cluster", "source-db");
    expect(cluster).toMatchObject({
      engine: "aurora-postgresql",
      storageEncrypted: true,
      kmsKeyId: KEY,
      manageMasterUserPassword: true,
      masterUserSecretKmsKeyId: KEY,
      vpcSecurityGroupIds: [network.securityGroupIds.database],
      serverlessv2ScalingConfiguration: { minCapacity: 0.5, maxCapacity: 2 },
      backupRetentionPeriod: 1,
      // dev: data may go with the stack.
      deletionProtection: false,
      skipFinalSnapshot: true,
    });
    expect(get("aws:rds/subnetGroup:SubnetGroup", "source-db-subnets").subnetIds).toEqual(
      network.isolatedSubnetIds,
    );
    expect(get("aws:rds/clusterInstance:ClusterInstance", "source-db-1")).toMatchObject({
      instanceClass: "db.serverless",
      publiclyAccessible: false,
    });
    const params = get("aws:rds/clusterParameterGroup:ClusterParameterGroup", "source-db-params");
    expect(params.family).toBe("aurora-postgresql16");
    expect(params.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: "rds.logical_replication", value: "1" }),
        expect.objectContaining({ name: "rds.force_ssl", value: "1" }),
      ]),
    );
  });

  it("DMS on a dms.t3.micro instance (dmsReplication: instance): a full load + CDC task, table mappings from config, in the private subnets", () => {
    expect(run.recorder.ofType("aws:dms/replicationConfig:ReplicationConfig")).toEqual([]);
    const instance = run.recorder.get(
      "aws:dms/replicationInstance:ReplicationInstance",
      "aurora-cdc-instance",
    );
    expect(instance.inputs).toMatchObject({
      replicationInstanceClass: "dms.t3.micro",
      allocatedStorage: 50,
      multiAz: false,
      publiclyAccessible: false,
      kmsKeyArn: KEY,
      vpcSecurityGroupIds: [network.securityGroupIds.dms],
      replicationSubnetGroupId: "lakehouse-dev-dms",
    });
    const task = get("aws:dms/replicationTask:ReplicationTask", "aurora-cdc");
    expect(task.migrationType).toBe("full-load-and-cdc");
    expect(task.replicationInstanceArn).toBe(instance.state.replicationInstanceArn);
    expect(task.startReplicationTask).toBe(true);
    expect(
      JSON.parse(task.tableMappings)
        .rules.filter((r: { "rule-type": string }) => r["rule-type"] === "selection")
        .map((r: { "object-locator": unknown }) => r["object-locator"]),
    ).toEqual([
      { "schema-name": "public", "table-name": "orders" },
      { "schema-name": "public", "table-name": "customers" },
    ]);
    expect(
      get("aws:dms/replicationSubnetGroup:ReplicationSubnetGroup", "aurora-cdc-subnets").subnetIds,
    ).toEqual(network.privateSubnetIds);
    expect(JSON.parse(task.replicationTaskSettings).FullLoadSettings.TargetTablePrepMode).toBe("DO_NOTHING");
  });

  it("DMS source: credentials from a dedicated secret that carries host and port, read by a regional-principal role", () => {
    const endpoint = get("aws:dms/endpoint:Endpoint", "aurora-cdc-source");
    const secret = run.recorder.get("aws:secretsmanager/secret:Secret", "aurora-cdc-source");
    expect(endpoint).toMatchObject({
      endpointType: "source",
      engineName: "aurora-postgresql",
      secretsManagerArn: secret.state.arn,
      sslMode: "require",
    });
    expect(secret.inputs.kmsKeyId).toBe(KEY);
    const version = run.recorder.get("aws:secretsmanager/secretVersion:SecretVersion", "aurora-cdc-source");
    expect(version.planInputs.secretString).toBe("[secret]");
    const value = JSON.parse(String(version.inputs.secretString));
    const cluster = run.recorder.get("aws:rds/cluster:Cluster", "source-db");
    expect(value).toMatchObject({
      host: cluster.state.endpoint,
      port: 5432,
      username: "dms_replication",
      dbname: "app",
    });
    // Generated by the stack (@pulumi/random), never asked of a person.
    const password = run.recorder.get("random:index/randomPassword:RandomPassword", "dms-user-password");
    expect(password.inputs).toMatchObject({ length: 32, overrideSpecial: "!#%*-_=+" });
    expect(value.password).toBe(password.state.result);
    const trust = JSON.parse(String(get("aws:iam/role:Role", "aurora-cdc-secret-access").assumeRolePolicy));
    expect(trust.Statement[0].Principal).toEqual({ Service: "dms.eu-west-1.amazonaws.com" });
    expect(statementsOf(run, "aurora-cdc-secret-access").map((s) => [s.Action, s.Resource])).toEqual([
      ["secretsmanager:GetSecretValue", secret.state.arn],
      ["kms:Decrypt", KEY],
    ]);
  });

  it("DMS user: created by the stack through the RDS Data API before the replication starts, in the same up", () => {
    const cluster = run.recorder.get("aws:rds/cluster:Cluster", "source-db");
    expect(cluster.inputs.enableHttpEndpoint).toBe(true);
    const secret = run.recorder.get("aws:secretsmanager/secret:Secret", "aurora-cdc-source");
    const version = run.recorder.get("aws:secretsmanager/secretVersion:SecretVersion", "aurora-cdc-source");
    const invocation = run.recorder.get("aws:lambda/invocation:Invocation", "dms-user");
    expect(JSON.parse(String(invocation.inputs.input))).toEqual({
      clusterArn: cluster.state.arn,
      masterSecretArn: (cluster.state.masterUserSecrets as { secretArn: string }[])[0]?.secretArn,
      database: "app",
      userSecretArn: secret.state.arn,
      schemas: ["public"],
      // The endpoint's heartbeat schema, the dev stack's table owners (none) and the replicated
      // tables' DDL (the cluster is new): dms-user.postgres.test.ts runs this input on PostgreSQL.
      heartbeatSchema: get("aws:dms/endpoint:Endpoint", "aurora-cdc-source").postgresSettings.heartbeatSchema,
      tableOwners: [],
      schemaStatements: [
        expect.stringMatching(/^CREATE TABLE IF NOT EXISTS public\.customers \(/),
        expect.stringMatching(/^CREATE TABLE IF NOT EXISTS public\.orders \(/),
      ],
      // The stack created the cluster: instances pending a static parameter are rebooted first.
      rebootPendingCluster: "lakehouse-dev-source",
    });
    // A new password or a changed static parameter (applied only by a reboot) re-invokes it.
    expect(invocation.inputs.triggers).toEqual({
      userSecretVersion: version.state.versionId,
      staticParameters: JSON.stringify([
        ["max_slot_wal_keep_size", "65536"],
        ["rds.force_ssl", "1"],
        ["rds.logical_replication", "1"],
      ]),
    });
    expect(get("aws:lambda/function:Function", "dms-user").timeout).toBe(900);
    // The Data API needs the writer; the secret must hold the password.
    expect(invocation.dependencies).toEqual(
      expect.arrayContaining([
        run.recorder.get("aws:rds/clusterInstance:ClusterInstance", "source-db-1").urn,
        version.urn,
      ]),
    );
    const replication = run.recorder.get("aws:dms/replicationTask:ReplicationTask", "aurora-cdc");
    expect(replication.inputs.startReplicationTask).toBe(true);
    expect(replication.dependencies).toContain(invocation.urn);
    const fn = get("aws:lambda/function:Function", "dms-user");
    expect(fn.tracingConfig).toEqual({ mode: "Active" });
    expect(statementsOf(run, "dms-user-role").map((s) => [s.Sid, s.Action, s.Resource])).toEqual([
      [
        "WriteLogs",
        ["logs:CreateLogStream", "logs:PutLogEvents"],
        expect.stringMatching(/:log-group:\/aws\/lambda\/lakehouse-dev-dms-user:log-stream:\*$/),
      ],
      ["RunStatements", "rds-data:ExecuteStatement", cluster.state.arn],
      [
        "ReadSecrets",
        "secretsmanager:GetSecretValue",
        [(cluster.state.masterUserSecrets as { secretArn: string }[])[0]?.secretArn, secret.state.arn],
      ],
      ["DecryptSecrets", "kms:Decrypt", KEY],
      ["ReadClusterMembers", "rds:DescribeDBClusters", cluster.state.arn],
      [
        "ApplyStaticParameters",
        ["rds:RebootDBInstance", "rds:DescribeDBInstances"],
        [run.recorder.get("aws:rds/clusterInstance:ClusterInstance", "source-db-1").state.arn],
      ],
      ["WriteTraces", ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], "*"],
    ]);
    // No timezone: DMS names date folders in UTC; the setting takes Area/Location (API_S3Settings).
    expect(get("aws:dms/s3Endpoint:S3Endpoint", "aurora-cdc-target").datePartitionTimezone).toBeUndefined();
  });

  it("DMS target: Parquet under the aurora-cdc prefix, Op on full load, commit timestamp, date partitions, SSE-KMS", () => {
    expect(get("aws:dms/s3Endpoint:S3Endpoint", "aurora-cdc-target")).toMatchObject({
      bucketName: storage.rawBucketName,
      bucketFolder: "aurora-cdc",
      dataFormat: "parquet",
      includeOpForFullLoad: true,
      timestampColumnName: "_dms_commit_ts",
      useTaskStartTimeForFullLoadTimestamp: true,
      datePartitionEnabled: true,
      datePartitionSequence: "YYYYMMDD",
      encryptionMode: "SSE_KMS",
      serverSideEncryptionKmsKeyId: KEY,
    });
    const objectStatements = statementsOf(run, "aurora-cdc-target").filter((s) =>
      ([] as unknown[]).concat(s.Action).some((a) => String(a).endsWith("Object")),
    );
    for (const s of objectStatements) expect(s.Resource).toBe(`${storage.rawBucketArn}/aurora-cdc/*`);
  });

  it("leaves the account-wide DMS roles to the account baseline (bootstrap, stacks/accounts.yaml)", () => {
    const names = run.recorder.ofType("aws:iam/role:Role").map((r) => r.inputs.name);
    expect(names).not.toContain("dms-vpc-role");
    expect(names).not.toContain("dms-cloudwatch-logs-role");
  });

  it("GA4: custom connector GoogleAnalytics4 over OAuth2 with secret credentials, scheduled incremental Parquet flow", () => {
    const profile = run.recorder.get("aws:appflow/connectorProfile:ConnectorProfile", "ga4-profile");
    expect(profile.inputs).toMatchObject({
      connectorType: "CustomConnector",
      connectorLabel: "GoogleAnalytics4",
      kmsArn: KEY,
    });
    const credentials = profile.planInputs.connectorProfileConfig as { connectorProfileCredentials: unknown };
    expect(JSON.stringify(credentials.connectorProfileCredentials)).not.toMatch(/offline-test-secret/);
    expect(
      inputs(profile).connectorProfileConfig.connectorProfileCredentials.customConnector.authenticationType,
    ).toBe("OAUTH2");
    const flow = get("aws-native:appflow:Flow", "ga4");
    expect(flow.flowStatus).toBe("Active");
    expect(flow.sourceFlowConfig).toMatchObject({
      connectorType: "CustomConnector",
      sourceConnectorProperties: { customConnector: { entityName: "properties/412345678/core-report" } },
      incrementalPullConfig: { datetimeTypeFieldName: "date" },
    });
    expect(flow.destinationFlowConfigList[0].destinationConnectorProperties.s3).toMatchObject({
      bucketName: storage.rawBucketName,
      bucketPrefix: "google-analytics",
      s3OutputFormatConfig: { fileType: "PARQUET" },
    });
    expect(flow.triggerConfig).toMatchObject({
      triggerType: "Scheduled",
      triggerProperties: { scheduleExpression: "rate(1days)", dataPullMode: "Incremental" },
    });
    expect(flow.kmsArn).toBe(KEY);
  });

  it("every taggable resource carries the platform tags", () => {
    for (const type of [
      "aws:dynamodb/table:Table",
      "aws:lambda/function:Function",
      "aws:sqs/queue:Queue",
      "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
      "aws:rds/cluster:Cluster",
      "aws:dms/replicationInstance:ReplicationInstance",
      "aws:dms/replicationTask:ReplicationTask",
    ]) {
      for (const r of run.recorder.ofType(type)) {
        expect(r.inputs.tags, `${type} ${r.name}`).toMatchObject({ environment: "dev" });
      }
    }
    // aws-native takes tags as a list, per resource (no provider default tags).
    expect(get("aws-native:appflow:Flow", "ga4").tags).toContainEqual({ key: "environment", value: "dev" });
  });
});
