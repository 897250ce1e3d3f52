import { RDSDataClient } from "@aws-sdk/client-rds-data";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { ensureReplicationUser, type ReplicationUserRequest } from "./replication-user";

const clients = { rdsData: new RDSDataClient({}), secrets: new SecretsManagerClient({}) };

/**
 * Invoked once per deploy by the stack (aws.lambda.Invocation): creates or updates the DMS
 * replication user through the RDS Data API. A thrown error fails the invocation, and so the
 * `pulumi up`, before DMS starts replicating.
 */
export async function handler(event: ReplicationUserRequest) {
  const result = await ensureReplicationUser(event, clients);
  console.log(JSON.stringify({ message: "replication user ready", ...result }));
  return result;
}
