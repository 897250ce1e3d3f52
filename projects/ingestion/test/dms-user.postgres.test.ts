import { ExecuteStatementCommand } from "@aws-sdk/client-rds-data";
import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { type ProgramRun, readStackConfig } from "@lakehouse/testing";
import type pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureReplicationUser, type ReplicationUserRequest } from "../functions/dms-user/replication-user";
import { ingestionConfigShape } from "../src/config";
import { BOOTSTRAP_USER, type Postgres, startPostgres } from "./support/postgres";
import { inputs, repoRoot, runIngestion } from "./support/program";

// The DMS-user function's SQL on a real PostgreSQL, shaped like a new Aurora cluster: a master user
// that is no superuser but a member of rds_superuser (Aurora user guide, "Understanding the
// rds_superuser role": CREATE ROLE postgres WITH LOGIN NOSUPERUSER CREATEDB CREATEROLE ...), the
// rds_replication role, the database the cluster was created with, owned by the master, and an
// application role that owns tables of its own. The request is the one the dev stack's program
// sends (aws.lambda.Invocation input); the Data API is a client that runs each statement as the
// master user. Then DMS is played as DMS behaves: it logs in with the secret's password and its
// heartbeat creates `awsdms_heartbeat` in the endpoint's heartbeat schema (public by default).

const MASTER = "lakehouse_admin";
const APP = "app_writer";
const PASSWORD = "Dms-Pw_1!#%*=+generated";

let server: Postgres;
let admin: pg.Client;
let run: ProgramRun;
let request: ReplicationUserRequest;
let username: string;
let heartbeatSchema: string;
const ran: string[] = [];

/** Secrets Manager and the RDS Data API as the function sees them, the latter backed by the real server. */
function clients() {
  return {
    secrets: {
      send: async (command: unknown) => {
        if (!(command instanceof GetSecretValueCommand)) throw new Error("unexpected Secrets Manager call");
        expect(command.input.SecretId).toBe(request.userSecretArn);
        return { SecretString: JSON.stringify({ username, password: PASSWORD, host: "h", port: 5432 }) };
      },
    },
    rdsData: {
      send: async (command: unknown) => {
        if (!(command instanceof ExecuteStatementCommand)) throw new Error("unexpected Data API call");
        expect(command.input).toMatchObject({
          resourceArn: request.clusterArn,
          secretArn: request.masterSecretArn,
          database: request.database,
        });
        const sql = String(command.input.sql);
        ran.push(sql);
        // The Data API runs each statement in its own transaction (no transactionId) as the secret's user.
        const master = await server.local(MASTER, request.database);
        try {
          await master.query(sql);
        } finally {
          await master.end();
        }
        return {};
      },
    },
  };
}

const asDms = () => server.login(username, PASSWORD, request.database);

