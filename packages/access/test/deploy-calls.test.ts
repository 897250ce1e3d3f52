import { readFileSync } from "node:fs";
import { join } from "node:path";
import { arnOutputOf, MOCKED_TYPES, mockResourceState } from "@lakehouse/testing";
import { describe, expect, it } from "vitest";
import type { DeployActionTable, LayerResources, PlannedResource } from "../src";
import { deployRequirements, layerResources } from "../src";
import { deployCalls, planAddresses } from "../src/deploy-calls";
import { resolveAddress } from "../src/resource-address";
import { ACCOUNT, program, REGION } from "./plan-builder";

const TABLE = JSON.parse(
  readFileSync(join(__dirname, "../../contracts/src/deploy-actions.json"), "utf8"),
) as DeployActionTable;
const CTX = { account: ACCOUNT, region: REGION, roleArns: new Map<string, string>() };
const prefix = "lakehouse-dev";

/** A resource as the plan records it from the mock: its id and the ARN output its provider gives. */
function planned(type: string, name: string, inputs: Record<string, unknown>): Omit<PlannedResource, "urn"> {
  const { id, state } = mockResourceState(type, name, inputs, REGION);
  const arnKey = arnOutputOf(type);
  const arn = arnKey ? state[arnKey] : undefined;
  return { type, name, id, inputs, ...(typeof arn === "string" ? { arn } : {}) };
}

const KEY = `arn:aws:kms:${REGION}:${ACCOUNT}:key/0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9`;
const cluster = planned("aws:rds/cluster:Cluster", "source-db", {
  clusterIdentifier: `${prefix}-source`,
  manageMasterUserPassword: true,
  storageEncrypted: true,
  kmsKeyId: KEY,
  masterUserSecretKmsKeyId: KEY,
  dbSubnetGroupName: `${prefix}-source-isolated`,
  dbClusterParameterGroupName: `${prefix}-source-params`,
});
const subnetGroup = planned("aws:rds/subnetGroup:SubnetGroup", "source-db-isolated", {
  name: `${prefix}-source-isolated`,
});
const parameterGroup = planned("aws:rds/clusterParameterGroup:ClusterParameterGroup", "source-db-params", {
  name: `${prefix}-source-params`,
});
const instance = (n: number, arn?: string) => ({
  ...planned("aws:rds/clusterInstance:ClusterInstance", `source-db-${n}`, {
    identifier: `${prefix}-source-${n}`,
    clusterIdentifier: `${prefix}-source`,
  }),
  ...(arn ? { arn } : {}),
});
const invocation = planned("aws:lambda/invocation:Invocation", "dms-user", {
  functionName: `${prefix}-dms-user`,
});
const schedule = planned("aws:quicksight/refreshSchedule:RefreshSchedule", "orders-refresh", {
  dataSetId: `${prefix}-orders`,
  scheduleId: `${prefix}-orders-refresh`,
});
const dashboard = planned("aws-native:quicksight:Dashboard", "overview", {
  awsAccountId: ACCOUNT,
  dashboardId: `${prefix}-overview`,
  definition: {
    dataSetIdentifierDeclarations: [
      {
        identifier: "orders",
        dataSetArn: `arn:aws:quicksight:${REGION}:${ACCOUNT}:dataset/${prefix}-orders`,
      },
    ],
  },
});
const alarm = (arn?: string) => ({
  ...planned("aws:cloudwatch/metricAlarm:MetricAlarm", "parked", { name: `${prefix}-parked` }),
  ...(arn ? { arn } : {}),
});

const ingestion = (...rs: Omit<PlannedResource, "urn">[]) => program("ingestion", rs);

/** What the mock of main before these fixes gave: a cluster instance its cluster's id, an alarm an invented ARN. */
const BEFORE = {
  instanceArn: `arn:aws:rds:${REGION}:${ACCOUNT}:db:${prefix}-source`,
  alarmArn: `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:metric-alarm/${prefix}-parked`,
};

