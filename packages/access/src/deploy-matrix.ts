import type { IamAccess } from "@lakehouse/contracts";
import type { DeployActionTable } from "./deploy-action-table";
import {
  addressOf,
  grantPairs,
  type LayerResources,
  layerResources,
  roleArnsOf,
  usedActions,
} from "./deploy-manifest";
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
 * Endpoint name of the service a resource type belongs to, as `kms:ViaService` names it. CloudWatch
 * Logs is absent: it uses a key through its own service principal (the key policy), taking no grant.
 */
const VIA: Record<string, string> = {
  dynamodb: "dynamodb",
  kinesis: "firehose",
  sqs: "sqs",
  rds: "rds",
  secretsmanager: "secretsmanager",
  dms: "dms",
  glue: "glue",
  s3: "s3",
  lambda: "lambda",
  athena: "athena",

  sns: "sns",
};

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
): Promise<DeployRequirements> {
  const prefix = `lakehouse-${stack}`;
  const star = new Set(table.starOnly);
  const required: DeployRequirements["required"] = [];
  const forbidden: DeployRequirements["forbidden"] = [];
  const problems: string[] = [];
  const roleArns = roleArnsOf(programs);
  const keyLayer = new Map<string, string>();
  for (const p of programs)
    for (const r of p.resources) if (r.type === "aws:kms/key:Key" && r.arn) keyLayer.set(r.arn, p.layer);
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
      const arn = addressOf(r, roleArns);
      const tags = tagsOf(r);
      const requestTags = Object.fromEntries(
        Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, v]),
      );
      for (const op of ["create", "read", "update", "delete"] as const) {
        const onStar: string[] = [];
        const onArn: string[] = [];
        for (const action of usedActions(table, r.type, op)) {
          if (star.has(action)) onStar.push(action);
          else if (arn && (await acceptsCached(action, arn))) onArn.push(action);
        }
        const context: Record<string, string | string[]> = {};
        if (op === "create" && Object.keys(tags).length)
          Object.assign(context, requestTags, { "aws:TagKeys": Object.keys(tags) });
        // roles are created (and their boundary set) with the workload boundary: the only kind a deploy role may create
        if (typeof r.inputs.permissionsBoundary === "string")
          context["iam:PermissionsBoundary"] = r.inputs.permissionsBoundary;
        if (onStar.length) need(onStar, "*", `${op} ${r.type} ${r.name}`);
        if (onArn.length && arn)
          need(onArn, arn, `${op} ${r.type} ${r.name}`, Object.keys(context).length ? context : undefined);
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
    for (const other of layers) {
      if (other.layer === p.layer) continue;
      const sampled = new Set<string>();
      for (const r of other.resources) {
        if (sampled.has(r.type) || !r.arn) continue;
        const deletes = (table.types[r.type]?.delete ?? []).filter(
          (a) => !star.has(a) && !unused(r.type, a) && !/:(Get|Describe|List)/.test(a),
        );
        const onArn = [];
        for (const a of deletes) if (await acceptsCached(a, r.arn)) onArn.push(a);
        if (!onArn.length) continue;
        sampled.add(r.type);
        forbidden.push({
          layer: p.layer,
          principal,
          actions: onArn,
          resource: r.arn,
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
      if (sampled.has(r.type) || !r.arn) continue;
      const writes = [...(table.types[r.type]?.delete ?? []), ...(table.types[r.type]?.update ?? [])].filter(
        (a) => !star.has(a) && !/:(Get|Describe|List)/.test(a),
      );
      const onArn = [];
      for (const a of writes) if (await acceptsCached(a, r.arn)) onArn.push(a);
      if (!onArn.length) continue;
      sampled.add(r.type);
      forbidden.push({
        layer: p.layer,
        principal: preview,
        actions: onArn,
        resource: r.arn,
        why: "preview roles change nothing",
      });
    }
  }
  return { required, forbidden, problems };
}

function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}
