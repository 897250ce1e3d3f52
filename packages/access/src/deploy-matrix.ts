import type { IamAccess } from "@lakehouse/contracts";
import { INVOKE_CALLS, invokeCalls } from "@lakehouse/contracts";
import type { DeployActionTable } from "./deploy-action-table";
import { callContext, deployCalls, planAddresses, stringsIn, VIA } from "./deploy-calls";
import { grantPairs, type LayerResources, layerResources } from "./deploy-manifest";
import type { PlannedProgram } from "./plan";
import { tagsOf } from "./plan";
import { acceptsResource, expandAction } from "./service-reference";

export interface DeployRequirements {
  /** Per layer: what its deploy role must be able to call, and what no deploy or preview role may. */
  required: (IamAccess & { layer: string })[];
  forbidden: (IamAccess & { layer: string })[];
  /** `<layer>: <type>` planned without an entry in the table, or missing from the layer's type manifest. */
  problems: string[];
}

/**
 * What each layer's deploy role must be able to call for its plan: every create/read/update/delete
 * call of every planned resource on that resource (or `*` where the action accepts only `*`), with
 * the resource's tags as request tags on creation; `iam:PassRole` of every role a resource is given;
 * describe and grant on every key of another layer a resource is encrypted with. And what it must
 * not: delete another layer's resources, touch a CI role, write another project's state, or create
 * a role without the workload boundary; preview roles change nothing.
 */
