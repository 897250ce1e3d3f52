import { MOCK_ACCOUNT_ID, MOCK_REGION } from "./constants";
import { stableHex, stableUuid } from "./stable-id";

/**
 * Realistic ids and output properties per resource type, so code that parses or embeds ARNs
 * (policies, conditions, URLs) sees the shapes AWS would return. Everything derives from the
 * type, the logical name and the inputs: the same program always gets the same ids.
 */
export interface MockState {
  id: string;
  state: Record<string, unknown>;
}

type Inputs = Record<string, unknown>;
type StateFn = (ctx: {
  name: string;
  physical: string;
  inputs: Inputs;
  region: string;
  hex: (n: number) => string;
}) => {
  id?: string;
  arn?: string;
  [k: string]: unknown;
};

const acct = MOCK_ACCOUNT_ID;

/** The physical name AWS would hold: the explicit name input, else Pulumi's auto-name (`<name>-<7 hex>`). */
function physicalName(type: string, name: string, inputs: Inputs): string {
  for (const key of [
    "bucket",
    "name",
    "functionName",
    "roleName",
    "tableName",
    "clusterIdentifier",
    "identifier",
  ]) {
    const v = inputs[key];
    if (typeof v === "string" && v.length > 0) return v;
  }
  const prefix = inputs.namePrefix ?? inputs.bucketPrefix;
  if (typeof prefix === "string") return `${prefix}${stableHex(7, type, name)}`;
  return `${name}-${stableHex(7, type, name)}`;
}

const regional = (svc: string, region: string, rest: string) => `arn:aws:${svc}:${region}:${acct}:${rest}`;

