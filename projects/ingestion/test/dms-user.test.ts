import { ExecuteStatementCommand } from "@aws-sdk/client-rds-data";
import { GetSecretValueCommand } from "@aws-sdk/client-secrets-manager";
import { describe, expect, it } from "vitest";
import {
  ensureReplicationUser,
  literal,
  replicationUserStatements,
} from "../functions/dms-user/replication-user";

const REQUEST = {
  clusterArn: "arn:aws:rds:eu-west-1:123456789012:cluster:lakehouse-dev-source",
  masterSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:rds!cluster-1-abcdef",
  database: "app",
  userSecretArn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:lakehouse-dev-dms-source-abcdef",
  schemas: ["public", "sales"],
};

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
  it("creates or updates the login, grants rds_replication and read (and the heartbeat table) per schema", () => {
    const [upsert, ...grants] = replicationUserStatements("dms_replication", "Pw-1", ["public"]);
    expect(upsert).toMatch(/IF NOT EXISTS \(SELECT FROM pg_roles WHERE rolname = 'dms_replication'\)/);
    expect(upsert).toContain("CREATE ROLE dms_replication LOGIN PASSWORD 'Pw-1'");
    expect(upsert).toContain("ALTER ROLE dms_replication LOGIN PASSWORD 'Pw-1'");
    expect(grants).toEqual([
      "GRANT rds_replication TO dms_replication",
      "GRANT USAGE, CREATE ON SCHEMA public TO dms_replication",
      "GRANT SELECT ON ALL TABLES IN SCHEMA public TO dms_replication",
      "ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO dms_replication",
    ]);
  });

  it("quotes the password as a literal and refuses identifiers that are not plain names", () => {
    expect(literal("it's")).toBe("'it''s'");
    expect(() => replicationUserStatements("dms; DROP TABLE x", "p", ["public"])).toThrow(/username/);
    expect(() => replicationUserStatements("dms", "p", ["public;"])).toThrow(/schema/);
    expect(() => replicationUserStatements("dms", "a$$b", ["public"])).toThrow(/\$\$/);
  });

  it("reads the user from the DMS source secret and runs each statement on the cluster as the master user", async () => {
    const { sent, clients } = fakeClients({ username: "dms_replication", password: "Pw-1", host: "h" });
    const result = await ensureReplicationUser(REQUEST, clients);
    expect(result).toEqual({ username: "dms_replication", statements: 8 });
    const [read, ...statements] = sent as { input: Record<string, unknown> }[];
    expect(read?.input).toEqual({ SecretId: REQUEST.userSecretArn });
    expect(statements).toHaveLength(8);
    for (const s of statements)
      expect(s.input).toMatchObject({
        resourceArn: REQUEST.clusterArn,
        secretArn: REQUEST.masterSecretArn,
        database: "app",
      });
    expect(statements.map((s) => s.input.sql)).toContain(
      "GRANT SELECT ON ALL TABLES IN SCHEMA sales TO dms_replication",
    );
  });

  it("fails (and so fails the deploy) when the secret holds no username and password", async () => {
    const { clients } = fakeClients({ host: "h" });
    await expect(ensureReplicationUser(REQUEST, clients)).rejects.toThrow(/no username and password/);
  });
});