export async function deployRequirements(
  programs: PlannedProgram[],
  table: DeployActionTable,
  manifest: Record<string, LayerResources>,
  account: string,
  region: string,
  stack: string,
  /** Singletons another stack of the account and region creates for this one (`stacks/accounts.yaml`). */
  scope: PlannedProgram[] = [],
): Promise<DeployRequirements> {
  const prefix = `lakehouse-${stack}`;
  const star = new Set(table.starOnly);
  const required: DeployRequirements["required"] = [];
  const forbidden: DeployRequirements["forbidden"] = [];
  const problems: string[] = [];
  const addresses = await planAddresses(programs, account, region);
  problems.push(...addresses.problems);
  const roleArns = addresses.roleArns;
  const ctx = callContext(programs, table, addresses, account, region, scope);
  const keyLayer = ctx.keyLayer;
  /**
   * The ARN a resource's calls address, rebuilt from its inputs (its own, or the one it
   * configures), never an ARN the mock invents: what the forbidden checks ask about.
   */
  const addressOf = (r: { urn: string }) => {
    const a = addresses.byUrn.get(r.urn);
    return a?.ok ? a.arn : undefined;
  };
  const unused = (type: string, action: string) =>
    table.unused.some((u) => (u.type ?? type) === type && new RegExp(u.pattern).test(action));
  const roleSet = new Set(roleArns.values());
  const accepts = new Map<string, boolean>();
  const acceptsCached = async (action: string, arn: string) => {
    const k = `${action} ${arn.replace(/[^:/]+$/, "")}`;
    let v = accepts.get(k);
    if (v === undefined) {
      const [info] = (await expandAction(action)) ?? [];
      v = info ? acceptsResource(info, arn) : false;
      accepts.set(k, v);
    }
    return v;
  };
  const layers = programs.filter((p) => p.layer !== "bootstrap");
  const fresh = await layerResources(programs, table, account, region, stack);
  for (const p of layers) {
    const principal = `${prefix}-${p.layer}-deploy`;
    const listed = new Set(manifest[p.layer]?.types ?? []);
    // the written deploy grants must cover what this plan needs (else: pnpm lakehouse plan --update-deploy-roles)
    const written = manifest[p.layer];
    const current = fresh[p.layer];
    if (written && current) {
      const have = grantPairs(written);
      const missing = [...grantPairs(current)].filter((x) => !have.has(x));
      const missingStar = current.starOnly.filter((a) => !written.starOnly.includes(a));
      const missingTag = current.tagScoped.filter((a) => !written.tagScoped.includes(a));
      for (const m of [
        ...missing,
        ...missingStar.map((a) => `${a} *`),
        ...missingTag.map((a) => `${a} (by layer tag)`),
      ].slice(0, 5))
        problems.push(
          `${p.layer}'s plan needs ${m}, which its deploy role does not grant: run "pnpm lakehouse plan --update-deploy-roles"`,
        );
    }
    const seen = new Set<string>();
    const need = (
      actions: string[],
      resource: string,
      why: string,
      context?: Record<string, string | string[]>,
    ) => {
      const fresh = actions.filter((a) => !seen.has(`${a} ${resource} ${JSON.stringify(context ?? {})}`));
      for (const a of fresh) seen.add(`${a} ${resource} ${JSON.stringify(context ?? {})}`);
      if (fresh.length) required.push({ layer: p.layer, principal, actions: fresh, resource, context, why });
    };
    for (const r of p.resources) {
      if (!/^aws(-native)?:/.test(r.type)) continue;
      if (!listed.has(r.type))
        problems.push(
          `${p.layer} plans ${r.type}, missing from its deploy role's types: run "pnpm lakehouse plan --update-deploy-roles"`,
        );
      const entry = table.types[r.type];
      if (!entry) {
        problems.push(
          `${p.layer} plans ${r.type}, which packages/contracts/src/deploy-actions.json has no calls for: add its create/read/update/delete calls`,
        );
        continue;
      }
      const address = addresses.byUrn.get(r.urn);
      if (!address) continue;
      const arn = address.ok ? address.arn : undefined;
      const { calls, unaddressed } = await deployCalls(r, p.layer, address, ctx);
      for (const u of unaddressed)
        problems.push(
          `${p.layer}: deploying ${r.type} ${r.name} calls ${u}: address it (packages/access/src/deploy-calls.ts) or list it under "unused" in packages/contracts/src/deploy-actions.json with why`,
        );
      const tags = tagsOf(r);
      const requestTags = Object.fromEntries(
        Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v]),
      );
      for (const c of calls) {
        const context: Record<string, string | string[]> = { ...c.context };
        if (c.resource === arn) {
          if (c.op === "create" && Object.keys(tags).length)
            Object.assign(context, requestTags, { "aws:TagKeys": Object.keys(tags) });
          // roles are created (and their boundary set) with the workload boundary: the only kind a deploy role may create
          if (typeof r.inputs.permissionsBoundary === "string")
            context["iam:PermissionsBoundary"] = r.inputs.permissionsBoundary;
        }
        need(
          [c.action],
          c.resource,
          `${c.op} ${r.type} ${r.name}${c.why ? ` (${c.why})` : ""}`,
          Object.keys(context).length ? context : undefined,
        );
      }
      const service = r.type.split(/[:/]/)[1] as string;
      for (const value of stringsIn(r.inputs)) {
        if (
          roleSet.has(value) &&
          r.type !== "aws:lakeformation/permissions:Permissions" &&
          r.type !== "aws:lakeformation/dataLakeSettings:DataLakeSettings"
        )
          need(["iam:PassRole"], value, `${r.type} ${r.name} is given role ${value.split("/").pop()}`);
        const owner = keyLayer.get(value);
        if (owner && owner !== p.layer && VIA[service]) {
          need(["kms:DescribeKey"], value, `${r.type} ${r.name} is encrypted with ${owner}'s key`);
          need(
            ["kms:CreateGrant"],
            value,
            `${r.type} ${r.name} is encrypted with ${owner}'s key: the service takes a grant`,
            {
              "kms:ViaService": `${VIA[service]}.${region}.amazonaws.com`,
              "kms:GrantIsForAWSResource": "true",
            },
          );
        }
      }
    }
    // Every data source the program calls, with the deploy role's rights (invoke-calls.ts).
    const callerRoleArn = `arn:aws:iam::${account}:role/${principal}`;
    for (const i of p.invokes ?? []) {
      const calls = invokeCalls(i.token, i.args, i.result, { account, region, callerRoleArn });
      if (!calls) {
        problems.push(
          `${p.layer} calls the data source ${i.token}, whose AWS calls packages/access/src/invoke-calls.ts does not model: add them, cited`,
        );
        continue;
      }
      for (const c of calls)
        need([c.action], c.resource, `data source ${i.token} (${INVOKE_CALLS[i.token]?.source})`);
    }
    for (const other of layers) {
      if (other.layer === p.layer) continue;
      const sampled = new Set<string>();
      for (const r of other.resources) {
        const target = addressOf(r);
        if (sampled.has(r.type) || !target) continue;
        const deletes = (table.types[r.type]?.delete ?? []).filter(
          (a) => !star.has(a) && !unused(r.type, a) && !/:(Get|Describe|List)/.test(a),
        );
        const onArn = [];
        for (const a of deletes) if (await acceptsCached(a, target)) onArn.push(a);
        if (!onArn.length) continue;
        sampled.add(r.type);
        forbidden.push({
          layer: p.layer,
          principal,
          actions: onArn,
          resource: target,
          why: `${p.layer}'s deploy role never deletes ${other.layer}'s ${r.type}`,
        });
      }
    }
    for (const l of layers.map((x) => x.layer)) {
      for (const kind of ["deploy", "preview"]) {
        forbidden.push({
          layer: p.layer,
          principal,
          actions: [
            "iam:PutRolePolicy",
            "iam:UpdateAssumeRolePolicy",
            "iam:AttachRolePolicy",
            "iam:DeleteRolePermissionsBoundary",
          ],
          resource: `arn:aws:iam::${account}:role/${prefix}-${l}-${kind}`,
          why: "no deploy role changes a CI role",
        });
      }
    }
    forbidden.push({
      layer: p.layer,
      principal,
      actions: ["iam:CreateRole"],
      resource: `arn:aws:iam::${account}:role/${prefix}-escalation`,
      why: "a role created without the workload permissions boundary could do more than its creator",
    });
    const state = programs.find((x) => x.layer === "bootstrap")?.outputs.stateBucketName;
    if (typeof state === "string") {
      const bucket = `arn:aws:s3:::${state}`;
      const self = `lakehouse-${p.layer}`;
      need(
        ["s3:PutObject", "s3:GetObject"],
        `${bucket}/.pulumi/stacks/${self}/${stack}.json`,
        "writes its own project's state",
      );
      for (const other of layers.filter((x) => x.layer !== p.layer)) {
        forbidden.push({
          layer: p.layer,
          principal,
          actions: ["s3:PutObject", "s3:DeleteObject"],
          resource: `${bucket}/.pulumi/stacks/lakehouse-${other.layer}/${stack}.json`,
          why: "writes no other project's state",
        });
      }
      forbidden.push({
        layer: p.layer,
        principal,
        actions: ["s3:PutBucketPolicy", "s3:DeleteBucket", "s3:PutLifecycleConfiguration"],
        resource: bucket,
        why: "never reconfigures the state bucket",
      });
    }
    // preview roles change nothing of their layer
    const preview = `${prefix}-${p.layer}-preview`;
    const sampled = new Set<string>();
    for (const r of p.resources) {
      const target = addressOf(r);
      if (sampled.has(r.type) || !target) continue;
      const writes = [...(table.types[r.type]?.delete ?? []), ...(table.types[r.type]?.update ?? [])].filter(
        // reads: Get/Describe/List, and View (budgets:ViewBudget is Budgets' read action)
        (a) => !star.has(a) && !/:(Get|Describe|List|View)/.test(a),
      );
      const onArn = [];
      for (const a of writes) if (await acceptsCached(a, target)) onArn.push(a);
      if (!onArn.length) continue;
      sampled.add(r.type);
      forbidden.push({
        layer: p.layer,
        principal: preview,
        actions: onArn,
        resource: target,
        why: "preview roles change nothing",
      });
    }
  }
  return { required, forbidden, problems };
}
