import type { TracingMode } from "@aws-sdk/client-lambda";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { viaService } from "../security/policy";
import { LambdaExecutionRole } from "./lambda-execution-role";

export interface DmsReplicationUserArgs {
  /** Physical function name. */
  name: pulumi.Input<string>;
  /** The deployment package: `index.js` exporting `handler` (projects/ingestion/functions/dms-user). */
  code: pulumi.asset.Archive;
  /** The Aurora cluster, with the RDS Data API enabled. */
  clusterArn: pulumi.Input<string>;
  /** The RDS-managed master user secret the Data API signs in with. */
  masterSecretArn: pulumi.Input<string>;
  database: string;
  /** The DMS source secret: username and password of the user to create. */
  userSecretArn: pulumi.Input<string>;
  /** Version of that secret's value: a new password re-runs the function. */
  userSecretVersionId: pulumi.Input<string>;
  /** Schemas whose tables the user reads. */
  schemas: string[];
  /** Schema of DMS's heartbeat table (the source endpoint's heartbeatSchema); the user may create in it. */
  heartbeatSchema: string;
  /** Roles owning replicated tables besides the master: the user reads their future tables. @default none */
  tableOwners?: string[];
  /** DDL creating the replicated tables, run first (a cluster the stack created). @default none */
  schemaStatements?: string[];
  /**
   * A cluster the stack created: the function reboots its instances pending a static parameter
   * change first, re-invoked whenever `staticParameters` change. @default none (an attached cluster)
   */
  reboot?: {
    clusterIdentifier: pulumi.Input<string>;
    /** ARNs of the cluster's instances (`rds:RebootDBInstance`, `rds:DescribeDBInstances`). */
    instanceArns: pulumi.Input<string>[];
    /** The cluster parameter group's static parameters, e.g. as JSON: a change re-invokes the function. */
    staticParameters: pulumi.Input<string>;
  };
  /** Key of both secrets (through Secrets Manager) and of the function's log group. */
  kmsKeyArn: pulumi.Input<string>;
  /** @default 30 */
  logRetentionDays?: number;
  /** What must exist first: the cluster's instances (the Data API needs a writer) and the secret's value. */
  dependsOn: pulumi.Input<pulumi.Resource>[];
}

/**
 * Creates the DMS replication user in the same `pulumi up`, with no manual SQL: a function that
 * runs the grants through the RDS Data API as the master user, invoked once by the engine
 * (`aws.lambda.Invocation`, re-invoked when its input changes). Its role may run statements on
 * this cluster and read these two secrets, nothing else.
 */
export class DmsReplicationUser extends pulumi.ComponentResource {
  readonly function: aws.lambda.Function;
  readonly role: aws.iam.Role;
  readonly invocation: aws.lambda.Invocation;

  constructor(name: string, args: DmsReplicationUserArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:ingestion:DmsReplicationUser", name, {}, opts);
    const execution = new LambdaExecutionRole(
      `${name}`,
      {
        functionName: args.name,
        kmsKeyArn: args.kmsKeyArn,
        logRetentionDays: args.logRetentionDays,
        policyName: "create-replication-user",
        statements: (r) => [
          {
            // The Data API authorizes on the cluster (Service Authorization Reference: rds-data, cluster).
            Sid: "RunStatements",
            Effect: "Allow",
            Action: "rds-data:ExecuteStatement",
            Resource: args.clusterArn,
          },
          {
            Sid: "ReadSecrets",
            Effect: "Allow",
            Action: "secretsmanager:GetSecretValue",
            Resource: [args.masterSecretArn, args.userSecretArn],
          },
          {
            Sid: "DecryptSecrets",
            Effect: "Allow",
            Action: "kms:Decrypt",
            Resource: args.kmsKeyArn,
            Condition: { StringEquals: { "kms:ViaService": viaService("secretsmanager", r) } },
          },
          ...(args.reboot
            ? [
                {
                  // Reads the members' parameter status (Service Authorization Reference: rds, cluster).
                  Sid: "ReadClusterMembers",
                  Effect: "Allow" as const,
                  Action: "rds:DescribeDBClusters",
                  Resource: args.clusterArn,
                },
                {
                  // Reboots a pending instance and waits for it (rds, db).
                  Sid: "ApplyStaticParameters",
                  Effect: "Allow" as const,
                  Action: ["rds:RebootDBInstance", "rds:DescribeDBInstances"],
                  Resource: args.reboot.instanceArns,
                },
              ]
            : []),
        ],
        formerParent: this,
      },
      { parent: this },
    );
    this.role = execution.role;
    const logGroup = execution.logGroup;
    const policy = execution.policy;
    this.function = new aws.lambda.Function(
      name,
      {
        name: args.name,
        description:
          "Creates or updates the DMS replication user of the Aurora source (RDS Data API), once per deploy",
        role: this.role.arn,
        runtime: aws.lambda.Runtime.NodeJS22dX,
        architectures: ["arm64"],
        handler: "index.handler",
        code: args.code,
        memorySize: 256,
        // Rebooting pending instances one at a time and waiting for each takes minutes.
        timeout: args.reboot ? 900 : 120,
        kmsKeyArn: args.kmsKeyArn,
        tracingConfig: { mode: "Active" satisfies TracingMode },
        loggingConfig: {
          logFormat: "JSON",
          logGroup: logGroup.name,
          applicationLogLevel: "INFO",
          systemLogLevel: "WARN",
        },
      },
      { parent: this, dependsOn: [policy] },
    );
    // CREATE_ONLY (the default): invoked on create and whenever the input changes.
    this.invocation = new aws.lambda.Invocation(
      name,
      {
        functionName: this.function.name,
        input: pulumi
          .all([args.clusterArn, args.masterSecretArn, args.userSecretArn, args.reboot?.clusterIdentifier])
          .apply(([clusterArn, masterSecretArn, userSecretArn, rebootPendingCluster]) =>
            JSON.stringify({
              clusterArn,
              masterSecretArn,
              database: args.database,
              userSecretArn,
              schemas: args.schemas,
              heartbeatSchema: args.heartbeatSchema,
              tableOwners: args.tableOwners ?? [],
              schemaStatements: args.schemaStatements ?? [],
              ...(rebootPendingCluster ? { rebootPendingCluster } : {}),
            }),
          ),
        triggers: {
          userSecretVersion: args.userSecretVersionId,
          ...(args.reboot ? { staticParameters: args.reboot.staticParameters } : {}),
        },
      },
      { parent: this, dependsOn: args.dependsOn },
    );
    this.registerOutputs({ functionName: this.function.name });
  }
}
