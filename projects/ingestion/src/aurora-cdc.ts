import { AuroraSource, DmsAccountRoles, DmsReplication, type LayerContext } from "@lakehouse/components";
import { RAW_PREFIXES } from "@lakehouse/contracts";
import type { IngestionConfig, IngestionSecrets } from "./config";
import type { Upstream } from "./upstream";

/** Aurora PostgreSQL -> DMS Serverless (full load + CDC) -> raw zone (Parquet). */
export function auroraCdc(
  ctx: LayerContext,
  config: IngestionConfig,
  secrets: IngestionSecrets,
  up: Upstream,
) {
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
  const dmsRoles = new DmsAccountRoles("dms-account-roles", {
    createVpcRole: config.dmsCreateVpcRole,
    createCloudWatchLogsRole: config.dmsCreateCloudWatchLogsRole,
  });
  const dms = new DmsReplication("aurora-cdc", {
    identifier: prefix,
    host: aurora.endpoint,
    port: aurora.port,
    databaseName: config.auroraDatabaseName,
    username: config.dmsUsername,
    password: secrets.dmsSourcePassword,
    tables: config.dmsTables,
    subnetIds: up.privateSubnetIds,
    securityGroupIds: sgs.apply((s) => [s.dms]),
    kmsKeyArn: up.kmsKeyArn,
    ...up.raw,
    prefix: RAW_PREFIXES.auroraCdc,
    minCapacityUnits: config.dmsMinCapacityUnits,
    maxCapacityUnits: config.dmsMaxCapacityUnits,
    multiAz: config.dmsMultiAz,
    startReplication: config.dmsStartReplication,
    dependsOn: dmsRoles.dependencies,
  });
  return { aurora, dms };
}
