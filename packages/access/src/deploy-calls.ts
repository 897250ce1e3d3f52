import type { DeployActionTable } from "./deploy-action-table";
import type { PlannedProgram, PlannedResource } from "./plan";
import { type Address, type AddressContext, resolveAddress } from "./resource-address";
import { acceptsResource, expandAction } from "./service-reference";

export type Op = "create" | "read" | "update" | "delete";
export const OPS: readonly Op[] = ["create", "read", "update", "delete"];

/** One call deploying a resource makes, on the resource it addresses. */
export interface DeployCall {
  op: Op;
  action: string;
  /** The ARN the call addresses (`*` for actions that accept only `*`). */
  resource: string;
  /** The grant pattern, when it differs from `resource` (an id AWS generates at create time). */
  pattern?: string;
  /** The request context the call carries (`kms:ViaService`, `iam:AWSServiceName`). */
  context?: Record<string, string>;
  /** Where the call comes from, when not the type's own handler list. */
  why?: string;
}

/**
 * Calls made through Cloud Control with the deployer's rights by every `@pulumi/aws-native`
 * resource: pulumi/pulumi-aws-native provider/pkg/client/client.go (clientImpl.Create calls
 * CreateResource, then awaiter.go WaitForResourceOpCompletion polls GetResourceRequestStatus, then
 * GetResource; Read calls GetResource; Update UpdateResource, the wait and GetResource; Delete
 * DeleteResource and the wait). The actions accept only `*` (Service Authorization Reference;
 * pulumi/pulumi-aws-native#810). Cloud Control then calls the type's handler actions, also with
 * the caller's rights (no role ARN is configured), which the type's table entry lists.
 */
export const CLOUD_CONTROL: Record<Op, string[]> = {
  create: [
    "cloudformation:CreateResource",
    "cloudformation:GetResourceRequestStatus",
    "cloudformation:GetResource",
  ],
  read: ["cloudformation:GetResource"],
  update: [
    "cloudformation:UpdateResource",
    "cloudformation:GetResourceRequestStatus",
    "cloudformation:GetResource",
  ],
  delete: ["cloudformation:DeleteResource", "cloudformation:GetResourceRequestStatus"],
};

/**
 * Service-linked roles a service creates on first use, with the caller's rights
 * (`iam:CreateServiceLinkedRole` on the role, `iam:AWSServiceName` naming the service):
 * - RDS: AWSServiceRoleForRDS (RDS user guide, "Using service-linked roles for Amazon RDS":
 *   created when you create a DB cluster or instance; the caller needs iam:CreateServiceLinkedRole);
 * - DMS Serverless: AWSServiceRoleForDMSServerless (DMS user guide, "Service-linked role for AWS
 *   DMS Serverless": created with the first replication configuration).
 */
const SERVICE_LINKED_ROLES: Record<string, { service: string; role: string }> = {
  "aws:rds/cluster:Cluster": { service: "rds.amazonaws.com", role: "AWSServiceRoleForRDS" },
  "aws:rds/clusterInstance:ClusterInstance": { service: "rds.amazonaws.com", role: "AWSServiceRoleForRDS" },
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": {
    service: "rds.amazonaws.com",
    role: "AWSServiceRoleForRDS",
  },
  "aws:rds/subnetGroup:SubnetGroup": { service: "rds.amazonaws.com", role: "AWSServiceRoleForRDS" },
  "aws:dms/replicationConfig:ReplicationConfig": {
    service: "dms.amazonaws.com",
    role: "AWSServiceRoleForDMSServerless",
  },
};
const SLR_ACTIONS =
  /^iam:(CreateServiceLinkedRole|DeleteServiceLinkedRole|GetServiceLinkedRoleDeletionStatus)$/;

/**
 * Endpoint name of the service a resource type belongs to, as `kms:ViaService` names it, when it
 * uses a customer managed key on the caller's behalf.
 */
export const VIA: Record<string, string> = {
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
  appflow: "appflow",
};

