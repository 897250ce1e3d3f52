import { DescribeDBClusterParametersCommand, type Parameter, RDSClient } from "@aws-sdk/client-rds";
import * as aws from "@pulumi/aws";

/**
 * Sources another team owns, attached by reference instead of created: what the stack reads about
 * them (provider data sources, and the RDS API where no data source returns a fact), and what each
 * must already have. Every check gives one line naming what is missing and who fixes it.
 */

/** An existing DynamoDB table and the stream its owner enabled. */
export interface AttachedTableRef {
  /** Table name or ARN. */
  table: string;
  /** The table's current stream (`LatestStreamArn`): the event source mapping reads it. */
  streamArn: string;
}

/** What the stack knows of an attached table, from `aws.dynamodb.getTable`. */
export interface AttachedTable {
  name: string;
  arn: string;
  streamArn: string;
  /** [partition key] or [partition key, sort key], from the table's key schema. */
  keys: string[];
  /** The customer-managed key encrypting the table and its stream; undefined for an AWS owned key. */
  kmsKeyArn?: string;
}

/** The CDC handler reads old and new images of each change (CdcEnvelope `before` and `after`). */
export const REQUIRED_STREAM_VIEW_TYPE = "NEW_AND_OLD_IMAGES";

export type Checked<T> = { ok: true; value: T } | { ok: false; missing: string[] };

/**
 * The table as the provider reads it (terraform-provider-aws internal/service/dynamodb/
 * table_data_source.go: `stream_enabled`/`stream_view_type` from StreamSpecification, `stream_arn`
 * = LatestStreamArn, `server_side_encryption` from SSEDescription), checked for what CDC needs.
 */
export function checkAttachedTable(
  ref: AttachedTableRef,
  found: aws.dynamodb.GetTableResult,
): Checked<AttachedTable> {
  const missing: string[] = [];
  const name = found.name;
  if (!found.streamEnabled) {
    missing.push(
      `table ${name} has no stream: its owner enables one with view type ${REQUIRED_STREAM_VIEW_TYPE} (UpdateTable StreamSpecification) and gives you its stream ARN`,
    );
  } else if (found.streamViewType !== REQUIRED_STREAM_VIEW_TYPE) {
    missing.push(
      `table ${name}'s stream view type is ${found.streamViewType || "unset"}, not ${REQUIRED_STREAM_VIEW_TYPE}: the CDC handler needs old and new images; its owner disables the stream and enables it again with ${REQUIRED_STREAM_VIEW_TYPE} (a new stream ARN)`,
    );
  } else if (found.streamArn !== ref.streamArn) {
    missing.push(
      `stream ${ref.streamArn} is not table ${name}'s current stream (${found.streamArn}): set streamArn to the current one`,
    );
  }
  if (missing.length > 0) return { ok: false, missing };
  const sse = found.serverSideEncryption;
  return {
    ok: true,
    value: {
      name,
      arn: found.arn,
      streamArn: found.streamArn,
      keys: [found.hashKey, ...(found.rangeKey ? [found.rangeKey] : [])],
      ...(sse?.enabled && sse.kmsKeyArn ? { kmsKeyArn: sse.kmsKeyArn } : {}),
    },
  };
}

/** Reads an attached table through the provider and checks it. */
export async function inspectAttachedTable(ref: AttachedTableRef): Promise<Checked<AttachedTable>> {
  return checkAttachedTable(ref, await aws.dynamodb.getTable({ name: ref.table }));
}

/** An existing Aurora PostgreSQL cluster DMS replicates from. */
export interface AttachedClusterRef {
  clusterIdentifier: string;
  /** Host DMS connects to (the cluster's writer endpoint, or one that reaches the writer). */
  endpoint: string;
  /**
   * The secret DMS reads the connection from: `username`, `password`, `host`, `port` and
   * `dbname` of the replication user its owner created (DMS secrets for a source endpoint).
   */
  secretArn: string;
  /** The cluster's security group that must allow DMS's security group on the cluster's port. */
  securityGroupId: string;
}

/** What the stack knows of an attached cluster. */
export interface AttachedCluster {
  arn: string;
  identifier: string;
  endpoint: string;
  port: number;
  databaseName: string;
  secretArn: string;
  /** The key encrypting the secret: DMS decrypts it through Secrets Manager. Undefined for the AWS managed key. */
  secretKeyArn?: string;
}

/** Where DMS runs: the network layer's VPC and DMS's security group. */
export interface DmsNetwork {
  vpcId: string;
  dmsSecurityGroupId: string;
}

/** Facts about an attached cluster, each from the call that returns it in a real account. */
export interface ClusterFacts {
  cluster: aws.rds.GetClusterResult;
  subnetGroup: aws.rds.GetSubnetGroupResult;
  /** The source security group's rules (`aws.vpc.getSecurityGroupRule` of each id `getSecurityGroupRules` lists). */
  rules: aws.vpc.GetSecurityGroupRuleResult[];
  /** The cluster parameter group's parameters (RDS DescribeDBClusterParameters). */
  parameters: Parameter[];
  secret: aws.secretsmanager.GetSecretResult;
  /** The secret's key, when the secret names one (`aws.kms.getKey`). */
  secretKey?: aws.kms.GetKeyResult;
}

