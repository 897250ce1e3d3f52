import {
  type AttachedCluster,
  AuroraSource,
  DMS_HEARTBEAT_SCHEMA,
  DmsReplication,
  DmsReplicationUser,
  type LayerContext,
} from "@lakehouse/components";
import { RAW_PREFIXES } from "@lakehouse/contracts";
import * as random from "@pulumi/random";
import { dmsUserArchive } from "./bundle";
import type { IngestionConfig } from "./config";
import { sourceSchemaStatements } from "./source-schema";
import type { Upstream } from "./upstream";

/**
 * The DMS replication both paths share: DMS's subnets, group and the raw-zone target. The DMS
 * account roles are the account baseline's (bootstrap), not this stack's.
 */
function replication(ctx: LayerContext, config: IngestionConfig, up: Upstream) {
  return {
    identifier: ctx.namePrefix,
    databaseName: config.auroraDatabaseName,
    tables: config.dmsTables,
    heartbeatSchema: DMS_HEARTBEAT_SCHEMA,
    subnetIds: up.privateSubnetIds,
    securityGroupIds: up.securityGroupIds.apply((s) => [s.dms]),
    kmsKeyArn: up.kmsKeyArn,
    retain: ctx.retainData,
    ...up.raw,
    prefix: RAW_PREFIXES.auroraCdc,
    compute:
      config.dmsReplication === "instance"
        ? {
            kind: "instance" as const,
            instanceClass: config.dmsInstanceClass,
            allocatedStorageGb: config.dmsAllocatedStorageGb,
          }
        : {
            kind: "serverless" as const,
            minCapacityUnits: config.dmsMinCapacityUnits,
            maxCapacityUnits: config.dmsMaxCapacityUnits,
          },
    multiAz: config.dmsMultiAz,
    startReplication: true,
  };
}

/**
 * Aurora PostgreSQL -> DMS from an attached cluster: nothing is created for the
 * cluster. DMS connects to its endpoint with its owner's replication-user secret; the owner keeps
 * the user, its grants and the replicated tables (README "Attaching existing sources").
 */
export function attachedAuroraCdc(
  ctx: LayerContext,
  config: IngestionConfig,
  up: Upstream,
  cluster: AttachedCluster,
) {
  const dms = new DmsReplication("aurora-cdc", {
    ...replication(ctx, config, up),
    host: cluster.endpoint,
    port: cluster.port,
    credentials: { secretArn: cluster.secretArn, secretKeyArn: cluster.secretKeyArn },
  });
  return { clusterArn: cluster.arn, secretKeyArn: cluster.secretKeyArn ?? "", dms, created: undefined };
}

/**
 * Aurora PostgreSQL -> DMS (full load + CDC) -> raw zone (Parquet), live after one
 * `pulumi up`: the stack generates the replication user's password, creates the user through the
 * RDS Data API, and only then creates and starts the replication.
 */
export function auroraCdc(ctx: LayerContext, config: IngestionConfig, up: Upstream) {
  const prefix = ctx.namePrefix;
  const sgs = up.securityGroupIds;
  const aurora = new AuroraSource("source-db", {
    identifier: `${prefix}-source`,
    subnetIds: up.isolatedSubnetIds,
    securityGroupIds: sgs.apply((s) => [s.database]),
    kmsKeyArn: up.kmsKeyArn,
    databaseName: config.auroraDatabaseName,
    engineVersion: config.auroraEngineVersion,
    minCapacity: config.auroraMinCapacity,
    maxCapacity: config.auroraMaxCapacity,
    instanceCount: config.auroraInstanceCount,
    backupRetentionDays: config.auroraBackupRetentionDays,
    retainData: ctx.retainData,
  });
  // Generated once and kept in state (a Pulumi secret) and in the DMS source secret; no person
  // invents it. Printable ASCII only: the function sends its SCRAM verifier, which SASLprep leaves
  // unchanged for such a password.
  const password = new random.RandomPassword("dms-user-password", {
    length: 32,
    special: true,
    overrideSpecial: "!#%*-_=+",
  });
  const dms = new DmsReplication("aurora-cdc", {
    ...replication(ctx, config, up),
    host: aurora.endpoint,
    port: aurora.port,
    credentials: { username: config.dmsUsername, password: password.result },
    prepareSource: ({ secretArn, secretVersion }) =>
      new DmsReplicationUser("dms-user", {
        name: `${prefix}-dms-user`,
        code: dmsUserArchive(),
        clusterArn: aurora.arn,
        masterSecretArn: aurora.masterSecretArn,
        database: config.auroraDatabaseName,
        userSecretArn: secretArn,
        userSecretVersionId: secretVersion.versionId,
        schemas: [...new Set(config.dmsTables.map((t) => t.schema))],
        heartbeatSchema: DMS_HEARTBEAT_SCHEMA,
        tableOwners: config.auroraTableOwners,
        // The cluster is new and empty: its replicated tables exist before DMS starts.
        schemaStatements: sourceSchemaStatements(config.dmsTables),
        // A later change to a static parameter (logical replication, WAL keep size) applies only
        // after a reboot: the function reboots the pending instances before DMS is touched.
        reboot: {
          clusterIdentifier: aurora.cluster.clusterIdentifier,
          instanceArns: aurora.instances.map((i) => i.arn),
          staticParameters: aurora.staticParameters,
        },
        kmsKeyArn: up.kmsKeyArn,
        logRetentionDays: config.logRetentionDays,
        // The Data API needs a running writer; the secret must hold the password.
        dependsOn: [...aurora.instances, secretVersion],
      }).invocation,
  });
  return { clusterArn: aurora.arn, secretKeyArn: up.kmsKeyArn, dms, created: aurora };
}
