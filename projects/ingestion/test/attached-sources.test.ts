import { attachedSourceLookups, INVOKE_CALLS } from "@lakehouse/contracts";
import type { ProgramRun } from "@lakehouse/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { access } from "../src/access";
import { attachedConfig, type ProviderAnswers, providerAnswers, runAttached } from "./support/attached";
import { statementsOf } from "./support/program";

// The attached variant (test/attached/Pulumi.attached.yaml): the owner's table and cluster are read,
// checked, and granted; nothing is created for them.

const { config } = attachedConfig();
const declared = {
  table: JSON.parse(config["lakehouse-ingestion:attachedSourceTable"] ?? "{}"),
  cluster: JSON.parse(config["lakehouse-ingestion:attachedAuroraCluster"] ?? "{}"),
};
const TABLE_KEY = "arn:aws:kms:eu-west-1:123456789012:key/1f2e3d4c-5b6a-4978-8695-a4b3c2d1e0f9";
const SECRET_KEY = "arn:aws:kms:eu-west-1:123456789012:key/7a6b5c4d-3e2f-4a1b-9c8d-7e6f5a4b3c2d";

let run: ProgramRun;
beforeAll(async () => {
  run = await runAttached();
});

const types = () => new Set(run.recorder.resources.map((r) => r.type));
const statement = (roleName: string, sid: string) =>
  statementsOf(run, roleName).find((s) => s.Sid === sid) ?? {};

describe("ingestion with attached sources", () => {
  it("creates no table, cluster, instance, parameter group, master secret or DMS-user function", () => {
    for (const type of [
      "aws:dynamodb/table:Table",
      "aws:rds/cluster:Cluster",
      "aws:rds/clusterInstance:ClusterInstance",
      "aws:rds/clusterParameterGroup:ClusterParameterGroup",
      "aws:rds/subnetGroup:SubnetGroup",
      "aws:secretsmanager/secret:Secret",
      "aws:lambda/invocation:Invocation",
    ]) {
      expect(types().has(type), type).toBe(false);
    }
    const functions = run.recorder.ofType("aws:lambda/function:Function").map((f) => f.inputs.name);
    expect(functions).toEqual(["lakehouse-attached-cdc-handler"]);
  });

  it("reads the attached table's stream, decrypting with the table's own key, through the mapping", () => {
    expect(statement("cdc-handler-role", "ReadStream").Resource).toBe(declared.table.streamArn);
    expect(statement("cdc-handler-role", "DecryptStreamRecords")).toMatchObject({
      Resource: TABLE_KEY,
      Condition: { StringEquals: { "kms:ViaService": "dynamodb.eu-west-1.amazonaws.com" } },
    });
    const mapping = run.recorder.get(
      "aws:lambda/eventSourceMapping:EventSourceMapping",
      "cdc-handler-stream",
    );
    expect(mapping.inputs.eventSourceArn).toBe(declared.table.streamArn);
  });

  it("looks up nothing its deploy role is not granted: every call of its data sources is in the attached-source lookups' model", () => {
    // The bootstrap grants the ingestion deploy role exactly the calls of attachedSourceLookups
    // (projects/bootstrap/test/attached-source-reads.test.ts); here, what the program really calls.
    const ctx = {
      account: "123456789012",
      region: "eu-west-1",
      callerRoleArn: "arn:aws:iam::123456789012:role/lakehouse-attached-ingestion-deploy",
    };
    const granted = attachedSourceLookups({
      attachedSourceTable: declared.table,
      attachedAuroraCluster: declared.cluster,
    }).flatMap((l) => INVOKE_CALLS[l.token]?.calls(l.args, {}, ctx) ?? []);
    const covered = (action: string, resource: string) =>
      granted.some(
        (g) =>
          g.action === action &&
          new RegExp(`^${g.resource.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`).test(
            resource,
          ),
      );
    // What the program calls: its data sources, and RDS DescribeDBClusterParameters on the cluster's group.
    const cluster = run.recorder.invokes.find((i) => i.token === "aws:rds/getCluster:getCluster");
    const made = [
      ...run.recorder.invokes,
      {
        token: "sdk:rds:DescribeDBClusterParameters",
        args: { DBClusterParameterGroupName: cluster?.result.dbClusterParameterGroupName },
        result: {},
      },
    ];
    expect(made.map((i) => i.token)).toEqual(expect.arrayContaining(["aws:kms/getKey:getKey"]));
    for (const i of made) {
      const model = INVOKE_CALLS[i.token];
      expect(model, `${i.token} has a model in packages/contracts/src/invoke-calls.ts`).toBeDefined();
      for (const c of model?.calls(i.args, i.result, ctx) ?? [])
        expect(covered(c.action, c.resource), `${i.token}: ${c.action} on ${c.resource}`).toBe(true);
    }
  });

  it("points DMS at the attached endpoint and secret, and grants the secret and its key only", () => {
    const endpoint = run.recorder.get("aws:dms/endpoint:Endpoint", "aurora-cdc-source");
    expect(endpoint.inputs).toMatchObject({
      secretsManagerArn: declared.cluster.secretArn,
      databaseName: "orders",
    });
    expect(statement("aurora-cdc-secret-access", "ReadSecret").Resource).toBe(declared.cluster.secretArn);
    expect(statement("aurora-cdc-secret-access", "DecryptSecret")).toMatchObject({
      Resource: SECRET_KEY,
      Condition: { StringEquals: { "kms:ViaService": "secretsmanager.eu-west-1.amazonaws.com" } },
    });
  });

  it("exports the attached resources, the table's key schema and keys", () => {
    expect(run.outputs).toMatchObject({
      sourceTableName: "orders-app",
      sourceTableKeys: ["pk", "sk"],
      sourceTableStreamArn: declared.table.streamArn,
      sourceTableKeyArn: TABLE_KEY,
      auroraClusterArn: "arn:aws:rds:eu-west-1:123456789012:cluster:orders-db",
      auroraSecretArn: declared.cluster.secretArn,
      auroraSecretKeyArn: SECRET_KEY,
    });
  });

  it("requires no DMS-user access and the attached keys in the access matrix", () => {
    const matrix = access([
      {
        layer: "ingestion",
        resources: run.recorder.resources,
        outputs: { sourceTableKeyArn: TABLE_KEY, auroraSecretKeyArn: "" },
      },
    ]);
    expect(matrix.required.filter((a) => a.principal === "{prefix}-dms-user")).toEqual([]);
    expect(matrix.required.filter((a) => a.resource === "{ingestion.auroraSecretKeyArn}")).toEqual([]);
    expect(matrix.required.filter((a) => a.resource === "{ingestion.sourceTableKeyArn}")).toHaveLength(1);
  });
});

