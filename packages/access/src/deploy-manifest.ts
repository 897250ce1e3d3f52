import type { DeployActionTable } from "./deploy-action-table";
import type { PlannedProgram, PlannedResource } from "./plan";
import { acceptsResource, expandAction } from "./service-reference";

/**
 * What a layer's deploy role may change, read off the layer's plan: the resource types it plans
 * and the ARNs of its resources, with the account, region and environment as placeholders
 * (`{account}`, `{region}`, `{prefix}`, `{underscored}`, `{env}`) and generated parts as `*`.
 * Written to projects/bootstrap/src/layer-resources.json by `lakehouse plan --update-deploy-roles`;
 * the bootstrap builds each deploy role's policy from it, and the access proof fails when a plan
 * holds a type or ARN the file lacks.
 */
export interface LayerResources {
  types: string[];
  /** Actions that accept only `*`. */
  starOnly: string[];
  /** Actions on services with generated ids, granted by the `layer` tag. */
  tagScoped: string[];
  /** Actions on ARN patterns (placeholders for the stack's values, `*` for generated ids). */
  grants: { actions: string[]; resources: string[] }[];
}

/** Services whose ids are generated (EC2, KMS keys, DMS): deploy roles reach them by the `layer` tag instead. */
export const TAG_SCOPED_SERVICES = new Set(["ec2", "kms", "dms"]);

/** Whether an ARN has a generated id (reached by tag); KMS aliases are named. */
export const isTagScoped = (arn: string) =>
  TAG_SCOPED_SERVICES.has(arn.split(":")[2] as string) && !arn.includes(":alias/");

/**
 * Types with no ARN of their own (they configure another resource): the mock gives them an
 * invented one, which no IAM action takes.
 */
const COMPANION =
  /^aws:(s3\/bucket(?!:Bucket$)|iam\/rolePolicy|sqs\/queuePolicy|sns\/topicPolicy|glue\/(dataCatalogEncryptionSettings|catalogTableOptimizer)|lakeformation\/|quicksight\/(refreshSchedule|groupMembership)|vpc\/securityGroup(Ingress|Egress)Rule|ec2\/routeTableAssociation|secretsmanager\/secretVersion|cloudwatch\/(eventTarget|metricAlarm)|sns\/topicSubscription|lambda\/invocation)/;

/** The ARN a deploy call on a resource addresses: its own, or for companions the resource they configure. */
export function addressOf(r: PlannedResource, roleArns: Map<string, string>): string | undefined {
  const i = r.inputs;
  if (r.arn && !COMPANION.test(r.type)) return r.arn;
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const regional = r.arn ? /^arn:aws:[a-z0-9-]+:([a-z0-9-]+):(\d{12}):/.exec(r.arn) : null;
  const at = (service: string, rest: string) =>
    regional ? `arn:aws:${service}:${regional[1]}:${regional[2]}:${rest}` : undefined;
  if (r.type.startsWith("aws:s3/bucket") && str(i.bucket)) {
    return r.type === "aws:s3/bucketObjectv2:BucketObjectv2"
      ? `arn:aws:s3:::${i.bucket}/${String(i.key)}`
      : `arn:aws:s3:::${i.bucket}`;
  }
  switch (r.type) {
    case "aws:iam/rolePolicy:RolePolicy":
    case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
      return str(i.role) && roleArns.get(i.role as string);
    case "aws:sqs/queuePolicy:QueuePolicy": {
      const q = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\/(\d{12})\/(.+)$/.exec(
        String(i.queueUrl ?? ""),
      );
      return q ? `arn:aws:sqs:${q[1]}:${q[2]}:${q[3]}` : undefined;
    }
    case "aws:sns/topicPolicy:TopicPolicy":
      return str(i.arn);
    case "aws:sns/topicSubscription:TopicSubscription":
      return str(i.topic);
    case "aws:secretsmanager/secretVersion:SecretVersion":
      return str(i.secretId);
    case "aws:cloudwatch/metricAlarm:MetricAlarm":
      return str(i.name) && at("cloudwatch", `alarm:${i.name}`);
    case "aws:cloudwatch/eventTarget:EventTarget":
      return str(i.rule) && at("events", `rule/${i.rule}`);
    case "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings":
      return at("glue", "catalog");
    case "aws:glue/catalogTableOptimizer:CatalogTableOptimizer":
      return str(i.databaseName) && str(i.tableName) && at("glue", `table/${i.databaseName}/${i.tableName}`);
    // aws_lambda_invocation invokes the function (Terraform: Invoke on create, update and, with the CRUD lifecycle, delete)
    case "aws:lambda/invocation:Invocation":
      return str(i.functionName) && at("lambda", `function:${i.functionName}`);
    // a membership is created, listed and deleted on its group (Service Authorization Reference)
    case "aws:quicksight/groupMembership:GroupMembership": {
      const region = str(i.region);
      return str(i.awsAccountId) && region && str(i.groupName)
        ? `arn:aws:quicksight:${region}:${i.awsAccountId}:group/${i.namespace ?? "default"}/${i.groupName}`
        : undefined;
    }
    // aws-native resources get no ARN from the mock: the flow's is named
    case "aws-native:appflow:Flow": {
      const key = str(i.kmsArn)?.split(":");
      return str(i.flowName) && key ? `arn:aws:appflow:${key[3]}:${key[4]}:flow/${i.flowName}` : undefined;
    }
  }
  return undefined;
}

