import { invokeCalls } from "@lakehouse/contracts";
import type { DeployActionTable } from "./deploy-action-table";
import { callContext, deployCalls, planAddresses } from "./deploy-calls";
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

/**
 * Each layer's deploy grants, computed from its plan: every call deploying each of its resources
 * makes (`deployCalls`: on `*` if the action accepts only `*`, by tag for services with generated
 * ids, otherwise on exactly the resource it addresses, the layer's own or one its inputs name).
 */
export async function layerResources(
  programs: PlannedProgram[],
  table: DeployActionTable,
  account: string,
  region: string,
  stack: string,
  /** Singletons another stack of the account and region creates for this one (`stacks/accounts.yaml`). */
  scope: PlannedProgram[] = [],
): Promise<Record<string, LayerResources>> {
  const addresses = await planAddresses(programs, account, region);
  const { byUrn } = addresses;
  const ctx = callContext(programs, table, addresses, account, region, scope);
  // the resource each own ARN belongs to (its generated parts become `*` in the pattern)
  const owners = new Map<string, PlannedResource>();
  for (const p of programs)
    for (const r of p.resources) {
      const a = byUrn.get(r.urn);
      if (a?.ok && a.arn && a.kind === "self") owners.set(a.arn, r);
    }
  const catalog = `arn:aws:glue:${region}:${account}:catalog`;
  const out: Record<string, LayerResources> = {};
  for (const p of programs) {
    if (p.layer === "bootstrap") continue;
    const types = new Set<string>();
    const starOnly = new Set<string>();
    const tagged = new Set<string>();
    const onArns = new Map<string, Set<string>>();
    const add = (action: string, pattern: string) =>
      onArns.set(action, (onArns.get(action) ?? new Set<string>()).add(pattern));
    for (const r of p.resources) {
      if (!/^aws(-native)?:/.test(r.type)) continue;
      types.add(r.type);
      const address = byUrn.get(r.urn);
      if (!address) continue;
      const { calls } = await deployCalls(r, p.layer, address, ctx);
      for (const c of calls) {
        if (c.resource === "*") {
          starOnly.add(c.action);
          continue;
        }
        if (TAG_SCOPED_SERVICES.has(c.action.split(":")[0] as string)) {
          // EC2/KMS/DMS calls are granted by the layer tag; another layer's key through its service
          if (isTagScoped(c.resource)) {
            if (!ctx.keyLayer.has(c.resource) || ctx.keyLayer.get(c.resource) === p.layer)
              tagged.add(c.action);
            continue;
          }
        }
        const pattern = arnPattern(
          owners.get(c.resource) ?? { type: typeOf(c.resource), inputs: {}, urn: "", name: "" },
          c.pattern ?? c.resource,
          account,
          region,
          stack,
        );
        add(c.action, pattern);
        // a log group's streams are `<group arn>:log-stream:*`, which its calls also take
        if (c.resource.includes(":log-group:") && !c.resource.includes(":log-stream:"))
          add(c.action, `${pattern}:*`);
        // Glue authorizes a catalog object's calls on the catalog too
        if (c.action.startsWith("glue:")) {
          const [info] = (await expandAction(c.action)) ?? [];
          if (info && acceptsResource(info, catalog))
            add(c.action, "arn:aws:glue:{region}:{account}:catalog");
        }
      }
    }
    // the data sources it calls read with the deploy role's rights too (invoke-calls.ts)
    const callerRoleArn = `arn:aws:iam::${account}:role/lakehouse-${stack}-${p.layer}-deploy`;
    for (const i of p.invokes ?? [])
      for (const c of invokeCalls(i.token, i.args, i.result, { account, region, callerRoleArn }) ?? []) {
        if (c.resource === "*") starOnly.add(c.action);
        else
          add(
            c.action,
            arnPattern({ type: "", inputs: {}, urn: "", name: "" }, c.resource, account, region, stack),
          );
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
