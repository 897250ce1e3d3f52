import { RDSClient } from "@aws-sdk/client-rds";
import { RDSDataClient } from "@aws-sdk/client-rds-data";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ensureReplicationUser, type ReplicationUserRequest } from "./replication-user";
import { applyPendingReboot } from "./static-parameters";

const clients = { rdsData: new RDSDataClient({}), secrets: new SecretsManagerClient({}) };
const rds = new RDSClient({});

/**
 * Invoked by the stack (aws.lambda.Invocation) on create, when its input changes and when a static
 * cluster parameter changes: on a cluster the stack created, first reboots the instances whose
 * parameters are pending a reboot; then creates the replicated tables (a new cluster) and creates
 * or updates the DMS replication user through the RDS Data API. A thrown error fails the
 * invocation, and so the `pulumi up`, before DMS starts replicating.
 */
export async function handler(event: ReplicationUserRequest) {
  const rebooted = event.rebootPendingCluster
    ? await applyPendingReboot(event.rebootPendingCluster, rds)
    : [];
  const result = await ensureReplicationUser(event, clients);
  console.log(JSON.stringify({ message: "replication user ready", rebooted, ...result }));
  return { rebooted, ...result };
}
