/**
 * The AWS calls each provider function (data source) a program invokes makes, with the deployer's
 * rights, on every preview and `up`: a deploy role needs them as it needs its resources' calls.
 * Each entry cites the provider's data source (terraform-provider-aws internal/service/<service>/);
 * a token missing here fails the access proof (packages/access deploy-matrix.ts) rather than being
 * taken to need nothing. `sdk:` entries are AWS SDK calls a program makes itself.
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

/** The platform's own data sources. */
const PROGRAM_CALLS: Record<string, InvokeModel> = {
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

const regional = (ctx: InvokeContext, service: string, rest: string) =>
  `arn:aws:${service}:${ctx.region}:${ctx.account}:${rest}`;
/** A table given by name or ARN (the attached table's `table`). */
const tableArn = (ctx: InvokeContext, nameOrArn: string) =>
  nameOrArn.startsWith("arn:") ? nameOrArn : regional(ctx, "dynamodb", `table/${nameOrArn}`);

/** The attached-source lookups (packages/components/src/ingestion/attached-sources.ts). */
const ATTACHED_SOURCE_CALLS: Record<string, InvokeModel> = {
  "aws:dynamodb/getTable:getTable": {
    // DescribeTable (findTableByName), DescribeContinuousBackups (point_in_time_recovery),
    // DescribeTimeToLive (ttl); the tags interceptor lists the table's tags by ARN.
    source: "dynamodb/table_data_source.go",
    calls: (args, _r, ctx) =>
      [
        "dynamodb:DescribeTable",
        "dynamodb:DescribeContinuousBackups",
        "dynamodb:DescribeTimeToLive",
        "dynamodb:ListTagsOfResource",
      ].map((action) => ({ action, resource: tableArn(ctx, String(args.name)) })),
  },
  "aws:rds/getCluster:getCluster": {
    // DescribeDBClusters (findDBClusterByID); tags come with the reply
    source: "rds/cluster_data_source.go",
    calls: (args, _r, ctx) => [
      {
        action: "rds:DescribeDBClusters",
        resource: regional(ctx, "rds", `cluster:${args.clusterIdentifier}`),
      },
    ],
  },
  "aws:rds/getSubnetGroup:getSubnetGroup": {
    source: "rds/subnet_group_data_source.go: DescribeDBSubnetGroups (findDBSubnetGroupByName)",
    calls: (args, _r, ctx) => [
      { action: "rds:DescribeDBSubnetGroups", resource: regional(ctx, "rds", `subgrp:${args.name}`) },
    ],
  },
  "aws:vpc/getSecurityGroupRules:getSecurityGroupRules": {
    source: "ec2/vpc_security_group_rules_data_source.go: DescribeSecurityGroupRules (accepts only *)",
    calls: () => [{ action: "ec2:DescribeSecurityGroupRules", resource: "*" }],
  },
  "aws:vpc/getSecurityGroupRule:getSecurityGroupRule": {
    source: "ec2/vpc_security_group_rule_data_source.go: DescribeSecurityGroupRules (accepts only *)",
    calls: () => [{ action: "ec2:DescribeSecurityGroupRules", resource: "*" }],
  },
  "aws:secretsmanager/getSecret:getSecret": {
    // DescribeSecret (findSecretByID) and GetResourcePolicy (findSecretPolicyByID, fills `policy`)
    source: "secretsmanager/secret_data_source.go",
    calls: (args) =>
      ["secretsmanager:DescribeSecret", "secretsmanager:GetResourcePolicy"].map((action) => ({
        action,
        resource: String(args.arn),
      })),
  },
  "aws:kms/getKey:getKey": {
    source: "kms/key_data_source.go: DescribeKey (findKey) only",
    calls: (args, _r, ctx) => {
      const key = String(args.keyId);
      return [
        {
          action: "kms:DescribeKey",
          resource: key.startsWith("arn:") ? key : regional(ctx, "kms", `key/${key}`),
        },
      ];
    },
  },
  // No data source returns parameter values: the program pages RDS DescribeDBClusterParameters.
  "sdk:rds:DescribeDBClusterParameters": {
    source: "@aws-sdk/client-rds DescribeDBClusterParametersCommand (attached-sources.ts)",
    calls: (args, _r, ctx) => [
      {
        action: "rds:DescribeDBClusterParameters",
        resource: regional(ctx, "rds", `cluster-pg:${args.DBClusterParameterGroupName}`),
      },
    ],
  },
};
/** Every modelled call, by invoke token. */
export const INVOKE_CALLS: Record<string, InvokeModel> = { ...PROGRAM_CALLS, ...ATTACHED_SOURCE_CALLS };

/**
 * The lookups ingestion makes of the sources its stack attaches (attachedSourceTable,
 * attachedAuroraCluster in the stack file), in the order attached-sources.ts makes them. Names the
 * program learns only from an earlier answer (the cluster's subnet and parameter groups, its
 * security group rules, the secret's key) are `*`: a grant can name them only by their type.
 */
export function attachedSourceLookups(refs: {
  attachedSourceTable?: { table: string };
  attachedAuroraCluster?: { clusterIdentifier: string; secretArn: string };
}): { token: string; args: Record<string, unknown> }[] {
  const lookups: { token: string; args: Record<string, unknown> }[] = [];
  const table = refs.attachedSourceTable;
  if (table) lookups.push({ token: "aws:dynamodb/getTable:getTable", args: { name: table.table } });
  const cluster = refs.attachedAuroraCluster;
  if (cluster)
    lookups.push(
      { token: "aws:rds/getCluster:getCluster", args: { clusterIdentifier: cluster.clusterIdentifier } },
      { token: "aws:rds/getSubnetGroup:getSubnetGroup", args: { name: "*" } },
      { token: "aws:vpc/getSecurityGroupRules:getSecurityGroupRules", args: {} },
      { token: "aws:vpc/getSecurityGroupRule:getSecurityGroupRule", args: {} },
      { token: "sdk:rds:DescribeDBClusterParameters", args: { DBClusterParameterGroupName: "*" } },
      { token: "aws:secretsmanager/getSecret:getSecret", args: { arn: cluster.secretArn } },
      { token: "aws:kms/getKey:getKey", args: { keyId: "*" } },
    );
  return lookups;
}

/** The calls of one recorded invoke; undefined when the token has no model here. */
export function invokeCalls(
  token: string,
  args: Record<string, unknown>,
  result: Record<string, unknown>,
  ctx: InvokeContext,
): InvokeCall[] | undefined {
  return INVOKE_CALLS[token]?.calls(args, result, ctx);
}