export interface CallContext extends AddressContext {
  table: DeployActionTable;
  /** Every planned ARN, and the names other resources' inputs use for them. */
  known: Map<string, string>;
  /** ARN -> layer, for keys (another layer's key is used through its service). */
  keyLayer: Map<string, string>;
  /** The key the Data Catalog is encrypted with (DataCatalogEncryptionSettings), if any. */
  catalogKey?: string;
  /** Secret ARN -> the key it is encrypted with. */
  secretKeys: Map<string, string>;
}

/** The plan-wide facts calls depend on: every known ARN, each key's layer, the catalog's and secrets' keys. */
export function callContext(
  programs: PlannedProgram[],
  table: DeployActionTable,
  addresses: { byUrn: Map<string, Address>; roleArns: Map<string, string> },
  account: string,
  region: string,
  /** Singletons another stack of the account and region creates for this one (its catalog encryption). */
  scope: PlannedProgram[] = [],
): CallContext {
  const keyLayer = new Map<string, string>();
  const secretKeys = new Map<string, string>();
  let catalogKey: string | undefined;
  for (const p of programs)
    for (const r of p.resources) {
      if (r.type === "aws:kms/key:Key" && r.arn) keyLayer.set(r.arn, p.layer);
      if (r.type === "aws:secretsmanager/secret:Secret" && r.arn && typeof r.inputs.kmsKeyId === "string")
        secretKeys.set(r.arn, r.inputs.kmsKeyId);
      if (r.type === "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings") {
        const settings = r.inputs.dataCatalogEncryptionSettings as
          | { encryptionAtRest?: { sseAwsKmsKeyId?: string } }
          | undefined;
        catalogKey = settings?.encryptionAtRest?.sseAwsKmsKeyId;
      }
    }
  // In a shared account the catalog is encrypted with the owning stack's key, used as the layer's own.
  for (const p of scope)
    for (const r of p.resources)
      if (r.type === "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings" && !catalogKey) {
        const settings = r.inputs.dataCatalogEncryptionSettings as
          | { encryptionAtRest?: { sseAwsKmsKeyId?: string } }
          | undefined;
        catalogKey = settings?.encryptionAtRest?.sseAwsKmsKeyId;
        if (catalogKey) keyLayer.set(catalogKey, p.layer);
      }
  return {
    table,
    account,
    region,
    roleArns: addresses.roleArns,
    known: knownArns(programs, addresses.byUrn),
    keyLayer,
    ...(catalogKey ? { catalogKey } : {}),
    secretKeys,
  };
}

/** The service module of a Pulumi type (`aws:rds/cluster:Cluster` -> `rds`). */
export const serviceOf = (type: string) => type.split(/[:/]/)[1] as string;

/**
 * Every call deploying `r` makes, each addressed: on `*` where the action accepts only `*`; on a
 * service-linked role; on the resource's own ARN (from its inputs through the SAR template); on a
 * resource the service creates with the caller's rights (RDS's managed secret); or on a resource
 * its inputs name (its key, its role, its bucket). A call none of these address is returned in
 * `unaddressed`: the proof fails on it rather than dropping it.
 */