describe("every deployed type's ARN, rebuilt from its inputs through the Service Authorization Reference", () => {
  // The inputs each type's id is formed from (as in packages/testing/test/provider-state.test.ts).
  const inputs = {
    bucket: "b",
    key: "k",
    role: "r",
    name: "n",
    queueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/q`,
    arn: `arn:aws:sns:${REGION}:${ACCOUNT}:t`,
    topic: `arn:aws:sns:${REGION}:${ACCOUNT}:t`,
    logGroupName: "g",
    rule: "r",
    secretId: `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:s-AbCdEf`,
    replicationSubnetGroupId: "s",
    replicationInstanceId: "ri",
    replicationTaskId: "rt",
    endpointId: "e",
    databaseName: "d",
    tableName: "t",
    dataSetId: "ds",
    dataSourceId: "src",
    scheduleId: "sch",
    dashboardId: "dash",
    functionName: "f",
    flowName: "flow",
    identifier: "db-1",
    clusterIdentifier: "cluster",
    url: "https://token.actions.githubusercontent.com",
    routeTableId: "rtb-0123",
    groupName: "grp",
    memberName: "m",
  };
  // Where AWS constrains the name input itself (an alias name begins with `alias/`, API_CreateAlias).
  const valid: Record<string, Record<string, unknown>> = { "aws:kms/alias:Alias": { name: "alias/n" } };
  it.each(MOCKED_TYPES.filter((t) => /^aws(-native)?:/.test(t)))(
    "%s: the mock's ARN is the SAR's",
    async (type) => {
      const r = { ...planned(type, "fidelity", { ...inputs, ...valid[type] }), urn: `urn:${type}` };
      const address = await resolveAddress(r, CTX);
      expect(address.ok, address.ok ? "" : address.problem).toBe(true);
      if (address.ok && address.kind === "self" && r.arn !== undefined) expect(r.arn).toBe(address.arn);
    },
  );

  it("fails on a type with no address rule instead of dropping its calls", async () => {
    const r = { type: "aws:example/thing:Thing", name: "x", inputs: {}, urn: "urn:x" };
    const address = await resolveAddress(r, CTX);
    expect(address.ok).toBe(false);
  });
});

/** The deploy role's grants without the fixed calls: what layer-resources.json held before. */
async function missingWith(
  resources: Omit<PlannedResource, "urn">[],
  layer: string,
  drop: (pair: string) => boolean,
): Promise<string[]> {
  const programs = [program(layer, resources)];
  const full = await layerResources(programs, TABLE, ACCOUNT, REGION, "dev");
  const own = full[layer] as LayerResources;
  const old: LayerResources = {
    ...own,
    starOnly: own.starOnly.filter((a) => !drop(`${a} *`)),
    tagScoped: own.tagScoped.filter((a) => !drop(`${a} (by the layer tag)`)),
    // each dropped pair on its own: the other actions on that resource stay granted
    grants: own.grants.flatMap((g) =>
      g.resources.map((res) => ({
        ...g,
        actions: g.actions.filter((a) => !drop(`${a} ${res}`)),
        resources: [res],
      })),
    ),
  };
  const fresh = await deployRequirements(programs, TABLE, { [layer]: old }, ACCOUNT, REGION, "dev");
  const fixed = await deployRequirements(programs, TABLE, full, ACCOUNT, REGION, "dev");
  expect(fixed.problems).toEqual([]);
  return fresh.problems;
}

describe("the deploy defects of issue 19, found by the plan's own checks", () => {
  it("rds:CreateDBInstance on db:<prefix>-source-1: the old mock's cluster id is caught, the fix gives the instance's own", async () => {
    const before = await planAddresses(
      [ingestion(cluster, instance(1, BEFORE.instanceArn))],
      ACCOUNT,
      REGION,
    );
    expect(before.problems.join("\n")).toContain(
      `has ARN ${BEFORE.instanceArn} in the plan (the mock, packages/testing/src/provider-resources.ts), but its inputs give arn:aws:rds:${REGION}:${ACCOUNT}:db:${prefix}-source-1`,
    );
    const after = await planAddresses([ingestion(cluster, instance(1), instance(2))], ACCOUNT, REGION);
    expect(after.problems).toEqual([]);
    const manifest = await layerResources(
      [ingestion(cluster, instance(1), instance(2))],
      TABLE,
      ACCOUNT,
      REGION,
      "dev",
    );
    const create = manifest.ingestion?.grants.find((g) => g.actions.includes("rds:CreateDBInstance"));
    expect(create?.resources).toEqual(
      expect.arrayContaining([
        "arn:aws:rds:{region}:{account}:db:{prefix}-source-1",
        "arn:aws:rds:{region}:{account}:db:{prefix}-source-2",
      ]),
    );
  });

  it("quicksight:*RefreshSchedule: addressed on the SAR's refreshschedule type, not dropped", async () => {
    const p = [program("analytics", [schedule])];
    const { byUrn } = await planAddresses(p, ACCOUNT, REGION);
    const r = p[0]?.resources[0] as PlannedResource;
    const { calls, unaddressed } = await deployCalls(r, "analytics", byUrn.get(r.urn) as never, {
      ...CTX,
      table: TABLE,
      known: new Map(),
      keyLayer: new Map(),
      secretKeys: new Map(),
    });
    expect(unaddressed).toEqual([]);
    expect(
      calls.filter((c) => c.action === "quicksight:CreateRefreshSchedule").map((c) => c.resource),
    ).toEqual([
      `arn:aws:quicksight:${REGION}:${ACCOUNT}:dataset/${prefix}-orders/refresh-schedule/${prefix}-orders-refresh`,
    ]);
  });

  it("secretsmanager:CreateSecret and TagResource on secret:rds!cluster-* (manageMasterUserPassword)", async () => {
    const problems = await missingWith([cluster, subnetGroup, parameterGroup], "ingestion", (p) =>
      p.includes("rds!cluster-"),
    );
    expect(problems.join("\n")).toContain(
      "secretsmanager:CreateSecret arn:aws:secretsmanager:{region}:{account}:secret:rds!cluster-*",
    );
  });

  it("lambda:InvokeFunction on function:<prefix>-dms-user:$LATEST (the provider's qualified invoke)", async () => {
    const problems = await missingWith([invocation], "ingestion", (p) => p.endsWith(":$LATEST"));
    expect(problems.join("\n")).toContain(
      "lambda:InvokeFunction arn:aws:lambda:{region}:{account}:function:{prefix}-dms-user:$LATEST",
    );
  });

  it("the Cloud Control calls of an aws-native resource, on *", async () => {
    const problems = await missingWith([dashboard], "analytics", (p) => p.startsWith("cloudformation:"));
    for (const action of [
      "CreateResource",
      "GetResource",
      "GetResourceRequestStatus",
      "UpdateResource",
      "DeleteResource",
    ])
      expect(problems.join("\n")).toContain(`cloudformation:${action} *`);
  });

  it("forbidden checks ask about the alarm's real ARN: the old invented one is caught", async () => {
    const before = await planAddresses([ingestion(alarm(BEFORE.alarmArn))], ACCOUNT, REGION);
    expect(before.problems.join("\n")).toContain(
      `but its inputs give arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${prefix}-parked`,
    );
    const programs = [ingestion(alarm()), program("transformation", [])];
    const manifest = await layerResources(programs, TABLE, ACCOUNT, REGION, "dev");
    const d = await deployRequirements(programs, TABLE, manifest, ACCOUNT, REGION, "dev");
    const deletes = d.forbidden.filter(
      (f) => f.layer === "transformation" && f.actions.includes("cloudwatch:DeleteAlarms"),
    );
    expect(deletes.map((f) => f.resource)).toEqual([
      `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${prefix}-parked`,
    ]);
  });
});

describe("calls a service makes with the deployer's rights, each required of the deploy role", () => {
  const key = planned("aws:kms/key:Key", "data-key", {});
  const role = planned("aws:iam/role:Role", "cdc-handler-role", { name: `${prefix}-cdc-handler` });
  const fn = planned("aws:lambda/function:Function", "cdc-handler", {
    name: `${prefix}-cdc-handler`,
    role: role.arn,
    kmsKeyArn: key.arn,
  });
  const encrypted = planned("aws:rds/cluster:Cluster", "source-db", {
    clusterIdentifier: `${prefix}-source`,
    storageEncrypted: true,
    kmsKeyId: key.arn,
    manageMasterUserPassword: true,
    masterUserSecretKmsKeyId: key.arn,
    dbSubnetGroupName: `${prefix}-source-isolated`,
    dbClusterParameterGroupName: `${prefix}-source-params`,
  });

  it("iam:PassRole on the role a function runs as (lambda CreateFunction passes it)", async () => {
    const problems = await missingWith([role, fn], "ingestion", (p) => p.startsWith("iam:PassRole "));
    expect(problems.join("\n")).toContain(`iam:PassRole arn:aws:iam::{account}:role/{prefix}-cdc-handler`);
  });

  it("kms:CreateGrant on the key an encrypted cluster names, through RDS (kms:ViaService)", async () => {
    const programs = [program("ingestion", [key, encrypted, subnetGroup, parameterGroup])];
    const { byUrn } = await planAddresses(programs, ACCOUNT, REGION);
    const r = programs[0]?.resources[1] as PlannedResource;
    const { calls } = await deployCalls(r, "ingestion", byUrn.get(r.urn) as never, {
      ...CTX,
      table: TABLE,
      known: new Map(),
      keyLayer: new Map([[key.arn as string, "ingestion"]]),
      secretKeys: new Map(),
    });
    const grants = calls.filter((c) => c.op === "create" && c.action === "kms:CreateGrant");
    expect(grants.map((c) => [c.resource, c.context?.["kms:ViaService"]])).toEqual([
      [key.arn, `rds.${REGION}.amazonaws.com`],
    ]);
    const problems = await missingWith([key, encrypted, subnetGroup, parameterGroup], "ingestion", (p) =>
      p.startsWith("kms:CreateGrant "),
    );
    // keys have generated ids: the deploy role reaches them by its layer tag
    expect(problems.join("\n")).toContain("ingestion's plan needs kms:CreateGrant (by layer tag)");
  });

  it("iam:CreateServiceLinkedRole on AWSServiceRoleForRDS, for rds.amazonaws.com only", async () => {
    const programs = [program("ingestion", [key, encrypted, subnetGroup, parameterGroup])];
    const { byUrn } = await planAddresses(programs, ACCOUNT, REGION);
    const r = programs[0]?.resources[1] as PlannedResource;
    const { calls } = await deployCalls(r, "ingestion", byUrn.get(r.urn) as never, {
      ...CTX,
      table: TABLE,
      known: new Map(),
      keyLayer: new Map(),
      secretKeys: new Map(),
    });
    const slr = calls.filter((c) => c.action === "iam:CreateServiceLinkedRole");
    expect(slr.map((c) => [c.resource, c.context?.["iam:AWSServiceName"]])).toContainEqual([
      `arn:aws:iam::${ACCOUNT}:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS`,
      "rds.amazonaws.com",
    ]);
    const problems = await missingWith([key, encrypted, subnetGroup, parameterGroup], "ingestion", (p) =>
      p.includes("aws-service-role/"),
    );
    expect(problems.join("\n")).toContain(
      "iam:CreateServiceLinkedRole arn:aws:iam::{account}:role/aws-service-role/rds.amazonaws.com/AWSServiceRoleForRDS",
    );
  });
});
