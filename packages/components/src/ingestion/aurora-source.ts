import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface AuroraSourceArgs {
  /** Cluster identifier. */
  identifier: pulumi.Input<string>;
  /** Isolated subnets (no route to the internet), at least two AZs. */
  subnetIds: pulumi.Input<pulumi.Input<string>[]>;
  securityGroupIds: pulumi.Input<pulumi.Input<string>[]>;
  kmsKeyArn: pulumi.Input<string>;
  databaseName: string;
  /** @default "lakehouse_admin" */
  masterUsername?: string;
  /** @default "16.6" */
  engineVersion?: string;
  /** ACUs. @default 0.5 */
  minCapacity?: number;
  /** ACUs. @default 4 */
  maxCapacity?: number;
  /** @default 7 */
  backupRetentionDays?: number;
  /** Deletion protection, final snapshot, Pulumi protect and retain on delete. @default true */
  retainData?: boolean;
  /** Serverless v2 instances (writer first). @default 1 */
  instanceCount?: number;
}

/**
 * Aurora PostgreSQL Serverless v2, ready as a DMS CDC source: isolated subnets, KMS storage,
 * master password managed in Secrets Manager (encrypted with the platform key), logical
 * replication and TLS-only connections in the cluster parameter group, backups, and in
 * retained stacks deletion protection and a final snapshot.
 */
export class AuroraSource extends pulumi.ComponentResource {
  readonly cluster: aws.rds.Cluster;
  readonly instances: aws.rds.ClusterInstance[];
  readonly parameterGroup: aws.rds.ClusterParameterGroup;
  readonly arn: pulumi.Output<string>;
  readonly endpoint: pulumi.Output<string>;
  readonly port: pulumi.Output<number>;
  /** The RDS-managed master user secret (username and password only). */
  readonly masterSecretArn: pulumi.Output<string>;
  /** The parameter group's static (pending-reboot) parameters as JSON: what a reboot must apply. */
  readonly staticParameters: pulumi.Output<string>;

  constructor(name: string, args: AuroraSourceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lakehouse:ingestion:AuroraSource", name, {}, opts);
    const retain = args.retainData ?? true;
    const version = args.engineVersion ?? "16.6";
    const family = `aurora-postgresql${version.split(".")[0]}`;
    const stateful = retain ? { protect: true, retainOnDelete: true } : {};

    this.parameterGroup = new aws.rds.ClusterParameterGroup(
      `${name}-params`,
      {
        name: pulumi.interpolate`${args.identifier}-params`,
        family,
        description: "Logical replication for DMS CDC; TLS-only connections",
        parameters: [
          { name: "rds.logical_replication", value: "1", applyMethod: "pending-reboot" },
          { name: "rds.force_ssl", value: "1", applyMethod: "pending-reboot" },
          // Keep WAL for a replication slot DMS has not read yet, but not forever (MB).
          { name: "max_slot_wal_keep_size", value: "65536", applyMethod: "pending-reboot" },
        ],
      },
      { parent: this },
    );
    const subnets = new aws.rds.SubnetGroup(
      `${name}-subnets`,
      {
        name: pulumi.interpolate`${args.identifier}-isolated`,
        subnetIds: args.subnetIds,
        description: "Isolated subnets",
      },
      { parent: this },
    );
    this.cluster = new aws.rds.Cluster(
      name,
      {
        clusterIdentifier: args.identifier,
        engine: aws.rds.EngineType.AuroraPostgresql,
        engineMode: "provisioned",
        engineVersion: version,
        databaseName: args.databaseName,
        masterUsername: args.masterUsername ?? "lakehouse_admin",
        manageMasterUserPassword: true,
        masterUserSecretKmsKeyId: args.kmsKeyArn,
        storageEncrypted: true,
        kmsKeyId: args.kmsKeyArn,
        dbSubnetGroupName: subnets.name,
        vpcSecurityGroupIds: args.securityGroupIds,
        dbClusterParameterGroupName: this.parameterGroup.name,
        serverlessv2ScalingConfiguration: {
          minCapacity: args.minCapacity ?? 0.5,
          maxCapacity: args.maxCapacity ?? 4,
        },
        backupRetentionPeriod: args.backupRetentionDays ?? 7,
        preferredBackupWindow: "02:00-03:00",
        preferredMaintenanceWindow: "sun:04:00-sun:05:00",
        copyTagsToSnapshot: true,
        deletionProtection: retain,
        skipFinalSnapshot: !retain,
        finalSnapshotIdentifier: retain ? pulumi.interpolate`${args.identifier}-final` : undefined,
        iamDatabaseAuthenticationEnabled: true,
        // The RDS Data API, through which the stack creates the DMS user; on a provisioned
        // (Serverless v2) cluster the provider enables it after create (terraform-provider-aws
        // internal/service/rds/cluster.go enableHTTPEndpointProvisioned).
        enableHttpEndpoint: true,
        enabledCloudwatchLogsExports: ["postgresql"],
      },
      { parent: this, ...stateful },
    );
    this.instances = Array.from(
      { length: args.instanceCount ?? 1 },
      (_, i) =>
        new aws.rds.ClusterInstance(
          `${name}-${i + 1}`,
          {
            identifier: pulumi.interpolate`${args.identifier}-${i + 1}`,
            clusterIdentifier: this.cluster.id,
            engine: aws.rds.EngineType.AuroraPostgresql,
            engineVersion: version,
            instanceClass: "db.serverless",
            dbSubnetGroupName: subnets.name,
            publiclyAccessible: false,
            autoMinorVersionUpgrade: true,
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: args.kmsKeyArn,
            promotionTier: i,
          },
          { parent: this, ...stateful },
        ),
    );
    this.arn = this.cluster.arn;
    this.endpoint = this.cluster.endpoint;
    this.port = this.cluster.port;
    // Static parameters apply only when an instance reboots; DmsReplicationUser reboots on a change.
    this.staticParameters = this.parameterGroup.parameters.apply((ps) =>
      JSON.stringify(
        (ps ?? [])
          .filter((p) => p.applyMethod === "pending-reboot")
          .map((p) => [p.name, p.value])
          .sort(),
      ),
    );
    this.masterSecretArn = this.cluster.masterUserSecrets.apply((s) => s?.[0]?.secretArn ?? "");
    this.registerOutputs({ arn: this.arn, endpoint: this.endpoint, masterSecretArn: this.masterSecretArn });
  }
}