export async function deployCalls(
  r: PlannedResource,
  layer: string,
  address: Address,
  ctx: CallContext,
): Promise<{ calls: DeployCall[]; unaddressed: string[] }> {
  const calls: DeployCall[] = [];
  const unaddressed: string[] = [];
  const star = new Set(ctx.table.starOnly);
  const own = address.ok ? address.arn : undefined;
  const caller = callerRightsTargets(r, ctx);
  const related = relatedArns(r, ctx).filter((t) => t.resource !== own);
  const service = serviceOf(r.type);
  for (const op of OPS) {
    if (r.type.startsWith("aws-native:"))
      for (const action of CLOUD_CONTROL[op])
        calls.push({ op, action, resource: "*", why: "through Cloud Control (pulumi-aws-native client.go)" });
    for (const action of usedActions(ctx.table, r.type, op)) {
      const [info] = (await expandAction(action)) ?? [];
      if (!info) {
        unaddressed.push(`${op} ${action}: not in the Service Authorization Reference`);
        continue;
      }
      if (star.has(action) || info.wildcardOnly) {
        calls.push({ op, action, resource: "*" });
        continue;
      }
      if (SLR_ACTIONS.test(action)) {
        const slr = SERVICE_LINKED_ROLES[r.type];
        if (!slr) unaddressed.push(`${op} ${action}: no service-linked role known for ${r.type}`);
        else
          calls.push({
            op,
            action,
            resource: `arn:aws:iam::${ctx.account}:role/aws-service-role/${slr.service}/${slr.role}`,
            context: { "iam:AWSServiceName": slr.service },
            why: `${slr.service} creates its service-linked role ${slr.role} with the caller's rights`,
          });
        continue;
      }
      if (own && acceptsResource(info, own)) {
        calls.push({ op, action, resource: own });
        continue;
      }
      const targets = [...caller, ...related].filter((t) => acceptsResource(info, t.resource));
      if (targets.length) {
        for (const t of targets) {
          // a service uses a key for its caller through the service (kms:ViaService)
          const via = ctx.keyLayer.has(t.resource) && action.startsWith("kms:") && VIA[service];
          const context = {
            ...t.context,
            ...(via ? { "kms:ViaService": `${via}.${regionOf(r, ctx)}.amazonaws.com` } : {}),
          };
          calls.push({
            op,
            action,
            resource: t.resource,
            ...(t.pattern ? { pattern: t.pattern } : {}),
            ...(Object.keys(context).length ? { context } : {}),
            why: t.why,
          });
        }
        continue;
      }
      // Lake Formation reads the Glue objects a grant or tag names; one on a location, a tag or
      // the catalog names none, so the call is not made
      if (r.type.startsWith("aws:lakeformation/") && action.startsWith("glue:")) continue;
      // The provider empties a bucket only with force_destroy (terraform-provider-aws s3/bucket.go
      // resourceBucketDelete). KNOWN GAP: dev's force-destroyed buckets need these calls on their
      // objects at destroy, but layer-resources.json serves every stack, so granting them would let
      // prod's roles empty prod's buckets; they are left to a per-stack grant (not modelled yet).
      if (r.type === "aws:s3/bucket:Bucket" && /^s3:DeleteObject/.test(action)) continue;
      // only SPICE data sets are ingested (a DIRECT_QUERY one queries Athena on each view)
      if (r.type === "aws:quicksight/dataSet:DataSet" && /Ingestion$/.test(action)) continue;
      unaddressed.push(
        `${op} ${action}: takes ${info.arnTemplates.map((t) => t.type).join(" or ")}, and ${r.name} neither is one nor names one in its inputs`,
      );
    }
  }
  return { calls, unaddressed };
}

const regionOf = (r: PlannedResource, ctx: AddressContext) =>
  typeof r.inputs.region === "string" ? r.inputs.region : ctx.region;

interface Target {
  resource: string;
  /** The grant pattern, when the resource's id is generated at create time. */
  pattern?: string;
  context?: Record<string, string>;
  why: string;
}

/**
 * Resources a service reads or creates while deploying `r`, with the caller's rights:
 * - with `manageMasterUserPassword`, RDS creates the master user secret `rds!cluster-<id>` and
 *   tags it (RDS user guide, "Password management with Amazon RDS and AWS Secrets Manager",
 *   required permissions: secretsmanager:CreateSecret and secretsmanager:TagResource);
 * - AppFlow keeps connector credentials in a secret it creates as `appflow!<...>` through the
 *   caller (the AWS managed policy AmazonAppFlowFullAccess: secretsmanager:CreateSecret with
 *   secretsmanager:Name `appflow!*` and aws:CalledVia appflow.amazonaws.com);
 * - an encrypted Data Catalog: Glue encrypts and decrypts catalog objects with the catalog's key
 *   for the caller (Glue developer guide, "Encrypting your Data Catalog": the caller needs
 *   kms:GenerateDataKey, kms:Decrypt and kms:Encrypt on the key);
 * - a secret version is encrypted with its secret's key (secretsmanager:PutSecretValue uses
 *   kms:GenerateDataKey and kms:Decrypt through Secrets Manager);
 * - a SPICE data set's ingestions are `dataset/<id>/ingestion/<id>` (QuickSight creates one
 *   with the data set);
 */