async function selectAs(client: pg.Client, table: string) {
  return (await client.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
}

beforeAll(async () => {
  // The dev stack, with the application's role declared as a table owner (stack config).
  run = await runIngestion("dev", { "lakehouse-ingestion:auroraTableOwners": JSON.stringify([APP]) });
  const invocation = run.recorder.get("aws:lambda/invocation:Invocation", "dms-user");
  request = JSON.parse(String(inputs(invocation).input));
  const { config } = readStackConfig(repoRoot, "ingestion", "dev");
  username = ingestionConfigShape.dmsUsername.parse(config["lakehouse-ingestion:dmsUsername"]);
  const endpoint = inputs(run.recorder.get("aws:dms/endpoint:Endpoint", "aurora-cdc-source"));
  heartbeatSchema = endpoint.postgresSettings?.heartbeatSchema ?? "public";

  server = await startPostgres();
  const boot = await server.local(BOOTSTRAP_USER);
  for (const sql of [
    "CREATE ROLE rds_superuser NOLOGIN",
    "CREATE ROLE rds_replication NOLOGIN",
    `CREATE ROLE ${MASTER} LOGIN NOSUPERUSER INHERIT CREATEDB CREATEROLE`,
    // RDS: the master may grant rds_superuser and rds_replication to other users.
    `GRANT rds_superuser TO ${MASTER} WITH ADMIN OPTION`,
    `GRANT rds_replication TO ${MASTER} WITH ADMIN OPTION`,
    `CREATE DATABASE ${request.database} OWNER ${MASTER}`,
    `CREATE ROLE ${APP} LOGIN`,
    // The documented prerequisite for tables an application role owns: the master acts for it.
    `GRANT ${APP} TO ${MASTER}`,
  ])
    await boot.query(sql);
  await boot.end();
  admin = await server.local(BOOTSTRAP_USER, request.database);
  await admin.query(`GRANT USAGE, CREATE ON SCHEMA public TO ${APP}`);
  const app = await server.local(APP, request.database);
  await app.query("CREATE TABLE public.invoices (invoice_id bigint PRIMARY KEY, total numeric)");
  await app.query("INSERT INTO public.invoices VALUES (1, 9.5)");
  await app.end();
});

afterAll(async () => {
  await admin?.end();
  await server?.stop();
});

describe("the DMS-user function's SQL on a real PostgreSQL (as on a new Aurora cluster)", () => {
  it("runs twice in a row after DMS has created its heartbeat table, and DMS reads every replicated table", async () => {
    await ensureReplicationUser(request, clients());

    // DMS connects with the secret's password and its heartbeat creates its table.
    const dms = await asDms();
    await dms.query(
      `CREATE TABLE IF NOT EXISTS ${heartbeatSchema}.awsdms_heartbeat (hearbeat_id serial PRIMARY KEY, hearbeat_timestamp timestamp)`,
    );
    await dms.query(`INSERT INTO ${heartbeatSchema}.awsdms_heartbeat (hearbeat_timestamp) VALUES (now())`);
    // A table the application creates after the function ran: readable through the default privileges.
    const app = await server.local(APP, request.database);
    await app.query("CREATE TABLE public.refunds (refund_id bigint PRIMARY KEY)");
    await app.end();
    expect(await selectAs(dms, "public.refunds")).toBe(0);

    // A re-run (new password version, replaced invocation) converges instead of failing.
    await ensureReplicationUser(request, clients());

    // The tables the stack created for DMS, the application's table from before and the new one.
    for (const t of request.schemaStatements.length > 0 ? ["public.customers", "public.orders"] : [])
      expect(await selectAs(dms, t)).toBe(0);
    expect(await selectAs(dms, "public.invoices")).toBe(1);
    // Read-only in the replicated schema; the heartbeat lives in its own one.
    await expect(dms.query("CREATE TABLE public.not_allowed (x int)")).rejects.toThrow(
      /permission denied for schema public/,
    );
    expect(heartbeatSchema).not.toBe("public");
    await dms.end();
  });

  it("creates the replicated tables DMS selects before DMS starts (the new database is empty)", async () => {
    const selected = JSON.parse(
      String(inputs(run.recorder.get("aws:dms/replicationTask:ReplicationTask", "aurora-cdc")).tableMappings),
    ).rules.filter((r: { "rule-type": string }) => r["rule-type"] === "selection");
    const tables = await admin.query(
      "SELECT table_schema || '.' || table_name AS t, tableowner FROM information_schema.tables JOIN pg_tables ON schemaname = table_schema AND tablename = table_name",
    );
    const existing = new Map(tables.rows.map((r) => [r.t as string, r.tableowner as string]));
    expect(selected.length).toBeGreaterThan(0);
    for (const rule of selected) {
      const name = `${rule["object-locator"]["schema-name"]}.${rule["object-locator"]["table-name"]}`;
      expect(existing.get(name), `${name} exists, created by the master user`).toBe(MASTER);
    }
  });

  it("stores a SCRAM-SHA-256 verifier, never sends the password, and the server accepts a login with it", async () => {
    const stored = await admin.query("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [username]);
    expect(stored.rows[0].rolpassword).toMatch(
      /^SCRAM-SHA-256\$4096:[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$/,
    );
    // The server logs every statement (log_statement = all): the verifier is there, the password is not.
    expect(server.log()).toContain(stored.rows[0].rolpassword.split("$")[1]);
    expect(server.log()).not.toContain(PASSWORD);
    expect(ran.join("\n")).not.toContain(PASSWORD);
    const dms = await asDms();
    expect((await dms.query("SELECT current_user AS u")).rows[0].u).toBe(username);
    await dms.end();
    await expect(server.login(username, `${PASSWORD}x`, request.database)).rejects.toThrow(
      /password authentication failed/,
    );
  });

  it("makes the user a member of rds_replication and rds_superuser, as the DMS source guide requires", async () => {
    const roles = await admin.query(
      "SELECT b.rolname FROM pg_auth_members m JOIN pg_roles a ON a.oid = m.member JOIN pg_roles b ON b.oid = m.roleid WHERE a.rolname = $1 ORDER BY 1",
      [username],
    );
    expect(roles.rows.map((r) => r.rolname)).toEqual(["rds_replication", "rds_superuser"]);
  });

  it("fails naming the GRANT to run when the master user is not a member of a table owner", async () => {
    await admin.query("CREATE ROLE other_team LOGIN");
    await expect(
      ensureReplicationUser({ ...request, tableOwners: ["other_team"] }, clients()),
    ).rejects.toThrow(
      /table owner other_team : the master user lakehouse_admin is not a member of it; run GRANT other_team TO lakehouse_admin/,
    );
  });
});
