import { ExecuteStatementCommand, type RDSDataClient } from "@aws-sdk/client-rds-data";
import { GetSecretValueCommand, type SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { scramSha256Verifier } from "./scram";

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
  /** The schema of DMS's heartbeat table (the source endpoint's `heartbeatSchema`), none of `schemas`. */
  heartbeatSchema: string;
  /**
   * Roles that own (or will create) replicated tables, besides the master user: the DMS user may
   * read their future tables too. The master user must be a member of each.
   */
  tableOwners: string[];
  /** DDL run first, when the stack created the cluster (its replicated tables); none for an attached one. */
  schemaStatements: string[];
  /**
   * The identifier of a cluster the stack created, whose instances pending a static parameter
   * change are rebooted first (static-parameters.ts); absent for an attached cluster.
   */
  rebootPendingCluster?: string;
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

export interface ReplicationUser {
  username: string;
  /** The login's SCRAM-SHA-256 verifier (scram.ts), never the password itself. */
  verifier: string;
  schemas: string[];
  heartbeatSchema: string;
  tableOwners: string[];
}

/**
 * The statements that make `username` a DMS source user, each idempotent so a re-run (password
 * rotation, replaced invocation, DMS already running) converges:
 * - the login, with a SCRAM-SHA-256 verifier instead of the password, so the password is in no
 *   SQL text the server logs or keeps in pg_stat_statements;
 * - `rds_replication` (logical slots) and `rds_superuser`: the DMS PostgreSQL source guide requires
 *   both for a user other than the master (CHAP_Source.PostgreSQL, "Working with an AWS-managed
 *   PostgreSQL database as a DMS source"; aws-data-paths.md §2.3 [DMS-PG]). rds_superuser is no
 *   PostgreSQL superuser (NOSUPERUSER, Aurora user guide "Understanding the rds_superuser role"):
 *   it reads no table it was not granted, so the SELECT grants below stay;
 * - its own heartbeat schema, where DMS creates `awsdms_heartbeat` as this user: in a replicated
 *   schema, `GRANT ... ON ALL TABLES` by the master would fail on that table (not the owner);
 * - USAGE and SELECT, never CREATE, on the replicated schemas, now and for future tables of the
 *   master and of each table owner (`ALTER DEFAULT PRIVILEGES FOR ROLE`: without it, defaults
 *   cover only tables the master itself creates).
 */
export function replicationUserStatements(user: ReplicationUser): string[] {
  const name = identifier(user.username, "username");
  const heartbeat = identifier(user.heartbeatSchema, "heartbeat schema");
  const schemas = user.schemas.map((s) => identifier(s, "schema"));
  const owners = user.tableOwners.map((o) => identifier(o, "table owner"));
  if (schemas.includes(heartbeat))
    throw new Error(`the heartbeat schema "${heartbeat}" must not be a replicated schema`);
  if (!/^SCRAM-SHA-256\$\d+:[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/.test(user.verifier))
    throw new Error("the password must be given as a SCRAM-SHA-256 verifier");
  const verifier = literal(user.verifier);
  return [
    `DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = ${literal(name)}) THEN
    CREATE ROLE ${name} LOGIN PASSWORD ${verifier};
  ELSE
    ALTER ROLE ${name} LOGIN PASSWORD ${verifier};
  END IF;
END $$`,
    `GRANT rds_replication TO ${name}`,
    `GRANT rds_superuser TO ${name}`,
    // Named before anything is granted: the master can set defaults only for roles it is a member of.
    ...owners.map(
      (owner) => `DO $$ BEGIN
  IF NOT pg_has_role(current_user, ${literal(owner)}, 'MEMBER') THEN
    RAISE EXCEPTION 'table owner % : the master user % is not a member of it; run GRANT % TO % as its owner or an admin', ${literal(owner)}, current_user, ${literal(owner)}, current_user;
  END IF;
END $$`,
    ),
    `CREATE SCHEMA IF NOT EXISTS ${heartbeat}`,
    `GRANT USAGE, CREATE ON SCHEMA ${heartbeat} TO ${name}`,
    ...schemas.flatMap((schema) => [
      `GRANT USAGE ON SCHEMA ${schema} TO ${name}`,
      // Earlier versions granted CREATE here (the heartbeat table lived in a replicated schema).
      `REVOKE CREATE ON SCHEMA ${schema} FROM ${name}`,
      `GRANT SELECT ON ALL TABLES IN SCHEMA ${schema} TO ${name}`,
      `ALTER DEFAULT PRIVILEGES IN SCHEMA ${schema} GRANT SELECT ON TABLES TO ${name}`,
      ...owners.map(
        (owner) =>
          `ALTER DEFAULT PRIVILEGES FOR ROLE ${owner} IN SCHEMA ${schema} GRANT SELECT ON TABLES TO ${name}`,
      ),
    ]),
  ];
}

export interface Clients {
  rdsData: Pick<RDSDataClient, "send">;
  secrets: Pick<SecretsManagerClient, "send">;
}

/**
 * Creates the replicated tables (when asked), then creates or updates the replication user, through
 * the RDS Data API as the master user; returns the statements' count.
 */
export async function ensureReplicationUser(request: ReplicationUserRequest, clients: Clients) {
  const secret = await clients.secrets.send(new GetSecretValueCommand({ SecretId: request.userSecretArn }));
  const { username, password } = JSON.parse(secret.SecretString ?? "{}") as {
    username?: string;
    password?: string;
  };
  if (!username || !password) throw new Error(`secret ${request.userSecretArn} has no username and password`);
  const statements = [
    ...request.schemaStatements,
    ...replicationUserStatements({
      username,
      verifier: scramSha256Verifier(password),
      schemas: request.schemas,
      heartbeatSchema: request.heartbeatSchema,
      tableOwners: request.tableOwners,
    }),
  ];
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