function callerRightsTargets(r: PlannedResource, ctx: CallContext): Target[] {
  const region = regionOf(r, ctx);
  const secrets = `arn:aws:secretsmanager:${region}:${ctx.account}:secret:`;
  const example = "0a1b2c3d-4e5f-6071-8293-a4b5c6d7e8f9-AbCdEf";
  switch (r.type) {
    case "aws:rds/cluster:Cluster":
      if (r.inputs.manageMasterUserPassword !== true) return [];
      // any id RDS generates: the proof asks about one, the grant covers all
      return [
        {
          resource: `${secrets}rds!cluster-${example}`,
          pattern: `${secrets}rds!cluster-*`,
          why: "RDS creates and tags the managed master user secret with the caller's rights (manageMasterUserPassword)",
        },
      ];
    case "aws:appflow/connectorProfile:ConnectorProfile":
    case "aws-native:appflow:Flow":
      return [
        {
          resource: `${secrets}appflow!${ctx.account}-${example}`,
          pattern: `${secrets}appflow!*`,
          context: { "aws:CalledVia": "appflow.amazonaws.com" },
          why: "AppFlow keeps the connector's credentials in an appflow! secret it creates through the caller",
        },
      ];
    case "aws:glue/catalogDatabase:CatalogDatabase":
    case "aws:glue/catalogTable:CatalogTable":
      return ctx.catalogKey
        ? [
            {
              resource: ctx.catalogKey,
              why: "the Data Catalog is encrypted with this key (DataCatalogEncryptionSettings)",
            },
          ]
        : [];
    case "aws:secretsmanager/secretVersion:SecretVersion": {
      const key = ctx.secretKeys.get(String(r.inputs.secretId));
      return key ? [{ resource: key, why: "the secret is encrypted with this key" }] : [];
    }
    case "aws:quicksight/dataSet:DataSet":
      return r.inputs.importMode === "SPICE"
        ? [
            {
              resource: `arn:aws:quicksight:${region}:${ctx.account}:dataset/${r.inputs.dataSetId}/ingestion/${example}`,
              pattern: `arn:aws:quicksight:${region}:${ctx.account}:dataset/${r.inputs.dataSetId}/ingestion/*`,
              why: "a SPICE data set is ingested on creation",
            },
          ]
        : [];
  }
  return [];
}

/** The planned resources (and literal ARNs) a resource's inputs name. */
function relatedArns(r: PlannedResource, ctx: CallContext): Target[] {
  const out = new Map<string, Target>();
  const why = `${r.type} ${r.name} names it in its inputs`;
  for (const value of stringsIn(r.inputs)) {
    const url = /^s3:\/\/([^/]+)\/?(.*)$/.exec(value);
    const known = ctx.known.get(url?.[1] ?? value);
    if (known) {
      out.set(known, { resource: known, why });
      // an S3 location: the objects under its prefix
      if (url && known.startsWith("arn:aws:s3:::"))
        out.set(`${known}/${url[2]}`, {
          resource: `${known}/${url[2]}`,
          pattern: `${known}/${url[2]}*`,
          why,
        });
    } else if (/^arn:aws:/.test(value)) out.set(value, { resource: value, why });
  }
  // Lake Formation names catalog objects by name: the database and table its grant or tag is on
  if (r.type.startsWith("aws:lakeformation/")) {
    const glue = `arn:aws:glue:${regionOf(r, ctx)}:${ctx.account}`;
    const db = r.inputs.database as { name?: string } | undefined;
    if (db?.name) out.set(`${glue}:database/${db.name}`, { resource: `${glue}:database/${db.name}`, why });
    for (const key of ["table", "tableWithColumns"]) {
      const t = r.inputs[key] as { databaseName?: string; name?: string; wildcard?: boolean } | undefined;
      if (!t?.databaseName) continue;
      const table = `${glue}:table/${t.databaseName}/${t.wildcard ? "*" : (t.name ?? "*")}`;
      out.set(`${glue}:database/${t.databaseName}`, { resource: `${glue}:database/${t.databaseName}`, why });
      out.set(table, { resource: table, why });
    }
  }
  return [...out.values()];
}

