import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { MOCKED_TYPES, mockResourceState } from "../src/resource-state";

/**
 * The harness may only invent outputs the real provider has: for @pulumi/aws the properties of
 * the resource's `<Name>State` interface (what `get` and the engine return), for aws-native the
 * class's output properties. Read from the installed packages' declaration files.
 */
const roots: Record<string, string> = {
  aws: dirname(require.resolve("@pulumi/aws/package.json")),
  "aws-native": dirname(require.resolve("@pulumi/aws-native/package.json")),
};

/** `aws:dms/s3Endpoint:S3Endpoint` -> the declaration file and the interface or class to read. */
function declarationOf(type: string): { file: string; name: string; kind: "state" | "class" } {
  const [pkg = "", middle = "", resource = ""] = type.split(":");
  const root = roots[pkg];
  if (!root) throw new Error(`no provider package for ${type}`);
  const [module = "", fileName = ""] = pkg === "aws" ? middle.split("/") : [middle, resource];
  const dir = join(root, module);
  // File names are lower-camel (and sometimes all lower: dms/s3endpoint.d.ts for S3Endpoint).
  const file = readdirSync(dir).find((f) => f.toLowerCase() === `${fileName.toLowerCase()}.d.ts`);
  if (!file) throw new Error(`no declaration file for ${type} in ${dir}`);
  return {
    file: join(dir, file),
    name: pkg === "aws" ? `${resource}State` : resource,
    kind: pkg === "aws" ? "state" : "class",
  };
}

function providerProperties(type: string): Set<string> {
  const { file, name, kind } = declarationOf(type);
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest);
  const names = new Set<string>(["id", "urn"]);
  source.forEachChild((node) => {
    const members =
      kind === "state" && ts.isInterfaceDeclaration(node) && node.name.text === name
        ? node.members
        : kind === "class" && ts.isClassDeclaration(node) && node.name?.text === name
          ? node.members
          : undefined;
    for (const member of members ?? []) {
      if (member.name && ts.isIdentifier(member.name)) names.add(member.name.text);
    }
  });
  if (names.size === 2) throw new Error(`${name} not found in ${file}`);
  return names;
}

/** The inputs the ids are formed from (each type's provider requires its own), echoed into the state as the engine does. */
const REQUIRED_INPUTS = {
  bucket: "b",
  key: "k",
  role: "r",
  name: "n",
  queueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/q",
  arn: "arn:aws:sns:eu-west-1:123456789012:t",
  topic: "arn:aws:sns:eu-west-1:123456789012:t",
  logGroupName: "g",
  rule: "r",
  secretId: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:s-AbCdEf",
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
  groupName: "grp",
  memberName: "m",
};
/** Where AWS constrains the name input itself (an alias name begins with `alias/`, API_CreateAlias). */
const VALID: Record<string, Record<string, unknown>> = { "aws:kms/alias:Alias": { name: "alias/n" } };

describe("the mock harness's invented outputs", () => {
  it.each(MOCKED_TYPES.filter((t) => /^aws(-native)?:/.test(t)))(
    "%s: only outputs the provider has",
    (type) => {
      const { state } = mockResourceState(type, "fidelity", { ...REQUIRED_INPUTS, ...VALID[type] });
      const allowed = providerProperties(type);
      const invented = Object.keys(state).filter((key) => !(key in REQUIRED_INPUTS) && !allowed.has(key));
      expect(invented).toEqual([]);
    },
  );

  it("would catch an output the provider lacks (the AppFlow flow's status is read-only, not invented)", () => {
    expect(providerProperties("aws:appflow/flow:Flow").has("flowStatus")).toBe(true);
    expect(providerProperties("aws:appflow/flow:Flow").has("startedBy")).toBe(false);
    expect(mockResourceState("aws:appflow/flow:Flow", "ga4", {}).state.flowStatus).toBeUndefined();
  });
});

describe("outputs that depend on the inputs, as the provider returns them", () => {
  it("gives a DynamoDB table a stream ARN only when its stream is enabled", () => {
    const type = "aws:dynamodb/table:Table";
    expect(mockResourceState(type, "plain", {}).state.streamArn).toBeUndefined();
    expect(mockResourceState(type, "cdc", { streamEnabled: true }).state.streamArn).toMatch(/\/stream\//);
  });
});

describe("ids from the provider's table, not invented", () => {
  it("gives a cluster instance its own identifier, not its cluster's (rds/cluster_instance.go: d.SetId(identifier))", () => {
    const { id, state } = mockResourceState("aws:rds/clusterInstance:ClusterInstance", "source-db-1", {
      identifier: "lakehouse-dev-source-1",
      clusterIdentifier: "lakehouse-dev-source",
    });
    expect(id).toBe("lakehouse-dev-source-1");
    expect(state.arn).toBe("arn:aws:rds:eu-west-1:123456789012:db:lakehouse-dev-source-1");
  });

  it("gives companions no ARN of their own: an event target's id is <rule>-<target id>, a queue policy's the queue URL", () => {
    const target = mockResourceState("aws:cloudwatch/eventTarget:EventTarget", "t", {
      rule: "r",
      targetId: "x",
    });
    expect(target).toEqual({ id: "r-x", state: { rule: "r", targetId: "x" } });
    const url = "https://sqs.eu-west-1.amazonaws.com/123456789012/q";
    expect(mockResourceState("aws:sqs/queuePolicy:QueuePolicy", "p", { queueUrl: url }).id).toBe(url);
    expect(mockResourceState("aws:cloudwatch/metricAlarm:MetricAlarm", "a", { name: "n" }).state.arn).toBe(
      "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:n",
    );
  });

  it("fails loudly on a type missing from the table, and gives a component neither id nor ARN", () => {
    expect(() => mockResourceState("aws:example/thing:Thing", "x", {})).toThrow(
      /no id\/ARN entry for aws:example\/thing:Thing in packages\/testing\/src\/provider-resources.ts/,
    );
    expect(mockResourceState("lakehouse:x:Component", "c", {}, undefined, { custom: false })).toEqual({
      id: undefined,
      state: {},
    });
  });
});