/**
 * DMS's PostgreSQL source needs logical replication on the cluster (CHAP_Source.PostgreSQL.html,
 * "Enabling CDC with an Amazon-managed PostgreSQL DB instance": set rds.logical_replication to 1
 * in the DB cluster parameter group, a static parameter applied at reboot).
 */
export const LOGICAL_REPLICATION = "rds.logical_replication";

/** A rule of the source's group that lets `dms` in on `port` over TCP. */
function allows(rule: aws.vpc.GetSecurityGroupRuleResult, dms: string, port: number): boolean {
  if (rule.isEgress || rule.referencedSecurityGroupId !== dms) return false;
  // ipProtocol "-1" is every protocol and port (EC2 SecurityGroupRule.IpProtocol).
  if (rule.ipProtocol === "-1") return true;
  return rule.ipProtocol === "tcp" && rule.fromPort <= port && port <= rule.toPort;
}

/** The cluster as the provider and the RDS API read it, checked for what DMS needs. */
export function checkAttachedCluster(
  ref: AttachedClusterRef,
  facts: ClusterFacts,
  network: DmsNetwork,
): Checked<AttachedCluster> {
  const { cluster, subnetGroup } = facts;
  const id = ref.clusterIdentifier;
  const missing: string[] = [];
  if (cluster.engine !== "aurora-postgresql") {
    missing.push(
      `cluster ${id} runs ${cluster.engine}, not aurora-postgresql: DMS reads it as a PostgreSQL source`,
    );
  }
  const logical = facts.parameters.find((p) => p.ParameterName === LOGICAL_REPLICATION);
  if (logical?.ParameterValue !== "1") {
    missing.push(
      `cluster ${id}'s parameter group ${cluster.dbClusterParameterGroupName} has ${LOGICAL_REPLICATION} = ${logical?.ParameterValue ?? "unset"}, not 1: its owner sets it to 1 in a custom cluster parameter group and reboots the writer`,
    );
  }
  if (!cluster.vpcSecurityGroupIds.includes(ref.securityGroupId)) {
    missing.push(
      `security group ${ref.securityGroupId} is not one of cluster ${id}'s (${cluster.vpcSecurityGroupIds.join(", ")}): set securityGroupId to the group that guards the cluster`,
    );
  } else if (!facts.rules.some((r) => allows(r, network.dmsSecurityGroupId, cluster.port))) {
    missing.push(
      `security group ${ref.securityGroupId} of cluster ${id} does not allow DMS's security group ${network.dmsSecurityGroupId} on TCP ${cluster.port}: its owner adds that inbound rule`,
    );
  }
  if (subnetGroup.vpcId !== network.vpcId) {
    missing.push(
      `cluster ${id} is in ${subnetGroup.vpcId}, not the network layer's ${network.vpcId}: DMS reaches only its own VPC's subnets`,
    );
  }
  if (missing.length > 0) return { ok: false, missing };
  return {
    ok: true,
    value: {
      arn: cluster.arn,
      identifier: cluster.clusterIdentifier,
      endpoint: ref.endpoint,
      port: cluster.port,
      databaseName: cluster.databaseName,
      secretArn: facts.secret.arn,
      ...(facts.secretKey ? { secretKeyArn: facts.secretKey.arn } : {}),
    },
  };
}

/** Lists a cluster parameter group's parameters (no provider data source returns their values). */
export type DescribeClusterParameters = (groupName: string) => Promise<Parameter[]>;

/** DescribeDBClusterParameters through the AWS SDK, every page, with the credentials the program runs with. */
export function describeClusterParametersWith(region: string | undefined): DescribeClusterParameters {
  return async (groupName) => {
    const client = new RDSClient({ region });
    const parameters: Parameter[] = [];
    let marker: string | undefined;
    do {
      const page = await client.send(
        new DescribeDBClusterParametersCommand({ DBClusterParameterGroupName: groupName, Marker: marker }),
      );
      parameters.push(...(page.Parameters ?? []));
      marker = page.Marker;
    } while (marker);
    return parameters;
  };
}

/** Reads an attached cluster (provider data sources, RDS for its parameters) and checks it. */
export async function inspectAttachedCluster(
  ref: AttachedClusterRef,
  network: DmsNetwork,
  describeParameters: DescribeClusterParameters,
): Promise<Checked<AttachedCluster>> {
  const cluster = await aws.rds.getCluster({ clusterIdentifier: ref.clusterIdentifier });
  const [subnetGroup, ruleIds, parameters, secret] = await Promise.all([
    aws.rds.getSubnetGroup({ name: cluster.dbSubnetGroupName }),
    aws.vpc.getSecurityGroupRules({ filters: [{ name: "group-id", values: [ref.securityGroupId] }] }),
    describeParameters(cluster.dbClusterParameterGroupName),
    aws.secretsmanager.getSecret({ arn: ref.secretArn }),
  ]);
  const rules = await Promise.all(
    ruleIds.ids.map((securityGroupRuleId) => aws.vpc.getSecurityGroupRule({ securityGroupRuleId })),
  );
  // An empty kmsKeyId is the AWS managed key aws/secretsmanager (DescribeSecret KmsKeyId).
  const secretKey = secret.kmsKeyId ? await aws.kms.getKey({ keyId: secret.kmsKeyId }) : undefined;
  return checkAttachedCluster(
    ref,
    { cluster, subnetGroup, rules, parameters, secret, ...(secretKey ? { secretKey } : {}) },
    network,
  );
}
