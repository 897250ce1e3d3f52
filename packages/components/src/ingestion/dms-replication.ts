import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { type PolicyStatement, policyJson, viaService } from "../security/policy";
import { BucketGrants } from "../storage/bucket-grants";
import { serviceTrust } from "./log-group";

/** One table (or pattern, `%` wildcard) to replicate. */
export interface DmsTableSelection {
  schema: string;
  table: string;
}

export interface DmsReplicationArgs {
  /** Prefix of every DMS identifier (endpoints, subnet group, replication config). */
  identifier: string;
  /** Source database connection: the Aurora cluster endpoint and port. */
  host: pulumi.Input<string>;
  port: pulumi.Input<number>;
  databaseName: string;
  /**
   * Where DMS reads its credentials: a user whose password the stack generates, stored in a DMS
   * source secret it creates (a cluster it creates), or the secret of an attached cluster's
   * replication user, which its owner keeps (username, password, host, port, dbname).
   */
  credentials:
    | {
        /** Database user DMS connects as (needs rds_replication and SELECT on the tables). */
        username: string;
        /** That user's password; stored only in the DMS source secret. */
        password: pulumi.Input<string>;
      }
    | {
        secretArn: pulumi.Input<string>;
        /** The secret's customer-managed key; undefined for the AWS managed key aws/secretsmanager. */
        secretKeyArn: pulumi.Input<string | undefined>;
      };
  tables: DmsTableSelection[];
  /** Schema of DMS's heartbeat table; never a replicated schema. @default DMS_HEARTBEAT_SCHEMA */
  heartbeatSchema?: string;
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  kmsKeyArn: pulumi.Input<string>;
  bucketName: pulumi.Input<string>;
  bucketArn: pulumi.Input<string>;
  /** Raw-zone prefix of Aurora CDC, e.g. `aurora-cdc/`. */
  prefix: string;
  /**
   * What the replication runs on: DMS Serverless (a replication config, billed per DCU-hour from
   * its minimum), or a provisioned replication instance with a replication task (billed per
   * instance-hour; a dms.t3.micro costs a fraction of Serverless's 1-DCU floor).
   * @default { kind: "serverless" }
   */
  compute?: DmsCompute;
  /** @default false */
  multiAz?: boolean;
  /** Start replicating on create (the database user must exist first). @default false */
  startReplication?: boolean;
  /** Resources DMS needs first: the account roles. @default none */
  dependsOn?: pulumi.Input<pulumi.Resource>[];
  /** Protect the source-connection secret the stack creates and retain it on delete (prod). @default false */
  retain?: boolean;
  /**
   * Runs once the source secret the stack creates holds its value, before the replication is
   * created: e.g. creates the database user (DmsReplicationUser); the replication waits for what
   * it returns. Not with an attached secret. @default none
   */
  prepareSource?: (source: {
    secretArn: pulumi.Output<string>;
    secretVersion: aws.secretsmanager.SecretVersion;
  }) => pulumi.Resource;
}

/** DMS Serverless capacity, or a provisioned instance's class and storage. */
export type DmsCompute =
  | {
      kind: "serverless";
      /** DCUs. @default 1 */
      minCapacityUnits?: number;
      /** DCUs. @default 4 */
      maxCapacityUnits?: number;
    }
  | {
      kind: "instance";
      /** @default "dms.t3.micro" */
      instanceClass?: string;
      /** GB of the instance's storage (logs and cached changes). @default 50 */
      allocatedStorageGb?: number;
    };

/**
 * Where DMS's heartbeat creates its table (`awsdms_heartbeat`, as the DMS user): a schema of its
 * own, not a replicated one, where the master's `GRANT SELECT ON ALL TABLES` would meet a table it
 * does not own (PostgreSqlSettings.HeartbeatSchema, API_PostgreSQLSettings).
 */
export const DMS_HEARTBEAT_SCHEMA = "awsdms";