export function roleArnsOf(programs: PlannedProgram[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of programs)
    for (const r of p.resources)
      if (r.type === "aws:iam/role:Role" && r.arn) out.set(r.arn.split("/").pop() as string, r.arn);
  return out;
}

/** A planned ARN as a pattern of every environment: placeholders for the stack's values, `*` for generated parts. */
export function arnPattern(
  r: PlannedResource,
  arn: string,
  account: string,
  region: string,
  stack: string,
): string {
  let p = arn
    .replaceAll(account, "{account}")
    .replaceAll(`:${region}:`, ":{region}:")
    .replaceAll(`lakehouse-${stack}`, "{prefix}")
    .replaceAll(`lakehouse_${stack}`, "{underscored}")
    .replaceAll(`/${stack}/`, "/{env}/");
  if (r.type === "aws:secretsmanager/secret:Secret") p = p.replace(/-[A-Za-z0-9]{6}$/, "-*");
  if (r.type === "aws:lambda/eventSourceMapping:EventSourceMapping") p = p.replace(/[^:]+$/, "*");
  // autonamed (no physical name given): the provider appends a random suffix to the logical name
  if (r.type === "aws:iam/role:Role" && r.inputs.name === undefined) p = p.replace(/-[0-9a-f]{7}$/, "-*");
  return p;
}

/** The calls of each type the platform uses (the table's lists minus its `unused` features). */
export function usedActions(
  table: DeployActionTable,
  type: string,
  op?: "create" | "read" | "update" | "delete",
): string[] {
  const entry = table.types[type];
  if (!entry) return [];
  const ops = op ? [op] : (["create", "read", "update", "delete"] as const);
  const unused = (a: string) =>
    table.unused.some((u) => (u.type ?? type) === type && new RegExp(u.pattern).test(a));
  return [...new Set(ops.flatMap((o) => entry[o] ?? []).filter((a) => !unused(a)))];
}

/**
 * Each layer's deploy grants, computed from its plan: every call of every planned type, on `*` if
 * the action accepts only `*`, by tag for services with generated ids, otherwise on exactly the
 * layer's resources (and the other layers' resources its inputs name) that the action accepts.
 */
