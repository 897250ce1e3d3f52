import * as pulumi from "@pulumi/pulumi";

/** A condition block: operator -> context key -> value(s), as IAM writes it. */
export type PolicyConditions = Record<string, Record<string, string | string[]>>;

/** One IAM statement, typed: the JSON keys IAM expects, values possibly still Outputs. */
export interface PolicyStatement {
  Sid: string;
  Effect: "Allow" | "Deny";
  Action: string | string[];
  /** Omitted only in trust (assume-role) policies. */
  Resource?: pulumi.Input<string> | pulumi.Input<string>[];
  Principal?: "*" | { AWS?: pulumi.Input<string> | pulumi.Input<string>[]; Service?: string | string[] };
  Condition?: pulumi.Input<PolicyConditions>;
}

/** Renders typed statements to the policy JSON string IAM, S3 and KMS take. Deterministic: key order is fixed. */
export function policyJson(statements: pulumi.Input<PolicyStatement[]>): pulumi.Output<string> {
  return pulumi
    .output(statements)
    .apply((resolved) => JSON.stringify({ Version: "2012-10-17", Statement: resolved }));
}

/** `s3.eu-west-1.amazonaws.com`: the value of `kms:ViaService` for a service in a region. */
export function viaService(service: string, region: string): string {
  return `${service}.${region}.amazonaws.com`;
}
