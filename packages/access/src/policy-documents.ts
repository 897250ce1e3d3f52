import { type PlannedProgram, type PolicyDocument, parsePolicy } from "./plan";

/** A policy document of the plan and where it is declared. */
export interface PlannedPolicy {
  layer: string;
  urn: string;
  /** `<layer>: <type> <logical name>[ <field>]` */
  where: string;
  kind: "identity" | "resource" | "trust";
  policy: PolicyDocument;
}

const FIELDS: Record<string, { field: string; kind: PlannedPolicy["kind"] }[]> = {
  "aws:iam/rolePolicy:RolePolicy": [{ field: "policy", kind: "identity" }],
  "aws:iam/policy:Policy": [{ field: "policy", kind: "identity" }],
  "aws:iam/role:Role": [{ field: "assumeRolePolicy", kind: "trust" }],
  "aws:s3/bucketPolicy:BucketPolicy": [{ field: "policy", kind: "resource" }],
  "aws:kms/key:Key": [{ field: "policy", kind: "resource" }],
  "aws:sqs/queuePolicy:QueuePolicy": [{ field: "policy", kind: "resource" }],
  "aws:sqs/queue:Queue": [{ field: "policy", kind: "resource" }],
  "aws:sns/topicPolicy:TopicPolicy": [{ field: "policy", kind: "resource" }],
  "aws:sns/topic:Topic": [{ field: "policy", kind: "resource" }],
  "aws:secretsmanager/secretPolicy:SecretPolicy": [{ field: "policy", kind: "resource" }],
  "aws:ec2/vpcEndpoint:VpcEndpoint": [{ field: "policy", kind: "resource" }],
};

/** Every IAM policy document in the plan: identity, resource and trust policies, inline role policies. */
export function plannedPolicies(programs: PlannedProgram[]): PlannedPolicy[] {
  const out: PlannedPolicy[] = [];
  for (const p of programs) {
    for (const r of p.resources) {
      const where = `${p.layer}: ${r.type.split(":")[1]} ${r.name}`;
      for (const { field, kind } of FIELDS[r.type] ?? []) {
        const policy = parsePolicy(r.inputs[field]);
        if (policy)
          out.push({
            layer: p.layer,
            urn: r.urn,
            where: field === "policy" ? where : `${where} ${field}`,
            kind,
            policy,
          });
      }
      if (r.type === "aws:iam/role:Role") {
        for (const inline of (r.inputs.inlinePolicies as { name?: string; policy?: unknown }[] | undefined) ??
          []) {
          const policy = parsePolicy(inline.policy);
          if (policy)
            out.push({
              layer: p.layer,
              urn: r.urn,
              where: `${where} inline ${inline.name}`,
              kind: "identity",
              policy,
            });
        }
      }
    }
  }
  return out;
}