/** The calls of each type the platform uses (the table's lists minus its `unused` features). */
export function usedActions(table: DeployActionTable, type: string, op?: Op): string[] {
  const entry = table.types[type];
  if (!entry) return [];
  const ops = op ? [op] : OPS;
  const unused = (a: string) =>
    table.unused.some((u) => (u.type ?? type) === type && new RegExp(u.pattern).test(a));
  return [...new Set(ops.flatMap((o) => entry[o] ?? []).filter((a) => !unused(a)))];
}

/** The addresses of every planned resource, and where the SAR-rebuilt ARN differs from the plan's. */
export async function planAddresses(
  programs: PlannedProgram[],
  account: string,
  region: string,
): Promise<{ byUrn: Map<string, Address>; problems: string[]; roleArns: Map<string, string> }> {
  const roleArns = roleArnsOf(programs);
  const ctx: AddressContext = { account, region, roleArns };
  const byUrn = new Map<string, Address>();
  const problems: string[] = [];
  for (const p of programs) {
    for (const r of p.resources) {
      if (!/^aws(-native)?:/.test(r.type)) continue;
      const a = await resolveAddress(r, ctx);
      byUrn.set(r.urn, a);
      if (!a.ok) problems.push(`${p.layer}: ${a.problem}`);
      else if (a.kind === "self" && r.arn !== undefined && r.arn !== a.arn)
        problems.push(
          `${p.layer}: ${r.type} ${r.name} has ARN ${r.arn} in the plan (the mock, packages/testing/src/provider-resources.ts), but its inputs give ${a.arn} through the Service Authorization Reference's template`,
        );
    }
  }
  return { byUrn, problems, roleArns };
}

export function roleArnsOf(programs: PlannedProgram[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const p of programs)
    for (const r of p.resources)
      if (r.type === "aws:iam/role:Role" && r.arn) out.set(r.arn.split("/").pop() as string, r.arn);
  return out;
}

/** The input other resources name a resource by (a cluster by its identifier, a profile by its name). */
const NAME_INPUT: Record<string, string> = {
  "aws:rds/cluster:Cluster": "clusterIdentifier",
  "aws:rds/subnetGroup:SubnetGroup": "name",
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": "name",
  "aws:appflow/connectorProfile:ConnectorProfile": "name",
};

/** Every addressed ARN of the plan, and the names inputs use for them (bucket, database, role names). */
export function knownArns(programs: PlannedProgram[], byUrn: Map<string, Address>): Map<string, string> {
  const known = new Map<string, string>();
  for (const p of programs) {
    for (const r of p.resources) {
      const a = byUrn.get(r.urn);
      if (!a?.ok || !a.arn || a.kind === "configures") continue;
      known.set(a.arn, a.arn);
      if (r.arn) known.set(r.arn, a.arn);
      if (r.type === "aws:s3/bucket:Bucket" && typeof r.inputs.bucket === "string")
        known.set(r.inputs.bucket, a.arn);
      if (r.type === "aws:glue/catalogDatabase:CatalogDatabase" && typeof r.inputs.name === "string")
        known.set(r.inputs.name, a.arn);
      if (r.type === "aws:iam/role:Role") known.set(a.arn.split("/").pop() as string, a.arn);
      // names and generated ids other resources' inputs use (a subnet group, a cluster, a profile, sg-...)
      const named = NAME_INPUT[r.type];
      if (named && typeof r.inputs[named] === "string") known.set(r.inputs[named] as string, a.arn);
      if (r.type.startsWith("aws:ec2/") && typeof r.id === "string") known.set(r.id, a.arn);
    }
  }
  return known;
}

export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === "string") out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value && typeof value === "object") for (const v of Object.values(value)) stringsIn(v, out);
  return out;
}
