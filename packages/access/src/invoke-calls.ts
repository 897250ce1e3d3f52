/**
 * The AWS calls each provider function (data source) a program invokes makes, with the deployer's
 * rights, on every preview and `up`: a deploy role needs them as it needs its resources' calls.
 * Each entry cites the provider's data source; a token missing here fails the access proof
 * (deploy-matrix.ts) rather than being taken to need nothing.
 */

/** One call an invoke makes, and on what. */
export interface InvokeCall {
  action: string;
  /** The ARN it addresses, or `*` for an action that accepts only `*`. */
  resource: string;
}

export interface InvokeContext {
  account: string;
  region: string;
  /** The role the deploy runs as (the layer's deploy role): what "the caller" names. */
  callerRoleArn: string;
}

export interface InvokeModel {
  /** Where the calls come from (terraform-provider-aws, which @pulumi/aws wraps). */
  source: string;
  calls: (args: Record<string, unknown>, result: Record<string, unknown>, ctx: InvokeContext) => InvokeCall[];
}

const none = (source: string): InvokeModel => ({ source, calls: () => [] });

export const INVOKE_CALLS: Record<string, InvokeModel> = {
  "aws:index/getCallerIdentity:getCallerIdentity": none(
    "meta/caller_identity_data_source.go: sts:GetCallerIdentity, which needs no permission (STS API reference, GetCallerIdentity)",
  ),
  "aws:index/getRegion:getRegion": none(
    "meta/region_data_source.go: resolved from the SDK's endpoints table, no API call",
  ),
  "aws:index/getPartition:getPartition": none(
    "meta/partition_data_source.go: the client's partition, no API call",
  ),
  "aws:iam/getPolicyDocument:getPolicyDocument": none(
    "iam/policy_document_data_source.go: renders the JSON locally, no API call",
  ),
  "aws:index/getAvailabilityZones:getAvailabilityZones": {
    source: "ec2/ec2_availability_zones_data_source.go: DescribeAvailabilityZones (accepts only *)",
    calls: () => [{ action: "ec2:DescribeAvailabilityZones", resource: "*" }],
  },
  "aws:iam/getSessionContext:getSessionContext": {
    // With an assumed-role ARN it reads the role (findRoleByName, iam:GetRole) to learn its path;
    // the programs pass the caller's own ARN (getCallerIdentity), so the role is the deploy role.
    source: "iam/session_context_data_source.go: findRoleByName for an assumed-role ARN",
    calls: (args, _result, ctx) =>
      /^arn:aws[a-z-]*:sts::\d{12}:assumed-role\//.test(String(args.arn))
        ? [{ action: "iam:GetRole", resource: ctx.callerRoleArn }]
        : [],
  },
};

/** The calls of one recorded invoke; undefined when the token has no model here. */
export function invokeCalls(
  token: string,
  args: Record<string, unknown>,
  result: Record<string, unknown>,
  ctx: InvokeContext,
): InvokeCall[] | undefined {
  return INVOKE_CALLS[token]?.calls(args, result, ctx);
}