/** Runs the attached variant with one answer changed, and returns its error message. */
async function failure(edit: (a: ProviderAnswers) => void, overrides: Record<string, string> = {}) {
  const answers = providerAnswers();
  edit(answers);
  return runAttached(answers, overrides).then(
    () => "planned",
    (e: Error) => e.message,
  );
}

// The variant runs as the dev stack: a user attaching sources writes the keys into its stack file.
const FILE = "invalid configuration in stacks/ingestion/Pulumi.dev.yaml:";
const table = (a: ProviderAnswers) => a["aws:dynamodb/getTable:getTable"]["orders-app"];
const cluster = (a: ProviderAnswers) => a["aws:rds/getCluster:getCluster"]["orders-db"];

describe("an attached source that lacks a prerequisite", () => {
  it.each([
    [
      "a table without a stream",
      (a: ProviderAnswers) =>
        Object.assign(table(a), { streamEnabled: false, streamViewType: "", streamArn: "" }),
      /^ {2}- lakehouse-ingestion:attachedSourceTable: table orders-app has no stream: its owner enables one with view type NEW_AND_OLD_IMAGES/,
    ],
    [
      "a stream without old images",
      (a: ProviderAnswers) => Object.assign(table(a), { streamViewType: "NEW_IMAGE" }),
      /^ {2}- lakehouse-ingestion:attachedSourceTable: table orders-app's stream view type is NEW_IMAGE, not NEW_AND_OLD_IMAGES/,
    ],
    [
      "a stale stream ARN",
      (a: ProviderAnswers) =>
        Object.assign(table(a), {
          streamArn:
            "arn:aws:dynamodb:eu-west-1:123456789012:table/orders-app/stream/2026-03-01T00:00:00.000",
        }),
      /^ {2}- lakehouse-ingestion:attachedSourceTable: stream \S+ is not table orders-app's current stream/,
    ],
    [
      "logical replication off",
      (a: ProviderAnswers) => {
        a.DescribeDBClusterParameters["orders-pg16"][1].ParameterValue = "0";
      },
      /^ {2}- lakehouse-ingestion:attachedAuroraCluster: cluster orders-db's parameter group orders-pg16 has rds\.logical_replication = 0, not 1/,
    ],
    [
      "the default parameter group (no logical replication)",
      (a: ProviderAnswers) => {
        cluster(a).dbClusterParameterGroupName = "default.aurora-postgresql16";
        a.DescribeDBClusterParameters["default.aurora-postgresql16"] = [
          {
            ParameterName: "rds.logical_replication",
            ParameterValue: "0",
            Source: "engine-default",
            ApplyType: "static",
          },
        ];
      },
      /^ {2}- lakehouse-ingestion:attachedAuroraCluster: cluster orders-db's parameter group default\.aurora-postgresql16 has rds\.logical_replication = 0, not 1/,
    ],
    [
      "no inbound rule for DMS",
      (a: ProviderAnswers) => {
        a["aws:vpc/getSecurityGroupRule:getSecurityGroupRule"][
          "sgr-0a10000000000001"
        ].referencedSecurityGroupId = "sg-0dd0000000000003";
      },
      /^ {2}- lakehouse-ingestion:attachedAuroraCluster: security group sg-0ee0000000000001 of cluster orders-db does not allow DMS's security group sg-0dd0000000000002 on TCP 5432/,
    ],
    [
      "an inbound rule on another port",
      (a: ProviderAnswers) => {
        Object.assign(a["aws:vpc/getSecurityGroupRule:getSecurityGroupRule"]["sgr-0a10000000000001"], {
          fromPort: 3306,
          toPort: 3306,
        });
      },
      /does not allow DMS's security group sg-0dd0000000000002 on TCP 5432/,
    ],
    [
      "a security group that is not the cluster's",
      (a: ProviderAnswers) => {
        cluster(a).vpcSecurityGroupIds = ["sg-0ee0000000000009"];
      },
      /^ {2}- lakehouse-ingestion:attachedAuroraCluster: security group sg-0ee0000000000001 is not one of cluster orders-db's \(sg-0ee0000000000009\)/,
    ],
    [
      "a cluster in another VPC",
      (a: ProviderAnswers) => {
        a["aws:rds/getSubnetGroup:getSubnetGroup"]["orders-db-subnets"].vpcId = "vpc-0ffffffffffffffff";
      },
      /^ {2}- lakehouse-ingestion:attachedAuroraCluster: cluster orders-db is in vpc-0ffffffffffffffff, not the network layer's vpc-0a1b2c3d4e5f60718/,
    ],
  ])("%s: one line naming the config key, under the stack file", async (_case, edit, line) => {
    const message = await failure(edit);
    const [header, ...lines] = message.split("\n");
    expect(header).toBe(FILE);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(line);
  });

  it("names each missing prerequisite of a cluster on its own line", async () => {
    const message = await failure((a) => {
      a.DescribeDBClusterParameters["orders-pg16"][1].ParameterValue = "0";
      a["aws:rds/getSubnetGroup:getSubnetGroup"]["orders-db-subnets"].vpcId = "vpc-0ffffffffffffffff";
    });
    expect(message.split("\n").slice(1)).toEqual([
      expect.stringMatching(/attachedAuroraCluster: .*rds\.logical_replication = 0/),
      expect.stringMatching(/attachedAuroraCluster: cluster orders-db is in vpc-0ffffffffffffffff/),
    ]);
  });

  it("rejects a stream ARN of another table before looking anything up", async () => {
    const message = await failure(() => undefined, {
      "lakehouse-ingestion:attachedSourceTable": JSON.stringify({
        table: "orders-app",
        streamArn: "arn:aws:dynamodb:eu-west-1:123456789012:table/payments/stream/2026-02-01T08:30:00.123",
      }),
    });
    expect(message).toMatch(/lakehouse-ingestion:attachedSourceTable: streamArn is not a stream of table/);
  });
});
