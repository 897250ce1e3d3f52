import { createHash, createHmac } from "node:crypto";
import { ExecuteStatementCommand } from "@aws-sdk/client-rds-data";
import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { describe, expect, it } from "vitest";
import {
  ensureReplicationUser,
  literal,
  replicationUserStatements,
} from "../functions/dms-user/replication-user";
import { scramSha256Verifier } from "../functions/dms-user/scram";

const REQUEST = {
  clusterArn: "arn:aws:rds:eu-west-1:123456789012:cluster:lakehouse-dev-source",
  masterSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1-abcdef",
  database: "app",
  userSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lakehouse-dev-dms-source-abcdef",
  schemas: ["public", "sales"],
  heartbeatSchema: "awsdms",
  tableOwners: ["app_writer"],
  schemaStatements: ["CREATE TABLE IF NOT EXISTS public.customers (customer_id bigint PRIMARY KEY)"],
};
const VERIFIER = scramSha256Verifier("Pw-1", Buffer.alloc(16, 7));
const user = (over = {}) => ({
  username: "dms_replication",
  verifier: VERIFIER,
  schemas: ["public"],
  heartbeatSchema: "awsdms",
  tableOwners: ["app_writer"],
  ...over,
});

/** Clients that record what the function sends: the secret it reads and the statements it runs. */
function fakeClients(secret: Record<string, unknown>) {
  const sent: unknown[] = [];
  return {
    sent,
    clients: {
      secrets: {
        send: async (command: unknown) => {
          sent.push(command);
          if (!(command instanceof GetSecretValueCommand)) throw new Error("unexpected Secrets Manager call");
          return { SecretString: JSON.stringify(secret) };
        },
      },
      rdsData: {
        send: async (command: unknown) => {
          sent.push(command);
          if (!(command instanceof ExecuteStatementCommand)) throw new Error("unexpected Data API call");
          return {};
        },
      },
    },
  };
}

describe("the DMS replication user function", () => {
  it("creates or updates the login with a SCRAM verifier, its heartbeat schema, and read-only grants per schema and table owner", () => {
    const [upsert, ...grants] = replicationUserStatements(user());
    expect(upsert).toMatch(/IF NOT EXISTS \(SELECT FROM pg_roles WHERE rolname = 'dms_replication'\)/);
    expect(upsert).toContain(`CREATE ROLE dms_replication LOGIN PASSWORD '${VERIFIER}'`);
    expect(upsert).toContain(`ALTER ROLE dms_replication LOGIN PASSWORD '${VERIFIER}'`);
    expect(grants.filter((g) => !g.startsWith("DO $$"))).toEqual([
      "GRANT rds_replication TO dms_replication",
      "GRANT rds_superuser TO dms_replication",
      "CREATE SCHEMA IF NOT EXISTS awsdms",
      "GRANT USAGE, CREATE ON SCHEMA awsdms TO dms_replication",
      "GRANT USAGE ON SCHEMA public TO dms_replication",
      "REVOKE CREATE ON SCHEMA public FROM dms_replication",
      "GRANT SELECT ON ALL TABLES IN SCHEMA public TO dms_replication",
      "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO dms_replication",
      "ALTER DEFAULT PRIVILEGES FOR ROLE app_writer IN SCHEMA public GRANT SELECT ON TABLES TO dms_replication",
    ]);
  });

  it("computes a verifier that checks RFC 7677's example exchange (user, pencil) as a server does", () => {
    // RFC 7677 §3: the client's proof and the server's signature over the AuthMessage, checked
    // with nothing but StoredKey and ServerKey (RFC 5802 §3), as PostgreSQL checks a login.
    const salt = Buffer.from("W22ZaJ0SNY7soEsUEjb6gQ==", "base64");
    const [, keys = ""] = scramSha256Verifier("pencil", salt).split("$4096:")[1]?.split("$") ?? [];
    const [storedKey, serverKey] = keys.split(":").map((k) => Buffer.from(k, "base64"));
    const nonce = "rOprNGfwEbeRWgbNEkqO%hvYDpWUa2RaTCAfuxFIlj)hNlF$k0";
    const authMessage = [
      "n=user,r=rOprNGfwEbeRWgbNEkqO",
      `r=${nonce},s=W22ZaJ0SNY7soEsUEjb6gQ==,i=4096`,
      `c=biws,r=${nonce}`,
    ].join(",");
    const hmac = (key: Buffer, text: string) => createHmac("sha256", key).update(text).digest();
    const proof = Buffer.from("dHzbZapWIk4jUhN+Ute9ytag9zjfMHgsqmmiz7AndVQ=", "base64");
    const clientSignature = hmac(storedKey as Buffer, authMessage);
    const clientKey = Buffer.from(proof.map((byte, i) => byte ^ (clientSignature[i] ?? 0)));
    expect(createHash("sha256").update(clientKey).digest()).toEqual(storedKey);
    expect(hmac(serverKey as Buffer, authMessage).toString("base64")).toBe(
      "6rriTRBi23WpRR/wtup+mMhUZUn/dB5nLTJRsjl95G4=",
    );
    expect(() => scramSha256Verifier("pässword")).toThrow(/printable ASCII/);
  });

  it("quotes literals and refuses identifiers that are not plain names, or a heartbeat in a replicated schema", () => {
    expect(literal("it's")).toBe("'it''s'");
    expect(() => replicationUserStatements(user({ username: "dms; DROP TABLE x" }))).toThrow(/username/);
    expect(() => replicationUserStatements(user({ schemas: ["public;"] }))).toThrow(/schema/);
    expect(() => replicationUserStatements(user({ tableOwners: ["a b"] }))).toThrow(/table owner/);
    expect(() => replicationUserStatements(user({ heartbeatSchema: "public" }))).toThrow(/heartbeat schema/);
    expect(() => replicationUserStatements(user({ verifier: "Pw-1" }))).toThrow(/SCRAM-SHA-256 verifier/);
  });

  it("reads the user from the DMS source secret, runs the DDL first, then each statement as the master user", async () => {
    const { sent, clients } = fakeClients({ username: "dms_replication", password: "Pw-1", host: "h" });
    const result = await ensureReplicationUser(REQUEST, clients);
    const [read, ...statements] = sent as { input: Record<string, unknown> }[];
    expect(read?.input).toEqual({ SecretId: REQUEST.userSecretArn });
    expect(result).toEqual({ username: "dms_replication", statements: statements.length });
    for (const s of statements)
      expect(s.input).toMatchObject({
        resourceArn: REQUEST.clusterArn,
        secretArn: REQUEST.masterSecretArn,
        database: "app",
      });
    const sql = statements.map((s) => String(s.input.sql));
    expect(sql[0]).toBe(REQUEST.schemaStatements[0]);
    expect(sql).toContain("GRANT SELECT ON ALL TABLES IN SCHEMA sales TO dms_replication");
    expect(sql.join("\n")).not.toContain("Pw-1");
  });

  it("fails (and so fails the deploy) when the secret holds no username and password", async () => {
    const { clients } = fakeClients({ host: "h" });
    await expect(ensureReplicationUser(REQUEST, clients)).rejects.toThrow(/no username and password/);
  });
});