/** Column DMS adds to every replicated table with the change's position in the task's change stream. */
export const DMS_CHANGE_SEQ_COLUMN = "change_seq";

/**
 * `{"rules":[...]}`: one selection rule per configured table, in order, then one transformation
 * rule adding `change_seq` = `$AR_H_CHANGE_SEQ` to every table: a task-wide, increasing
 * number (16 timestamp digits + 19 record-id digits) that orders two changes of one row
 * committed in the same instant, which the commit timestamp alone cannot
 * (CHAP_Tasks.CustomizingTasks.TableMapping.SelectionTransformation.Expressions.html, header
 * columns; aws-data-paths.md §1.3 [DMS-EXPR]). One rule covers all tables: DMS applies one
 * transformation action per object [DMS-TR].
 */
export function dmsTableMappings(tables: DmsTableSelection[]): string {
  if (tables.length === 0) throw new Error("DMS needs at least one table selection");
  const selections = tables.map((t, i) => ({
    "rule-type": "selection",
    "rule-id": String(i + 1),
    "rule-name": `include-${t.schema}-${t.table}`.replace(/[^A-Za-z0-9-]/g, "_"),
    "object-locator": { "schema-name": t.schema, "table-name": t.table },
    "rule-action": "include",
  }));
  const changeSeq = {
    "rule-type": "transformation",
    "rule-id": String(tables.length + 1),
    "rule-name": "add-change-seq",
    "rule-target": "column",
    "object-locator": { "schema-name": "%", "table-name": "%" },
    "rule-action": "add-column",
    value: DMS_CHANGE_SEQ_COLUMN,
    expression: "$AR_H_CHANGE_SEQ",
    "data-type": { type: "string", length: 50 },
  };
  return JSON.stringify({ rules: [...selections, changeSeq] });
}

/** The resource identifier of a replication task: the last segment of its ARN. */
export function taskResourceId(taskArn: string): string {
  const m = /^arn:aws[a-z-]*:dms:[^:]+:\d{12}:task:([A-Za-z0-9-]+)$/.exec(taskArn);
  if (!m) throw new Error(`not a DMS replication task ARN: ${taskArn}`);
  return m[1] as string;
}

/**
 * DMS full load + CDC from Aurora PostgreSQL to the raw zone as Parquet. The source
 * endpoint reads its credentials from a dedicated secret (DMS needs host and port in it, which
 * the RDS-managed master secret does not have); the target writes date-partitioned Parquet with
 * the `Op` column on full load too, a commit timestamp column and SSE-KMS.
 */
export class DmsReplication extends pulumi.ComponentResource {
  /** The Serverless replication, when compute is serverless. */
  readonly replicationConfig?: aws.dms.ReplicationConfig;
  /** The provisioned instance and its task, when compute is an instance. */
  readonly replicationInstance?: aws.dms.ReplicationInstance;
  readonly replicationTask?: aws.dms.ReplicationTask;
  /** The secret the source endpoint reads: created here, or the attached one. */
  readonly sourceSecretArn: pulumi.Output<string>;
  readonly sourceEndpoint: aws.dms.Endpoint;
  readonly targetEndpoint: aws.dms.S3Endpoint;
  readonly secretAccessRole: aws.iam.Role;
  readonly targetRole: aws.iam.Role;
  /** The replication's ARN: the replication config's, or the replication task's. */
  readonly arn: pulumi.Output<string>;
  /** CloudWatch dimensions of the replication's AWS/DMS metrics (CDCLatencySource, CDCLatencyTarget). */
  readonly metricDimensions: pulumi.Output<Record<string, string>>;

