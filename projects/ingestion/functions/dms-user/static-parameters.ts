import {
  DescribeDBClustersCommand,
  type RDSClient,
  RebootDBInstanceCommand,
  waitUntilDBInstanceAvailable,
} from "@aws-sdk/client-rds";

/**
 * Applies a changed static cluster parameter (e.g. `rds.logical_replication`, which DMS needs):
 * RDS keeps such a change pending until each instance reboots (DBClusterMember
 * `DBClusterParameterGroupStatus` = `pending-reboot`, API_DBClusterMember; Aurora user guide,
 * "Parameter groups": static parameters apply after a manual reboot), and nothing else reboots
 * them. Reboots the pending instances one at a time, readers before the writer, each waited for
 * until available; returns the identifiers rebooted. Run only on a cluster the stack created.
 */
export async function applyPendingReboot(
  clusterIdentifier: string,
  rds: Pick<RDSClient, "send">,
  waitForAvailable: (instance: string) => Promise<unknown> = (instance) =>
    waitUntilDBInstanceAvailable(
      { client: rds as RDSClient, maxWaitTime: 600 },
      { DBInstanceIdentifier: instance },
    ),
): Promise<string[]> {
  const described = await rds.send(new DescribeDBClustersCommand({ DBClusterIdentifier: clusterIdentifier }));
  const cluster = described.DBClusters?.[0];
  if (!cluster) throw new Error(`cluster ${clusterIdentifier} not found`);
  const pending = (cluster.DBClusterMembers ?? [])
    .filter((m) => m.DBClusterParameterGroupStatus === "pending-reboot" && m.DBInstanceIdentifier)
    .sort((a, b) => Number(a.IsClusterWriter ?? false) - Number(b.IsClusterWriter ?? false))
    .map((m) => m.DBInstanceIdentifier as string);
  for (const instance of pending) {
    await rds.send(new RebootDBInstanceCommand({ DBInstanceIdentifier: instance }));
    await waitForAvailable(instance);
  }
  return pending;
}
