import { ofType, resourceRule } from "../rule";
import { isProduction } from "../subject";

const CLUSTER = ofType("aws:rds/cluster:Cluster");

export const auroraEncrypted = resourceRule(
  "aurora-encrypted",
  "mandatory",
  "Aurora clusters encrypt their storage.",
  CLUSTER,
  (cluster) =>
    cluster.inputs.storageEncrypted === true
      ? undefined
      : "stores data unencrypted (the default for provisioned clusters): set storageEncrypted: true and kmsKeyId to the platform key; this replaces an existing cluster, so restore from an encrypted snapshot.",
);

export const auroraNotPublic = resourceRule(
  "aurora-not-public",
  "mandatory",
  "Database instances are not reachable from the internet.",
  ofType("aws:rds/clusterInstance:ClusterInstance", "aws:rds/instance:Instance"),
  (instance) =>
    instance.inputs.publiclyAccessible === true
      ? "is publicly accessible: set publiclyAccessible: false and reach it from inside the VPC (DMS, Lambda) instead."
      : undefined,
);

export const auroraDeletionProtection = resourceRule(
  "aurora-deletion-protection",
  "mandatory",
  "Production Aurora clusters have deletion protection.",
  CLUSTER,
  (cluster) =>
    !isProduction(cluster.stack) || cluster.inputs.deletionProtection === true
      ? undefined
      : "can be deleted in production: set deletionProtection: true.",
);

export const auroraBackupRetention = resourceRule(
  "aurora-backup-retention",
  "advisory",
  "Production Aurora clusters keep automated backups for at least 7 days.",
  CLUSTER,
  (cluster) => {
    const days = cluster.inputs.backupRetentionPeriod;
    if (!isProduction(cluster.stack) || (typeof days === "number" && days >= 7)) return undefined;
    return `keeps backups for ${typeof days === "number" ? `${days} day(s)` : "1 day (the default)"}: set backupRetentionPeriod to 7 or more in production.`;
  },
);

export const rdsRules = [auroraEncrypted, auroraNotPublic, auroraDeletionProtection, auroraBackupRetention];