  constructor(name: string, args: DmsReplicationArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:ingestion:DmsReplication", name, {}, opts);
    const region = aws.getRegionOutput({}, { parent: this }).region;
    const account = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    const prefix = args.prefix.replace(/\/+$/, "");
    const id = args.identifier;

    const creds = args.credentials;
    let created:
      | { secretArn: pulumi.Output<string>; secretVersion: aws.secretsmanager.SecretVersion }
      | undefined;
    let secretKeyArn: pulumi.Input<string | undefined>;
    if ("username" in creds) {
      const secret = new aws.secretsmanager.Secret(
        `${name}-source`,
        {
          name: `${id}-dms-source`,
          description:
            "DMS source connection (username, password, host, port, dbname) for the replication user",
          kmsKeyId: args.kmsKeyArn,
          recoveryWindowInDays: 7,
        },
        { parent: this, ...(args.retain ? { protect: true, retainOnDelete: true } : {}) },
      );
      const secretVersion = new aws.secretsmanager.SecretVersion(
        `${name}-source`,
        {
          secretId: secret.id,
          secretString: pulumi.secret(
            pulumi.all([args.host, args.port, creds.password]).apply(([host, port, password]) =>
              JSON.stringify({
                engine: "postgres",
                host,
                port,
                dbname: args.databaseName,
                username: creds.username,
                password,
              }),
            ),
          ),
        },
        { parent: this },
      );
      created = { secretArn: secret.arn, secretVersion };
      this.sourceSecretArn = secret.arn;
      secretKeyArn = args.kmsKeyArn;
    } else {
      if (args.prepareSource)
        throw new Error(
          `DmsReplication ${name}: prepareSource runs only on a source secret the stack creates`,
        );
      this.sourceSecretArn = pulumi.output(creds.secretArn);
      secretKeyArn = creds.secretKeyArn;
    }

    // DMS assumes the secret-access role through its regional service principal.
    this.secretAccessRole = new aws.iam.Role(
      `${name}-secret-access`,
      {
        name: `${id}-dms-secret-access`,
        assumeRolePolicy: region.apply((r) => JSON.stringify(serviceTrust(`dms.${r}.amazonaws.com`))),
      },
      { parent: this },
    );
    const secretRead = new aws.iam.RolePolicy(
      `${name}-secret-access`,
      {
        role: this.secretAccessRole.name,
        name: "read-dms-source-secret",
        policy: policyJson(
          pulumi.all([region, secretKeyArn]).apply(([r, key]): PolicyStatement[] => [
            {
              Sid: "ReadSecret",
              Effect: "Allow",
              Action: "secretsmanager:GetSecretValue",
              Resource: this.sourceSecretArn,
            },
            // The AWS managed key's policy lets the account's principals decrypt through Secrets
            // Manager: an IAM grant applies only to a customer-managed key.
            ...(key === undefined
              ? []
              : [
                  {
                    Sid: "DecryptSecret",
                    Effect: "Allow" as const,
                    Action: "kms:Decrypt",
                    Resource: key,
                    Condition: { StringEquals: { "kms:ViaService": viaService("secretsmanager", r) } },
                  },
                ]),
          ]),
        ),
      },
      { parent: this },
    );

    this.targetRole = new aws.iam.Role(
      `${name}-target`,
      {
        name: `${id}-dms-s3-target`,
        assumeRolePolicy: account.apply((a) => JSON.stringify(serviceTrust("dms.amazonaws.com", a))),
      },
      { parent: this },
    );
    const bucket = new BucketGrants(
      `${name}-raw`,
      { bucketArn: args.bucketArn, kmsKeyArn: args.kmsKeyArn },
      this,
    );
    // DMS rewrites its own files on reload, so it may delete under its prefix (and only there).
    const targetWrite = bucket.grantReadWrite(this.targetRole, `${prefix}/`);
    const tagging = new aws.iam.RolePolicy(
      `${name}-target-tagging`,
      {
        role: this.targetRole.name,
        name: "tag-dms-objects",
        policy: policyJson([
          {
            Sid: "TagObjects",
            Effect: "Allow",
            Action: "s3:PutObjectTagging",
            Resource: pulumi.interpolate`${args.bucketArn}/${prefix}/*`,
          },
        ]),
      },
      { parent: this },
    );

    const deps = args.dependsOn ?? [];
    const prepared = created ? args.prepareSource?.(created) : undefined;
    const subnetGroup = new aws.dms.ReplicationSubnetGroup(
      `${name}-subnets`,
      {
        replicationSubnetGroupId: `${id}-dms`,
        replicationSubnetGroupDescription: "Private subnets of DMS Serverless",
        subnetIds: args.subnetIds,
      },
      { parent: this, dependsOn: deps },
    );
    this.sourceEndpoint = new aws.dms.Endpoint(
      `${name}-source`,
      {
        endpointId: `${id}-aurora-source`,
        endpointType: "source",
        engineName: "aurora-postgresql",
        databaseName: args.databaseName,
        secretsManagerArn: this.sourceSecretArn,
        secretsManagerAccessRoleArn: this.secretAccessRole.arn,
        sslMode: "require",
        kmsKeyArn: args.kmsKeyArn,
        postgresSettings: {
          pluginName: "test-decoding",
          // Heartbeats keep the replication slot's restart LSN moving on quiet databases (WAL growth).
          heartbeatEnable: true,
          heartbeatFrequency: 5,
          heartbeatSchema: args.heartbeatSchema ?? DMS_HEARTBEAT_SCHEMA,
          captureDdls: false,
          mapBooleanAsBoolean: true,
        },
      },
      { parent: this, dependsOn: [secretRead] },
    );
    this.targetEndpoint = new aws.dms.S3Endpoint(
      `${name}-target`,
      {
        endpointId: `${id}-raw-target`,
        endpointType: "target",
        bucketName: args.bucketName,
        bucketFolder: prefix,
        serviceAccessRoleArn: this.targetRole.arn,
        expectedBucketOwner: account,
        dataFormat: "parquet",
        parquetVersion: "parquet-2-0",
        parquetTimestampInMillisecond: true,
        enableStatistics: true,
        compressionType: "GZIP",
        encryptionMode: "SSE_KMS",
        serverSideEncryptionKmsKeyId: args.kmsKeyArn,
        includeOpForFullLoad: true,
        timestampColumnName: "_dms_commit_ts",
        // Full-load rows get the task start time instead of the time each row was transferred,
        // so a change committed while the table loads is later than the full-load row and the
        // merge's sequence guard applies it (API_S3Settings: UseTaskStartTimeForFullLoadTimestamp;
        // aws-data-paths.md §1.2 [DMS-API-S3]).
        useTaskStartTimeForFullLoadTimestamp: true,
        addColumnName: true,
        cdcInsertsOnly: false,
        cdcMaxBatchInterval: 60,
        cdcMinFileSize: 32_000,
        datePartitionEnabled: true,
        datePartitionSequence: "YYYYMMDD",
        datePartitionDelimiter: "SLASH",
        // No DatePartitionTimezone: DMS then names date folders in UTC; the setting converts "the
        // current UTC time" to a zone given in Area/Location form (API_S3Settings:
        // DatePartitionTimezone, e.g. Asia/Seoul; aws-data-paths.md §1.1 [DMS-API-S3]).
      },
      { parent: this, dependsOn: [targetWrite, tagging] },
    );
    const tableMappings = dmsTableMappings(args.tables);
    const settings = {
      // Never drop what is already in the raw zone when a task restarts.
      FullLoadSettings: { TargetTablePrepMode: "DO_NOTHING" },
      Logging: { EnableLogging: true },
    };
    const replicationDeps = prepared ? [...deps, prepared] : deps;
    const compute = args.compute ?? { kind: "serverless" };
    const maintenanceWindow = "sun:05:00-sun:06:00";
    if (compute.kind === "serverless") {
      const config = new aws.dms.ReplicationConfig(
        name,
        {
          replicationConfigIdentifier: `${id}-aurora-to-raw`,
          replicationType: "full-load-and-cdc",
          sourceEndpointArn: this.sourceEndpoint.endpointArn,
          targetEndpointArn: this.targetEndpoint.endpointArn,
          tableMappings,
          replicationSettings: JSON.stringify(settings),
          // The provider starts the replication on create and waits for it to run.
          startReplication: args.startReplication ?? false,
          computeConfig: {
            replicationSubnetGroupId: subnetGroup.replicationSubnetGroupId,
            vpcSecurityGroupIds: args.securityGroupIds,
            minCapacityUnits: compute.minCapacityUnits ?? 1,
            maxCapacityUnits: compute.maxCapacityUnits ?? 4,
            multiAz: args.multiAz ?? false,
            kmsKeyId: args.kmsKeyArn,
            preferredMaintenanceWindow: maintenanceWindow,
          },
        },
        { parent: this, dependsOn: replicationDeps },
      );
      this.replicationConfig = config;
      this.arn = config.arn;
      // DMS Serverless metrics carry the replication config's identifier (not confirmed in a
      // stored AWS page: the DMS Serverless monitoring page is not in the corpus).
      this.metricDimensions = config.replicationConfigIdentifier.apply(
        (c): Record<string, string> => ({ ReplicationConfigIdentifier: c }),
      );
    } else {
      const instance = new aws.dms.ReplicationInstance(
        `${name}-instance`,
        {
          replicationInstanceId: `${id}-dms`,
          replicationInstanceClass: compute.instanceClass ?? "dms.t3.micro",
          allocatedStorage: compute.allocatedStorageGb ?? 50,
          multiAz: args.multiAz ?? false,
          publiclyAccessible: false,
          kmsKeyArn: args.kmsKeyArn,
          replicationSubnetGroupId: subnetGroup.replicationSubnetGroupId,
          vpcSecurityGroupIds: args.securityGroupIds,
          autoMinorVersionUpgrade: true,
          preferredMaintenanceWindow: maintenanceWindow,
        },
        { parent: this, dependsOn: deps },
      );
      const task = new aws.dms.ReplicationTask(
        name,
        {
          replicationTaskId: `${id}-aurora-to-raw`,
          migrationType: "full-load-and-cdc",
          replicationInstanceArn: instance.replicationInstanceArn,
          sourceEndpointArn: this.sourceEndpoint.endpointArn,
          targetEndpointArn: this.targetEndpoint.endpointArn,
          tableMappings,
          replicationTaskSettings: JSON.stringify(settings),
          // The provider starts the task once it is ready and waits for it to run
          // (dms/replication_task.go: StartReplicationTask, start-replication).
          startReplicationTask: args.startReplication ?? false,
        },
        { parent: this, dependsOn: replicationDeps },
      );
      this.replicationInstance = instance;
      this.replicationTask = task;
      this.arn = task.replicationTaskArn;
      // A task's metrics carry the instance's identifier and the task's resource identifier, the
      // last segment of its ARN (arn:aws:dms:<region>:<account>:task:<resource id>), not the
      // user-given task id. Not confirmed in a stored AWS page (the stored DMS monitoring pages do
      // not name the value); a console-exported dashboard charts CDCLatencyTarget with the
      // instance's own id and the task ARN's generated segment (tonytsheng/DBHUB
      // DMS/MON/dmswatch.json), and yace reads the instance id from the API for the same reason
      // (prometheus-community/yet-another-cloudwatch-exporter#492).
      this.metricDimensions = pulumi.all([instance.replicationInstanceId, task.replicationTaskArn]).apply(
        ([instanceId, taskArn]): Record<string, string> => ({
          ReplicationInstanceIdentifier: instanceId,
          ReplicationTaskIdentifier: taskResourceId(taskArn),
        }),
      );
    }
    this.registerOutputs({ arn: this.arn, sourceSecretArn: this.sourceSecretArn });
  }
}