const STATES: Record<string, StateFn> = {
  "aws:s3/bucket:Bucket": ({ physical, region }) => ({
    id: physical,
    arn: `arn:aws:s3:::${physical}`,
    bucket: physical,
    bucketDomainName: `${physical}.s3.amazonaws.com`,
    bucketRegionalDomainName: `${physical}.s3.${region}.amazonaws.com`,
    bucketRegion: region,
    hostedZoneId: "Z1BKCTXD74EZPE",
  }),
  "aws:iam/role:Role": ({ physical, inputs, hex }) => ({
    id: physical,
    arn: `arn:aws:iam::${acct}:role${(inputs.path as string | undefined) ?? "/"}${physical}`,
    name: physical,
    uniqueId: `AROA${hex(17).toUpperCase()}`,
  }),
  "aws:iam/policy:Policy": ({ physical, inputs }) => {
    const arn = `arn:aws:iam::${acct}:policy${(inputs.path as string | undefined) ?? "/"}${physical}`;
    return { id: arn, arn, name: physical };
  },
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": ({ inputs }) => {
    const host = String(inputs.url ?? "https://token.actions.githubusercontent.com").replace(
      /^https:\/\//,
      "",
    );
    const arn = `arn:aws:iam::${acct}:oidc-provider/${host}`;
    return { id: arn, arn };
  },
  "aws:iam/rolePolicy:RolePolicy": ({ physical, inputs }) => ({
    id: `${inputs.role}:${physical}`,
    name: physical,
  }),
  "aws:kms/key:Key": ({ name, region }) => {
    const keyId = stableUuid("kms", name);
    return { id: keyId, keyId, arn: regional("kms", region, `key/${keyId}`) };
  },
  "aws:kms/alias:Alias": ({ inputs, region }) => ({
    id: String(inputs.name),
    arn: regional("kms", region, String(inputs.name)),
    targetKeyArn: regional("kms", region, `key/${inputs.targetKeyId}`),
  }),
  // A table has a stream ARN and label only when its stream is enabled.
  "aws:dynamodb/table:Table": ({ physical, region, inputs }) => {
    const arn = regional("dynamodb", region, `table/${physical}`);
    if (inputs.streamEnabled !== true) return { id: physical, arn };
    return {
      id: physical,
      arn,
      streamArn: `${arn}/stream/2026-01-01T00:00:00.000`,
      streamLabel: "2026-01-01T00:00:00.000",
    };
  },
  "aws:lambda/function:Function": ({ physical, region }) => {
    const arn = regional("lambda", region, `function:${physical}`);
    return { id: physical, arn, qualifiedArn: `${arn}:$LATEST`, invokeArn: arn, version: "$LATEST" };
  },
  "aws:lambda/eventSourceMapping:EventSourceMapping": ({ hex, region }) => {
    const uuid = stableUuid("esm", hex(8));
    return { id: uuid, uuid, arn: regional("lambda", region, `event-source-mapping:${uuid}`) };
  },
  "aws:sqs/queue:Queue": ({ physical, region }) => {
    const url = `https://sqs.${region}.amazonaws.com/${acct}/${physical}`;
    return { id: url, url, arn: regional("sqs", region, physical) };
  },
  "aws:sns/topic:Topic": ({ physical, region }) => {
    const arn = regional("sns", region, physical);
    return { id: arn, arn };
  },
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": ({ physical, region }) => {
    const arn = regional("firehose", region, `deliverystream/${physical}`);
    return { id: arn, arn };
  },
  "aws:cloudwatch/logGroup:LogGroup": ({ physical, region }) => ({
    id: physical,
    arn: regional("logs", region, `log-group:${physical}`),
  }),
  "aws:cloudwatch/logStream:LogStream": ({ physical, inputs, region }) => ({
    id: physical,
    arn: regional("logs", region, `log-group:${inputs.logGroupName}:log-stream:${physical}`),
  }),
  "aws:cloudwatch/eventRule:EventRule": ({ physical, region }) => ({
    id: physical,
    arn: regional("events", region, `rule/${physical}`),
  }),
  "aws:secretsmanager/secret:Secret": ({ physical, region, hex }) => {
    const arn = regional("secretsmanager", region, `secret:${physical}-${hex(6)}`);
    return { id: arn, arn };
  },
  "aws:rds/cluster:Cluster": ({ physical, region, hex, inputs }) => ({
    id: physical,
    arn: regional("rds", region, `cluster:${physical}`),
    clusterResourceId: `cluster-${hex(26).toUpperCase()}`,
    endpoint: `${physical}.cluster-${hex(12)}.${region}.rds.amazonaws.com`,
    readerEndpoint: `${physical}.cluster-ro-${hex(12)}.${region}.rds.amazonaws.com`,
    port: 5432,
    masterUserSecrets: [
      {
        // RDS names its managed secret rds!cluster-<uuid>; the key is the one the cluster was given.
        secretArn: regional("secretsmanager", region, `secret:rds!cluster-${stableUuid(physical)}-${hex(6)}`),
        kmsKeyId: String(inputs.masterUserSecretKmsKeyId ?? ""),
        secretStatus: "active",
      },
    ],
  }),
  "aws:rds/clusterInstance:ClusterInstance": ({ physical, region }) => ({
    id: physical,
    arn: regional("rds", region, `db:${physical}`),
  }),
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": ({ physical, region }) => ({
    id: physical,
    arn: regional("rds", region, `cluster-pg:${physical}`),
  }),
  "aws:rds/subnetGroup:SubnetGroup": ({ physical, region }) => ({
    id: physical,
    arn: regional("rds", region, `subgrp:${physical}`),
  }),
  "aws:dms/replicationSubnetGroup:ReplicationSubnetGroup": ({ inputs, name }) => ({
    id: String(inputs.replicationSubnetGroupId ?? name),
  }),
  "aws:dms/endpoint:Endpoint": ({ inputs, region, hex }) => ({
    id: String(inputs.endpointId),
    endpointArn: regional("dms", region, `endpoint:${hex(26).toUpperCase()}`),
  }),
  "aws:dms/s3Endpoint:S3Endpoint": ({ inputs, region, hex }) => ({
    id: String(inputs.endpointId),
    endpointArn: regional("dms", region, `endpoint:${hex(26).toUpperCase()}`),
  }),
  "aws:dms/replicationConfig:ReplicationConfig": ({ inputs, region, hex }) => {
    const arn = regional("dms", region, `replication-config:${hex(26).toUpperCase()}`);
    return { id: arn, arn, replicationConfigIdentifier: inputs.replicationConfigIdentifier };
  },
  "aws:glue/catalogDatabase:CatalogDatabase": ({ physical, region }) => ({
    id: `${acct}:${physical}`,
    arn: regional("glue", region, `database/${physical}`),
    catalogId: acct,
  }),
  "aws:glue/catalogTable:CatalogTable": ({ physical, inputs, region }) => ({
    id: `${acct}:${inputs.databaseName}:${physical}`,
    arn: regional("glue", region, `table/${inputs.databaseName}/${physical}`),
    catalogId: acct,
  }),
  "aws:glue/crawler:Crawler": ({ physical, region }) => ({
    id: physical,
    arn: regional("glue", region, `crawler/${physical}`),
  }),
  "aws:glue/job:Job": ({ physical, region }) => ({
    id: physical,
    arn: regional("glue", region, `job/${physical}`),
  }),
  "aws:glue/workflow:Workflow": ({ physical, region }) => ({
    id: physical,
    arn: regional("glue", region, `workflow/${physical}`),
  }),
  "aws:glue/trigger:Trigger": ({ physical, region }) => ({
    id: physical,
    arn: regional("glue", region, `trigger/${physical}`),
  }),
  "aws:glue/securityConfiguration:SecurityConfiguration": ({ physical }) => ({ id: physical }),
  "aws:glue/connection:Connection": ({ physical, region }) => ({
    id: `${acct}:${physical}`,
    arn: regional("glue", region, `connection/${physical}`),
  }),
  "aws:athena/workgroup:Workgroup": ({ physical, region }) => ({
    id: physical,
    arn: regional("athena", region, `workgroup/${physical}`),
  }),
  "aws:athena/namedQuery:NamedQuery": ({ name }) => ({ id: stableUuid("named-query", name) }),
  // No flowStatus: a flow created through the API stays Draft until StartFlow, and @pulumi/aws
  // only reads the status (FlowState.flowStatus is an output, not an input).
  "aws:appflow/flow:Flow": ({ physical, region }) => ({
    id: regional("appflow", region, `flow/${physical}`),
    arn: regional("appflow", region, `flow/${physical}`),
  }),
  // AWS::AppFlow::Flow: Ref is the flow name, the one attribute its FlowArn.
  "aws-native:appflow:Flow": ({ inputs, name, region }) => {
    const flowName = String(inputs.flowName ?? name);
    return { id: flowName, flowArn: regional("appflow", region, `flow/${flowName}`) };
  },
  "aws:appflow/connectorProfile:ConnectorProfile": ({ physical, region }) => ({
    id: regional("appflow", region, `connectorprofile/${physical}`),
    arn: regional("appflow", region, `connectorprofile/${physical}`),
  }),
  // @pulumi/random RandomPassword: id "none", the password in `result` (a secret output).
  "random:index/randomPassword:RandomPassword": ({ inputs, hex }) => ({
    id: "none",
    result: `Pw${hex(Math.max(0, Number(inputs.length ?? 16) - 2))}`,
    bcryptHash: `$2a$10$${hex(53)}`,
  }),
  "aws:ec2/vpc:Vpc": ({ hex, region }) => {
    const id = `vpc-0${hex(16)}`;
    return { id, arn: regional("ec2", region, `vpc/${id}`) };
  },
  "aws:ec2/subnet:Subnet": ({ hex, region }) => {
    const id = `subnet-0${hex(16)}`;
    return { id, arn: regional("ec2", region, `subnet/${id}`) };
  },
  "aws:ec2/securityGroup:SecurityGroup": ({ hex, region }) => {
    const id = `sg-0${hex(16)}`;
    return { id, arn: regional("ec2", region, `security-group/${id}`) };
  },
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ({ hex }) => ({ id: `sgr-0${hex(16)}` }),
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ({ hex }) => ({ id: `sgr-0${hex(16)}` }),
  "aws:ec2/vpcEndpoint:VpcEndpoint": ({ hex, region, inputs }) => {
    const id = `vpce-0${hex(16)}`;
    const gateway = (inputs.vpcEndpointType ?? "Gateway") === "Gateway";
    return {
      id,
      arn: regional("ec2", region, `vpc-endpoint/${id}`),
      ...(gateway ? { prefixListId: `pl-${hex(8)}`, cidrBlocks: ["52.218.0.0/17"] } : { dnsEntries: [] }),
    };
  },
  "aws:ec2/routeTable:RouteTable": ({ hex }) => ({ id: `rtb-0${hex(16)}` }),
  "aws:ec2/flowLog:FlowLog": ({ hex }) => ({ id: `fl-0${hex(16)}` }),
  "aws:lakeformation/resource:Resource": ({ inputs }) => ({ id: String(inputs.arn) }),
  "aws:lakeformation/lfTag:LfTag": ({ inputs }) => ({ id: `${acct}:${inputs.key}` }),
  "aws:quicksight/dataSource:DataSource": ({ inputs, region }) => ({
    id: `${acct},${inputs.dataSourceId}`,
    arn: regional("quicksight", region, `datasource/${inputs.dataSourceId}`),
  }),
  "aws:quicksight/dataSet:DataSet": ({ inputs, region }) => ({
    id: `${acct},${inputs.dataSetId}`,
    arn: regional("quicksight", region, `dataset/${inputs.dataSetId}`),
  }),
  // terraform-provider-aws quicksight/group.go: id `<account>/<namespace>/<name>`, ARN from DescribeGroup
  "aws:quicksight/group:Group": ({ inputs, region }) => ({
    id: `${acct}/${inputs.namespace ?? "default"}/${inputs.groupName}`,
    arn: regional("quicksight", region, `group/${inputs.namespace ?? "default"}/${inputs.groupName}`),
    awsAccountId: acct,
  }),
  // group_membership.go: id `<account>/<namespace>/<group>/<member>`; its read never sets `arn`
  "aws:quicksight/groupMembership:GroupMembership": ({ inputs }) => ({
    id: `${acct}/${inputs.namespace ?? "default"}/${inputs.groupName}/${inputs.memberName}`,
  }),
  "aws-native:quicksight:Dashboard": ({ inputs, region }) => ({
    id: String(inputs.dashboardId),
    arn: regional("quicksight", region, `dashboard/${inputs.dashboardId}`),
  }),
  "aws-native:quicksight:Analysis": ({ inputs, region }) => ({
    id: String(inputs.analysisId),
    arn: regional("quicksight", region, `analysis/${inputs.analysisId}`),
  }),
};

