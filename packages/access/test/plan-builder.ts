import type { PlannedProgram, PlannedResource } from "../src";

/** A tiny plan in the shape `lakehouse plan` writes, for the engine's own tests. */
export const ACCOUNT = "123456789012";
export const REGION = "eu-west-1";

export function program(
  layer: string,
  resources: Omit<PlannedResource, "urn">[],
  outputs: Record<string, unknown> = {},
): PlannedProgram {
  return {
    layer,
    stack: "dev",
    outputs,
    resources: resources.map((r) => ({
      ...r,
      urn: `urn:pulumi:dev::lakehouse-${layer}::${r.type}::${r.name}`,
    })),
  };
}

export const role = (name: string, tags: Record<string, string> = {}): Omit<PlannedResource, "urn"> => ({
  type: "aws:iam/role:Role",
  name,
  arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
  inputs: {
    name,
    tags,
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "glue.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    }),
  },
});

export const rolePolicy = (
  roleName: string,
  name: string,
  statements: object[],
): Omit<PlannedResource, "urn"> => ({
  type: "aws:iam/rolePolicy:RolePolicy",
  name,
  inputs: { role: roleName, policy: JSON.stringify({ Version: "2012-10-17", Statement: statements }) },
});

export const key = (
  name: string,
  id: string,
  policy?: object,
  tags: Record<string, string> = {},
): Omit<PlannedResource, "urn"> => ({
  type: "aws:kms/key:Key",
  name,
  arn: `arn:aws:kms:${REGION}:${ACCOUNT}:key/${id}`,
  inputs: { tags, ...(policy ? { policy: JSON.stringify(policy) } : {}) },
});

export const bucket = (name: string): Omit<PlannedResource, "urn"> => ({
  type: "aws:s3/bucket:Bucket",
  name,
  arn: `arn:aws:s3:::${name}`,
  inputs: { bucket: name },
});
