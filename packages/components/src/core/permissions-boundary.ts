import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

/** Name of the permissions boundary the bootstrap creates per environment. */
export const workloadBoundaryName = (namePrefix: string) => `${namePrefix}-workload-boundary`;

/**
 * Gives every IAM role of the program the environment's workload permissions boundary (created by
 * the bootstrap). Deploy roles may create roles only with it, so no role a layer creates can do
 * more than the boundary allows (no IAM changes, no Pulumi state, no CI roles).
 */
export function applyWorkloadBoundary(namePrefix: string): void {
  const account = aws.getCallerIdentityOutput().accountId;
  const arn = pulumi.interpolate`arn:aws:iam::${account}:policy/${workloadBoundaryName(namePrefix)}`;
  pulumi.runtime.registerStackTransformation((args) => {
    if (args.type !== "aws:iam/role:Role" || args.props.permissionsBoundary !== undefined) return undefined;
    return { props: { ...args.props, permissionsBoundary: arn }, opts: args.opts };
  });
}
