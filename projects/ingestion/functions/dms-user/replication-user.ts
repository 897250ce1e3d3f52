import { ExecuteStatementCommand, type RDSDataClient } from "@aws-sdk/client-rds-data";
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/** What the stack passes (aws.lambda.Invocation input): where the user goes and where its password is. */
export interface ReplicationUserRequest {
  /** Aurora cluster ARN (Data API resource). */
  clusterArn: string;
  /** The RDS-managed master user secret the Data API authenticates with. */
  masterSecretArn: string;
  database: string;
  /** The DMS source secret (username and password of the replication user). */
  userSecretArn: string;
  /** Schemas whose tables DMS reads. */
  schemas: string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** `'it''s'`: a PostgreSQL string literal (DDL takes no bind parameters). */
export function literal(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function identifier(name: string, what: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`${what} "${name}" is not a plain SQL identifier`);
  return name;
}

/**
 * The statements that make `username` a DMS source user, each idempotent so a re-run (password
 * rotation, replaced invocation) converges: login with the current password, `rds_replication`
 * for the logical replication slot (Aurora PostgreSQL user guide, logical replication), read on
 * the replicated schemas' tables now and later, and its heartbeat table there.
 */
export function replicationUserStatements(username: string, password: string, schemas: string[]): string[] {
  const user = identifier(username, "username");
  if (password.includes("$$"))
    throw new Error("the password must not contain $$ (it is quoted inside a DO block)");
  return [
    `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(user)}) THEN
    CREATE ROLE ${user} LOGIN PASSWORD ${literal(password)};
  ELSE
    ALTER ROLE ${user} LOGIN PASSWORD ${literal(password)};
  END IF;
END $$`,
    `GRANT rds_replication TO ${user}`,
    ...schemas.flatMap((s) => {
      const schema = identifier(s, "schema");
      return [
        // CREATE: DMS keeps its heartbeat table (heartbeatEnable) in the replicated schema.
        `GRANT USAGE, CREATE ON SCHEMA ${schema} TO ${user}`,
        `GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${user}`,
        `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT ON TABLES TO ${user}`,
      ];
    }),
  ];
}

export interface Clients {
  rdsData: Pick<RDSDataClient, "send">;
  secrets: Pick<SecretsManagerClient, "send">;
}

/** Creates or updates the replication user through the RDS Data API; returns the statements' count. */
export async function ensureReplicationUser(request: ReplicationUserRequest, clients: Clients) {
  const secret = await clients.secrets.send(new GetSecretValueCommand({ SecretId: request.userSecretArn }));
  const { username, password } = JSON.parse(secret.SecretString ?? "{}") as {
    username?: string;
    password?: string;
  };
  if (!username || !password) throw new Error(`secret ${request.userSecretArn} has no username and password`);
  const statements = replicationUserStatements(username, password, request.schemas);
  for (const sql of statements) {
    await clients.rdsData.send(
      new ExecuteStatementCommand({
        resourceArn: request.clusterArn,
        secretArn: request.masterSecretArn,
        database: request.database,
        sql,
      }),
    );
  }
  return { username, statements: statements.length };
}
