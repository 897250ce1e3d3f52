import { awsManagedPolicy } from "./managed-policies";
import {
  accountAndRegion,
  asList,
  type PlannedProgram,
  type PlannedResource,
  type PolicyDocument,
  parsePolicy,
  tagsOf,
} from "./plan";

/** A policy document and where it was declared. */
export interface NamedPolicy {
  /** `<layer>: <resource type> <logical name>`, e.g. `ingestion: aws:iam/rolePolicy cdc-role-logs`. */
  name: string;
  policy: PolicyDocument;
}

export interface Principal {
  arn: string;
  /** The role's physical name. */
  name: string;
  layer: string;
  tags: Record<string, string>;
  identityPolicies: NamedPolicy[];
  boundary?: NamedPolicy;
  trust?: NamedPolicy;
}

export interface ResourceEntry {
  arn: string;
  layer: string;
  type: string;
  name: string;
  tags: Record<string, string>;
  policy?: NamedPolicy;
}

/** Every principal and resource policy of a stack's plan, as IAM would see them once deployed. */
export interface AccessModel {
  account: string;
  region: string;
  principals: Map<string, Principal>;
  resources: Map<string, ResourceEntry>;
  programs: PlannedProgram[];
}

const source = (layer: string, r: PlannedResource) => `${layer}: ${r.type.split(":")[1]} ${r.name}`;

/**
 * The AWS default key policy, which a key gets when created without one: the account (and so IAM
 * policies of its principals) may use and administer it.
 * https://docs.aws.amazon.com/kms/latest/developerguide/key-policy-default.html
 */
const defaultKeyPolicy = (account: string): PolicyDocument => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "Enable IAM User Permissions",
      Effect: "Allow",
      Principal: { AWS: `arn:aws:iam::${account}:root` },
      Action: "kms:*",
      Resource: "*",
    },
  ],
});

/**
 * `addresses` (urn -> ARN, rebuilt from each resource's inputs) name the resources the provider
 * gives no ARN output (a NAT gateway), so their tags still decide tag-scoped requests.
 */
export function buildModel(programs: PlannedProgram[], addresses?: Map<string, string>): AccessModel {
  const { account, region } = accountAndRegion(programs);
  const principals = new Map<string, Principal>();
  const resources = new Map<string, ResourceEntry>();
  const byRoleName = new Map<string, Principal>();
  const customerPolicies = new Map<string, NamedPolicy>();
  const all = programs.flatMap((p) => p.resources.map((r) => ({ layer: p.layer, r })));

  for (const { layer, r } of all) {
    const arn = r.arn ?? addresses?.get(r.urn);
    if (arn) resources.set(arn, { arn, layer, type: r.type, name: r.name, tags: tagsOf(r) });
    if (r.type === "aws:iam/policy:Policy" && r.arn) {
      const policy = parsePolicy(r.inputs.policy);
      if (policy) customerPolicies.set(r.arn, { name: source(layer, r), policy });
    }
  }
  const managed = (arn: string, what: string): NamedPolicy => {
    const own = customerPolicies.get(arn);
    if (own) return own;
    if (arn.startsWith("arn:aws:iam::aws:policy/"))
      return { name: `AWS managed ${arn}`, policy: awsManagedPolicy(arn) };
    throw new Error(
      `access proof: ${what} refers to policy ${arn}, which is neither AWS managed nor in the plan`,
    );
  };

  for (const { layer, r } of all) {
    if (r.type !== "aws:iam/role:Role" || !r.arn) continue;
    const name = r.arn.split("/").pop() as string;
    const trust = parsePolicy(r.inputs.assumeRolePolicy);
    const principal: Principal = {
      arn: r.arn,
      name,
      layer,
      tags: tagsOf(r),
      identityPolicies: [],
      trust: trust && { name: `${source(layer, r)} trust policy`, policy: trust },
    };
    for (const inline of (r.inputs.inlinePolicies as { name?: string; policy?: unknown }[] | undefined) ??
      []) {
      const policy = parsePolicy(inline.policy);
      if (policy)
        principal.identityPolicies.push({ name: `${source(layer, r)} inline ${inline.name}`, policy });
    }
    for (const arn of asList(r.inputs.managedPolicyArns))
      principal.identityPolicies.push(managed(arn, source(layer, r)));
    if (typeof r.inputs.permissionsBoundary === "string")
      principal.boundary = managed(r.inputs.permissionsBoundary, `${source(layer, r)} permissionsBoundary`);
    principals.set(r.arn, principal);
    byRoleName.set(name, principal);
  }

  for (const { layer, r } of all) {
    if (
      r.type === "aws:iam/rolePolicy:RolePolicy" ||
      r.type === "aws:iam/rolePolicyAttachment:RolePolicyAttachment"
    ) {
      const role = byRoleName.get(String(r.inputs.role));
      if (!role) continue;
      if (r.type === "aws:iam/rolePolicy:RolePolicy") {
        const policy = parsePolicy(r.inputs.policy);
        if (policy) role.identityPolicies.push({ name: source(layer, r), policy });
      } else {
        role.identityPolicies.push(managed(String(r.inputs.policyArn), source(layer, r)));
      }
      continue;
    }
    const attach = (arn: string | undefined, value: unknown) => {
      const entry = arn ? resources.get(arn) : undefined;
      const policy = parsePolicy(value);
      if (entry && policy) entry.policy = { name: source(layer, r), policy };
    };
    switch (r.type) {
      case "aws:s3/bucketPolicy:BucketPolicy": {
        const arn = `arn:aws:s3:::${String(r.inputs.bucket)}`;
        const bucket = resources.get(arn);
        if (bucket) attach(arn, r.inputs.policy);
        break;
      }
      case "aws:kms/key:Key":
        if (r.arn) {
          const entry = resources.get(r.arn);
          if (entry)
            entry.policy = parsePolicy(r.inputs.policy)
              ? { name: source(layer, r), policy: parsePolicy(r.inputs.policy) as PolicyDocument }
              : { name: `${source(layer, r)} (AWS default key policy)`, policy: defaultKeyPolicy(account) };
        }
        break;
      case "aws:sqs/queuePolicy:QueuePolicy": {
        const m = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\/(\d{12})\/(.+)$/.exec(
          String(r.inputs.queueUrl),
        );
        if (m) attach(`arn:aws:sqs:${m[1]}:${m[2]}:${m[3]}`, r.inputs.policy);
        break;
      }
      case "aws:sns/topicPolicy:TopicPolicy":
        attach(String(r.inputs.arn), r.inputs.policy);
        break;
      case "aws:sns/topic:Topic":
      case "aws:sqs/queue:Queue":
        if (r.inputs.policy) attach(r.arn, r.inputs.policy);
        break;
    }
  }
  return { account, region, principals, resources, programs };
}

/** The planned resource a request ARN addresses: itself, or for an S3 object its bucket. */
export function resourceFor(model: AccessModel, arn: string): ResourceEntry | undefined {
  const exact = model.resources.get(arn);
  if (exact) return exact;
  const s3 = /^arn:aws:s3:::([^/]+)\//.exec(arn);
  return s3 ? model.resources.get(`arn:aws:s3:::${s3[1]}`) : undefined;
}