/** The resource types with a dedicated state function (the fidelity test checks each against its provider). */
export const MOCKED_TYPES: readonly string[] = Object.keys(STATES);

/** `aws:dynamodb/table:Table` -> `dynamodb`, `table`: the fallback ARN's service and resource kind. */
function serviceAndKind(type: string): [string, string] {
  const [, module = "unknown", kind = "resource"] = type.split(/[:/]/);
  return [
    module.toLowerCase(),
    kind.replace(/[A-Z]/g, (c, i: number) => (i === 0 ? c.toLowerCase() : `-${c.toLowerCase()}`)),
  ];
}

export function mockResourceState(
  type: string,
  name: string,
  inputs: Inputs,
  region = MOCK_REGION,
): MockState {
  const physical = physicalName(type, name, inputs);
  const hex = (n: number) => stableHex(n, type, name);
  const fn = STATES[type];
  if (fn) {
    const { id, ...extra } = fn({ name, physical, inputs, region, hex });
    return { id: id ?? physical, state: { ...inputs, ...extra } };
  }
  if (type.startsWith("pulumi:providers:")) return { id: stableUuid("provider", type, name), state: inputs };
  const [svc, kind] = serviceAndKind(type);
  return {
    id: `${physical}`,
    state: { arn: regional(svc, region, `${kind}/${physical}`), ...inputs },
  };
}