export async function layerResources(
  programs: PlannedProgram[],
  table: DeployActionTable,
  account: string,
  region: string,
  stack: string,
): Promise<Record<string, LayerResources>> {
  const roles = roleArnsOf(programs);
  const star = new Set(table.starOnly);
  // every planned ARN, and names other layers' inputs use for them (bucket, database, role names)
  const byName = new Map<string, string>();
  for (const p of programs) {
    for (const r of p.resources) {
      const arn = addressOf(r, roles);
      if (!arn) continue;
      byName.set(arn, arn);
      if (r.type === "aws:s3/bucket:Bucket" && typeof r.inputs.bucket === "string")
        byName.set(r.inputs.bucket, arn);
      if (r.type === "aws:glue/catalogDatabase:CatalogDatabase" && typeof r.inputs.name === "string")
        byName.set(r.inputs.name, arn);
    }
  }
  const out: Record<string, LayerResources> = {};
  for (const p of programs) {
    if (p.layer === "bootstrap") continue;
    const types = new Set<string>();
    const candidates = new Set<string>();
    // the resource each own ARN belongs to (its generated parts become `*` in the pattern)
    const owners = new Map<string, PlannedResource>();
    for (const r of p.resources) {
      if (!/^aws(-native)?:/.test(r.type)) continue;
      types.add(r.type);
      const arn = addressOf(r, roles);
      if (arn) candidates.add(arn);
      if (arn && r.arn === arn) owners.set(arn, r);
      if (arn?.includes(":log-group:") && !arn.includes(":log-stream:")) candidates.add(`${arn}:*`);
      if (r.type.startsWith("aws:glue/")) candidates.add(`arn:aws:glue:${region}:${account}:catalog`);
      // resources of other layers this one is given (a delivery bucket, a database, a results location)
      for (const value of stringsIn(r.inputs)) {
        const url = /^s3:\/\/([^/]+)\/?(.*)$/.exec(value);
        const known = byName.get(url?.[1] ?? value);
        if (!known) continue;
        candidates.add(known);
        if (url?.[2]) candidates.add(`${known}/${url[2]}*`);
      }
    }
    const starOnly = new Set<string>();
    const tagged = new Set<string>();
    const onArns = new Map<string, Set<string>>();
    for (const type of types) {
      for (const action of usedActions(table, type)) {
        if (star.has(action)) {
          starOnly.add(action);
          continue;
        }
        const [info] = (await expandAction(action)) ?? [];
        if (!info) continue;
        if (TAG_SCOPED_SERVICES.has(action.split(":")[0] as string)) tagged.add(action);
        for (const arn of candidates) {
          if (isTagScoped(arn) || !acceptsResource(info, arn)) continue;
          const set = onArns.get(action) ?? new Set<string>();
          set.add(
            arnPattern(
              owners.get(arn) ?? { type: typeOf(arn), inputs: {}, urn: "", name: "" },
              arn,
              account,
              region,
              stack,
            ),
          );
          onArns.set(action, set);
        }
      }
    }
    const groups = new Map<string, string[]>();
    for (const [action, arns] of onArns) {
      const key = [...arns].sort().join(" ");
      groups.set(key, [...(groups.get(key) ?? []), action]);
    }
    out[p.layer] = {
      types: [...types].sort(),
      starOnly: [...starOnly].sort(),
      tagScoped: [...tagged].sort(),
      grants: [...groups.entries()]
        .map(([key, actions]) => ({ actions: actions.sort(), resources: key.split(" ") }))
        .sort((a, b) => (a.actions[0] as string).localeCompare(b.actions[0] as string)),
    };
  }
  return out;
}

/** Enough of a type for arnPattern's generated-id rules. */
function typeOf(arn: string): string {
  if (arn.includes(":secret:")) return "aws:secretsmanager/secret:Secret";
  if (arn.includes(":event-source-mapping:")) return "aws:lambda/eventSourceMapping:EventSourceMapping";
  return "";
}

/** Each (action, resource) pair a layer's grants allow, for comparing a plan with the written file. */
export function grantPairs(r: LayerResources): Set<string> {
  return new Set(r.grants.flatMap((g) => g.actions.flatMap((a) => g.resources.map((res) => `${a} ${res}`))));
}

/** Union of several stacks' layer resources (prod may plan more than dev). */
export function mergeLayerResources(all: Record<string, LayerResources>[]): Record<string, LayerResources> {
  const pairs = new Map<string, Set<string>>();
  const out: Record<string, LayerResources> = {};
  for (const one of all) {
    for (const [layer, r] of Object.entries(one)) {
      const cur = out[layer] ?? { types: [], starOnly: [], tagScoped: [], grants: [] };
      const merged = pairs.get(layer) ?? new Set<string>();
      for (const p of grantPairs(r)) merged.add(p);
      pairs.set(layer, merged);
      out[layer] = {
        types: [...new Set([...cur.types, ...r.types])].sort(),
        starOnly: [...new Set([...cur.starOnly, ...r.starOnly])].sort(),
        tagScoped: [...new Set([...cur.tagScoped, ...r.tagScoped])].sort(),
        grants: [],
      };
    }
  }
  for (const [layer, set] of pairs) {
    const byAction = new Map<string, string[]>();
    for (const pair of set) {
      const [action, resource] = pair.split(" ") as [string, string];
      byAction.set(action, [...(byAction.get(action) ?? []), resource]);
    }
    const groups = new Map<string, string[]>();
    for (const [action, resources] of byAction) {
      const key = resources.sort().join(" ");
      groups.set(key, [...(groups.get(key) ?? []), action]);
    }
    (out[layer] as LayerResources).grants = [...groups.entries()]
      .map(([key, actions]) => ({ actions: actions.sort(), resources: key.split(" ") }))
      .sort((a, b) => (a.actions[0] as string).localeCompare(b.actions[0] as string));
  }
  return out;
}

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}
