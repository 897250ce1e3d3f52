import { DEPLOY_ACTION_TABLE, LAKE_FORMATION_ADMIN_ACTIONS } from "@lakehouse/contracts";

/**
 * How the IAM rules classify actions allowed on `Resource: "*"`.
 *
 * Read: the action name starts with Describe, Get or List. They change nothing, and a deploy's
 * refresh needs many of them account-wide. Data reads are not reads for this purpose: on `*`
 * they expose every object, secret or row in the account (DATA_READS below).
 *
 * Some actions accept no resource but `*` (the Service Authorization Reference lists no resource
 * type for them); STAR_ONLY names the ones the platform uses, with who needs them.
 */

export const READ_VERBS = ["Describe", "Get", "List"];

export const DATA_READS = [
  "s3:GetObject",
  "s3:GetObjectVersion",
  "secretsmanager:GetSecretValue",
  "ssm:GetParameter",
  "ssm:GetParameters",
  "ssm:GetParametersByPath",
  "dynamodb:GetItem",
  "dynamodb:BatchGetItem",
  "dynamodb:GetRecords",
  "kinesis:GetRecords",
  "athena:GetQueryResults",
];

export const STAR_ONLY = [
  // Lambda functions and Glue jobs in a VPC manage their ENIs (AWSLambdaVPCAccessExecutionRole).
  "ec2:CreateNetworkInterface",
  "ec2:DeleteNetworkInterface",
  "ec2:AssignPrivateIpAddresses",
  "ec2:UnassignPrivateIpAddresses",
  // Custom metrics and traces from Lambda and Glue.
  "cloudwatch:PutMetricData",
  "xray:PutTraceSegments",
  "xray:PutTelemetryRecords",
  // Vended log delivery (Firehose and AppFlow logging).
  "logs:CreateLogDelivery",
  "logs:UpdateLogDelivery",
  "logs:DeleteLogDelivery",
  // Lake Formation hands out temporary data credentials; scoping is done by LF grants.
  "lakeformation:GetDataAccess",
  // Lake Formation's own API supports no resource-level permissions; who may change what is decided
  // by Lake Formation itself (administrators, grantable permissions, LF-tag permissions).
  ...LAKE_FORMATION_ADMIN_ACTIONS,
  // AWS Cloud Control, through which @pulumi/aws-native creates, reads, updates and deletes every
  // resource with the deployer's rights (pulumi/pulumi-aws-native#810; packages/access/src/deploy-calls.ts).
  "cloudformation:CreateResource",
  "cloudformation:GetResource",
  "cloudformation:GetResourceRequestStatus",
  "cloudformation:UpdateResource",
  "cloudformation:DeleteResource",
  // Every other action of a deployed resource type that accepts only "*" (Service Authorization
  // Reference, via the deploy-action table), e.g. appflow:CreateFlow, glue:CreateCrawler.
  ...DEPLOY_ACTION_TABLE.starOnly,
];

/** `*` or `<service>:*`. */
export function isServiceWildcard(action: string): boolean {
  return action === "*" || /^[a-z0-9-]+:\*$/i.test(action);
}

/** Whether an action pattern (which may hold `*`/`?`) could match the given action, case-insensitively. */
export function matchesAction(pattern: string, action: string): boolean {
  const regex = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${regex}$`, "i").test(action);
}

/** Read-only and not a data read: safe to allow on every resource. */
export function isRead(action: string): boolean {
  const [service, name] = action.split(":");
  if (!service || !name) return false;
  if (!READ_VERBS.some((verb) => name.startsWith(verb))) return false;
  return !DATA_READS.some((data) => matchesAction(action, data));
}

export function isStarOnly(action: string): boolean {
  return STAR_ONLY.some((allowed) => allowed.toLowerCase() === action.toLowerCase());
}
