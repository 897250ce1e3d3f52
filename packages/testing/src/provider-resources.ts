import { stableHex, stableUuid } from "./stable-id";

/**
 * Per resource type deployed here: the id the provider sets, the ARN and every other output the
 * code reads, each with its source, and the mock state that follows from them.
 *
 * - `@pulumi/aws` types: the id is what terraform-provider-aws passes to `d.SetId` (or sets as the
 *   framework resource's `id`) in the cited file and function, all under `internal/service/`.
 * - `@pulumi/aws-native` types: the id is the CloudFormation schema's `primaryIdentifier` (Cloud
 *   Control's identifier, its properties joined by `|`), the outputs its `readOnlyProperties`.
 *
 * Everything derives from the type, the logical name and the inputs, so the same program always
 * gets the same ids. A type missing from this table fails the mock (no invented fallback); the
 * access proof rebuilds every ARN here from the resource's inputs through the Service
 * Authorization Reference's templates and fails on any difference.
 */
export interface ProviderResource {
  /** The id's format and where the provider sets it. */
  id: string;
  /** The ARN's format and the output that carries it (`arn` unless `arnOutput` says otherwise). */
  arn?: string;
  /** The output holding the ARN, when it is not `arn` (`endpointArn`, `flowArn`). */
  arnOutput?: string;
  /** Other outputs the code reads, with their source. */
  outputs?: Record<string, string>;
  /** The input Pulumi auto-names, holding the physical name (pulumi-aws provider/resources.go `tfbridge.AutoName`, e.g. `clusterIdentifier` of `aws_rds_cluster`). @default "name" */
  nameInput?: string;
  state: StateFn;
}

export interface StateContext {
  name: string;
  /** The physical name: the explicit name input, else Pulumi's auto-name (`<name>-<7 hex>`). */
  physical: string;
  inputs: Inputs;
  region: string;
  account: string;
  /** Stable hex digits of the given length. */
  hex: (n: number) => string;
}

type Inputs = Record<string, unknown>;
type StateFn = (ctx: StateContext) => { id: string; [output: string]: unknown };

const regional = (c: StateContext, service: string, rest: string) =>
  `arn:aws:${service}:${c.region}:${c.account}:${rest}`;
const str = (v: unknown, what: string): string => {
  if (typeof v !== "string" || v === "") throw new Error(`mock: ${what} is required to form the id`);
  return v;
};

/** Terraform's `id.PrefixedUniqueId(prefix)`: the prefix, a UTC timestamp and a counter (26 digits). */
const uniqueId = (c: StateContext, prefix: string) =>
  `${prefix}20260101000000${String(Number.parseInt(c.hex(6), 16)).padStart(12, "0")}`;
/** Terraform's `create.StringHashcode(...)` as a decimal id. */
const hashcode = (c: StateContext) => String(Number.parseInt(c.hex(7), 16));

/** The S3 bucket configuration resources, whose id is the bucket (`,<owner>` with expected_bucket_owner). */
const bucketConfig = (file: string, func: string): ProviderResource => ({
  id: `the bucket name (s3/${file} ${func}: d.SetId(bucket), or createResourceID(bucket, expectedBucketOwner))`,
  state: (c) => ({
    id:
      typeof c.inputs.expectedBucketOwner === "string"
        ? `${str(c.inputs.bucket, "bucket")},${c.inputs.expectedBucketOwner}`
        : str(c.inputs.bucket, "bucket"),
  }),
});

const ec2 = (
  prefix: string,
  arnKind: string | undefined,
  source: string,
  extra?: (c: StateContext, id: string) => Record<string, unknown>,
): ProviderResource => ({
  id: `${prefix}-<17 hex> (${source})`,
  ...(arnKind ? { arn: `arn:aws:ec2:<region>:<account>:${arnKind}/<id>` } : {}),
  state: (c) => {
    const id = `${prefix}-0${c.hex(16)}`;
    return {
      id,
      ...(arnKind ? { arn: regional(c, "ec2", `${arnKind}/${id}`) } : {}),
      ...(extra?.(c, id) ?? {}),
    };
  },
});

export const PROVIDER_RESOURCES: Record<string, ProviderResource> = {
  "aws:s3/bucket:Bucket": {
    nameInput: "bucket",
    id: "the bucket name (s3/bucket.go resourceBucketCreate: d.SetId(bucket))",
    arn: "arn:aws:s3:::<bucket> (s3/bucket.go resourceBucketRead: bucketARN)",
    outputs: {
      bucket: "the name",
      bucketDomainName: "s3/bucket.go: bucketDomainName",
      bucketRegionalDomainName: "s3/bucket.go: bucketRegionalDomainName",
    },
    state: (c) => ({
      id: c.physical,
      arn: `arn:aws:s3:::${c.physical}`,
      bucket: c.physical,
      bucketDomainName: `${c.physical}.s3.amazonaws.com`,
      bucketRegionalDomainName: `${c.physical}.s3.${c.region}.amazonaws.com`,
      bucketRegion: c.region,
      hostedZoneId: "Z1BKCTXD74EZPE",
    }),
  },
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": bucketConfig(
    "bucket_lifecycle_configuration.go",
    "resourceBucketLifecycleConfigurationCreate",
  ),
  "aws:s3/bucketLogging:BucketLogging": bucketConfig("bucket_logging.go", "resourceBucketLoggingCreate"),
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": bucketConfig(
    "bucket_ownership_controls.go",
    "resourceBucketOwnershipControlsCreate",
  ),
  "aws:s3/bucketPolicy:BucketPolicy": bucketConfig("bucket_policy.go", "resourceBucketPolicyPut"),
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": bucketConfig(
    "bucket_public_access_block.go",
    "resourceBucketPublicAccessBlockCreate",
  ),
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig": bucketConfig(
    "bucket_replication_configuration.go",
    "resourceBucketReplicationConfigurationCreate",
  ),
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": bucketConfig(
    "bucket_server_side_encryption_configuration.go",
    "resourceBucketServerSideEncryptionConfigurationCreate",
  ),
  "aws:s3/bucketVersioning:BucketVersioning": bucketConfig(
    "bucket_versioning.go",
    "resourceBucketVersioningCreate",
  ),
  "aws:s3/bucketObjectv2:BucketObjectv2": {
    id: "the object key (s3/object.go resourceObjectUpload: d.SetId(key))",
    arn: "arn:aws:s3:::<bucket>/<key> (s3/object.go resourceObjectRead: newObjectARN)",
    state: (c) => ({
      id: str(c.inputs.key, "key"),
      arn: `arn:aws:s3:::${str(c.inputs.bucket, "bucket")}/${c.inputs.key}`,
    }),
  },
  "aws:iam/role:Role": {
    id: "the role name (iam/role.go resourceRoleCreate: d.SetId(roleName))",
    arn: "arn:aws:iam::<account>:role<path><name> (iam/role.go resourceRoleRead: role.Arn)",
    outputs: { name: "the role name", uniqueId: "GetRole RoleId (AROA...)" },
    state: (c) => ({
      id: c.physical,
      arn: `arn:aws:iam::${c.account}:role${(c.inputs.path as string | undefined) ?? "/"}${c.physical}`,
      name: c.physical,
      uniqueId: `AROA${c.hex(17).toUpperCase()}`,
    }),
  },
  "aws:iam/policy:Policy": {
    id: "the policy ARN (iam/policy.go resourcePolicyCreate: d.SetId(aws.ToString(output.Policy.Arn)))",
    arn: "arn:aws:iam::<account>:policy<path><name>",
    state: (c) => {
      const arn = `arn:aws:iam::${c.account}:policy${(c.inputs.path as string | undefined) ?? "/"}${c.physical}`;
      return { id: arn, arn, name: c.physical };
    },
  },
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
    id: "the provider ARN (iam/openid_connect_provider.go resourceOpenIDConnectProviderCreate: d.SetId(aws.ToString(output.OpenIDConnectProviderArn)))",
    arn: "arn:aws:iam::<account>:oidc-provider/<url host>",
    state: (c) => {
      const host = String(c.inputs.url ?? "https://token.actions.githubusercontent.com").replace(
        /^https:\/\//,
        "",
      );
      const arn = `arn:aws:iam::${c.account}:oidc-provider/${host}`;
      return { id: arn, arn };
    },
  },
  "aws:iam/rolePolicy:RolePolicy": {
    id: "<role>:<name> (iam/role_policy.go resourceRolePolicyPut: d.SetId(createRolePolicyImportID(roleName, policyName)))",
    state: (c) => ({ id: `${str(c.inputs.role, "role")}:${c.physical}`, name: c.physical }),
  },
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {
    id: '<role>-<unique id> (iam/role_policy_attachment.go resourceRolePolicyAttachmentCreate: d.SetId(id.PrefixedUniqueId(role + "-")))',
    state: (c) => ({ id: uniqueId(c, `${str(c.inputs.role, "role")}-`) }),
  },
  "aws:kms/key:Key": {
    id: "the key id, a UUID (kms/key.go resourceKeyCreate: d.SetId(aws.ToString(output.KeyMetadata.KeyId)))",
    arn: "arn:aws:kms:<region>:<account>:key/<key id> (KeyMetadata.Arn)",
    outputs: { keyId: "KeyMetadata.KeyId" },
    state: (c) => {
      const keyId = stableUuid("kms", c.name);
      return { id: keyId, keyId, arn: regional(c, "kms", `key/${keyId}`) };
    },
  },
  "aws:kms/alias:Alias": {
    id: "the alias name (kms/alias.go resourceAliasCreate: d.SetId(name))",
    arn: "arn:aws:kms:<region>:<account>:<name>, the name being alias/... (kms/alias.go resourceAliasRead: alias.AliasArn)",
    outputs: { targetKeyArn: "kms/alias.go resourceAliasRead: the target key's ARN" },
    state: (c) => {
      // the provider refuses any other name (kms/validate.go validNameForResource: ^alias/)
      const name = str(c.inputs.name, "name");
      if (!name.startsWith("alias/")) throw new Error(`mock: KMS alias name ${name} must begin with alias/`);
      return {
        id: name,
        arn: regional(c, "kms", name),
        targetKeyArn: regional(c, "kms", `key/${c.inputs.targetKeyId}`),
      };
    },
  },

  // A table has a stream ARN and label only when its stream is enabled.
  "aws:dynamodb/table:Table": {
    id: "the table name (dynamodb/table.go resourceTableCreate: d.SetId(tableName))",
    arn: "arn:aws:dynamodb:<region>:<account>:table/<name> (TableDescription.TableArn)",
    outputs: {
      streamArn: "TableDescription.LatestStreamArn, only with streams enabled",
      streamLabel: "idem",
    },
    state: (c) => {
      const arn = regional(c, "dynamodb", `table/${c.physical}`);
      if (c.inputs.streamEnabled !== true) return { id: c.physical, arn };
      return {
        id: c.physical,
        arn,
        streamArn: `${arn}/stream/2026-01-01T00:00:00.000`,
        streamLabel: "2026-01-01T00:00:00.000",
      };
    },
  },
  "aws:lambda/function:Function": {
    id: "the function name (lambda/function.go resourceFunctionCreate: d.SetId(functionName))",
    arn: "arn:aws:lambda:<region>:<account>:function:<name> (FunctionConfiguration.FunctionArn)",
    outputs: {
      qualifiedArn: "<arn>:<version> (lambda/function.go resourceFunctionRead)",
      invokeArn: "the API Gateway invoke ARN of the function (here: the function ARN)",
    },
    state: (c) => {
      const arn = regional(c, "lambda", `function:${c.physical}`);
      return { id: c.physical, arn, qualifiedArn: `${arn}:$LATEST`, invokeArn: arn, version: "$LATEST" };
    },
  },
  "aws:lambda/eventSourceMapping:EventSourceMapping": {
    id: "the mapping's UUID (lambda/event_source_mapping.go resourceEventSourceMappingCreate: d.SetId(aws.ToString(output.UUID)))",
    arn: "arn:aws:lambda:<region>:<account>:event-source-mapping:<uuid> (EventSourceMappingArn)",
    state: (c) => {
      const uuid = stableUuid("esm", c.hex(8));
      return { id: uuid, uuid, arn: regional(c, "lambda", `event-source-mapping:${uuid}`) };
    },
  },
  "aws:lambda/invocation:Invocation": {
    id: "<function>_<qualifier>_<md5 of input> (lambda/invocation.go resourceInvocationCreate: invocationCreateResourceID; qualifier $LATEST by default)",
    outputs: { result: "the function's response payload" },
    state: (c) => ({
      id: `${str(c.inputs.functionName, "functionName")}_${(c.inputs.qualifier as string | undefined) ?? "$LATEST"}_${c.hex(32)}`,
      result: "{}",
    }),
  },
  "aws:sqs/queue:Queue": {
    id: "the queue URL (sqs/queue.go resourceQueueCreate: d.SetId(aws.ToString(output.QueueUrl)))",
    arn: "arn:aws:sqs:<region>:<account>:<name> (the QueueArn attribute)",
    outputs: { url: "the queue URL" },
    state: (c) => {
      const url = `https://sqs.${c.region}.amazonaws.com/${c.account}/${c.physical}`;
      return { id: url, url, arn: regional(c, "sqs", c.physical) };
    },
  },
  "aws:sqs/queuePolicy:QueuePolicy": {
    id: "the queue URL (sqs/queue_policy.go, via attributes.go queueAttributeHandler.Upsert: d.SetId(url))",
    state: (c) => ({ id: str(c.inputs.queueUrl, "queueUrl") }),
  },
  "aws:budgets/budget:Budget": {
    id: "<account>:<name> (budgets/budget.go resourceBudgetCreate: d.SetId(BudgetCreateResourceID(accountID, name)))",
    arn: "arn:aws:budgets::<account>:budget/<name> (global: no region)",
    state: (c) => ({
      id: `${c.account}:${c.physical}`,
      arn: `arn:aws:budgets::${c.account}:budget/${c.physical}`,
    }),
  },
  "aws:sns/topic:Topic": {
    id: "the topic ARN (sns/topic.go resourceTopicCreate: d.SetId(aws.ToString(output.TopicArn)))",
    arn: "arn:aws:sns:<region>:<account>:<name>",
    state: (c) => {
      const arn = regional(c, "sns", c.physical);
      return { id: arn, arn };
    },
  },
  "aws:sns/topicPolicy:TopicPolicy": {
    id: "the topic ARN (sns/topic_policy.go resourceTopicPolicyUpsert: d.SetId(arn))",
    state: (c) => ({ id: str(c.inputs.arn, "arn") }),
  },
  "aws:sns/topicSubscription:TopicSubscription": {
    id: "the subscription ARN <topic arn>:<uuid> (sns/topic_subscription.go resourceTopicSubscriptionCreate: d.SetId(aws.ToString(output.SubscriptionArn)), with ReturnSubscriptionArn)",
    arn: "<topic arn>:<uuid>",
    state: (c) => {
      const arn = `${str(c.inputs.topic, "topic")}:${stableUuid("subscription", c.name)}`;
      return { id: arn, arn };
    },
  },
  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
    id: "the stream ARN (firehose/delivery_stream.go resourceDeliveryStreamCreate: d.SetId(aws.ToString(s.DeliveryStreamARN)))",
    arn: "arn:aws:firehose:<region>:<account>:deliverystream/<name>",
    state: (c) => {
      const arn = regional(c, "firehose", `deliverystream/${c.physical}`);
      return { id: arn, arn };
    },
  },
  "aws:cloudwatch/logGroup:LogGroup": {
    id: "the group name (logs/group.go resourceGroupCreate: d.SetId(name))",
    arn: "arn:aws:logs:<region>:<account>:log-group:<name>, without DescribeLogGroups' trailing :* (logs/group.go resourceGroupRead: TrimLogGroupARNWildcardSuffix)",
    state: (c) => ({ id: c.physical, arn: regional(c, "logs", `log-group:${c.physical}`) }),
  },
  "aws:cloudwatch/logStream:LogStream": {
    id: "the stream name (logs/stream.go resourceStreamCreate: d.SetId(name))",
    arn: "arn:aws:logs:<region>:<account>:log-group:<group>:log-stream:<name> (logs/stream.go resourceStreamRead)",
    state: (c) => ({
      id: c.physical,
      arn: regional(
        c,
        "logs",
        `log-group:${str(c.inputs.logGroupName, "logGroupName")}:log-stream:${c.physical}`,
      ),
    }),
  },
  "aws:cloudwatch/eventRule:EventRule": {
    id: "the rule name on the default bus (events/rule.go resourceRuleCreate: d.SetId(ruleCreateResourceID(eventBusName, name)))",
    arn: "arn:aws:events:<region>:<account>:rule/<name> (PutRule RuleArn)",
    state: (c) => ({ id: c.physical, arn: regional(c, "events", `rule/${c.physical}`) }),
  },
  "aws:cloudwatch/eventTarget:EventTarget": {
    id: "<rule>-<target id> on the default bus (events/target.go resourceTargetCreate: d.SetId(TargetCreateResourceID(busName, rule, targetID)); target id from id.UniqueId() when absent)",
    state: (c) => ({
      id: `${str(c.inputs.rule, "rule")}-${(c.inputs.targetId as string | undefined) ?? uniqueId(c, "terraform-")}`,
    }),
  },
  "aws:cloudwatch/metricAlarm:MetricAlarm": {
    id: "the alarm name (cloudwatch/metric_alarm.go resourceMetricAlarmCreate: d.SetId(name))",
    arn: "arn:aws:cloudwatch:<region>:<account>:alarm:<name> (resourceMetricAlarmRead: alarm.AlarmArn)",
    state: (c) => ({ id: c.physical, arn: regional(c, "cloudwatch", `alarm:${c.physical}`) }),
  },
  "aws:cloudwatch/dashboard:Dashboard": {
    id: "the dashboard name (cloudwatch/dashboard.go resourceDashboardPut: d.SetId(name))",
    arn: "arn:aws:cloudwatch::<account>:dashboard/<name> (resourceDashboardRead: output.DashboardArn; SAR cloudwatch dashboard: global, no region)",
    nameInput: "dashboardName",
    arnOutput: "dashboardArn",
    state: (c) => ({
      id: c.physical,
      dashboardArn: `arn:aws:cloudwatch::${c.account}:dashboard/${c.physical}`,
    }),
  },
  "aws:secretsmanager/secret:Secret": {
    id: "the secret ARN, <name>-<6 random characters> (secretsmanager/secret.go resourceSecretCreate: d.SetId(aws.ToString(output.ARN)))",
    arn: "arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6 random>",
    state: (c) => {
      const arn = regional(c, "secretsmanager", `secret:${c.physical}-${c.hex(6)}`);
      return { id: arn, arn };
    },
  },
  "aws:secretsmanager/secretVersion:SecretVersion": {
    id: "<secret id>|<version id> (secretsmanager/secret_version.go resourceSecretVersionCreate: d.SetId(secretVersionCreateResourceID(secretID, versionID)))",
    outputs: { arn: "the secret's ARN", versionId: "PutSecretValue VersionId" },
    state: (c) => {
      const versionId = stableUuid("version", c.name);
      return { id: `${str(c.inputs.secretId, "secretId")}|${versionId}`, arn: c.inputs.secretId, versionId };
    },
  },
  "aws:rds/cluster:Cluster": {
    nameInput: "clusterIdentifier",
    id: "the cluster identifier (rds/cluster.go resourceClusterCreate: d.SetId(identifier))",
    arn: "arn:aws:rds:<region>:<account>:cluster:<identifier> (DBCluster.DBClusterArn)",
    outputs: {
      endpoint: "DBCluster.Endpoint",
      readerEndpoint: "DBCluster.ReaderEndpoint",
      port: "DBCluster.Port",
      clusterResourceId: "DBCluster.DbClusterResourceId",
      masterUserSecrets:
        "DBCluster.MasterUserSecret: RDS names its managed secret rds!cluster-<uuid> (RDS user guide, Password management with Secrets Manager)",
    },
    state: (c) => ({
      id: c.physical,
      arn: regional(c, "rds", `cluster:${c.physical}`),
      clusterResourceId: `cluster-${c.hex(26).toUpperCase()}`,
      endpoint: `${c.physical}.cluster-${c.hex(12)}.${c.region}.rds.amazonaws.com`,
      readerEndpoint: `${c.physical}.cluster-ro-${c.hex(12)}.${c.region}.rds.amazonaws.com`,
      port: 5432,
      masterUserSecrets: [
        {
          secretArn: regional(
            c,
            "secretsmanager",
            `secret:rds!cluster-${stableUuid(c.physical)}-${c.hex(6)}`,
          ),
          kmsKeyId: String(c.inputs.masterUserSecretKmsKeyId ?? ""),
          secretStatus: "active",
        },
      ],
    }),
  },
  "aws:rds/clusterInstance:ClusterInstance": {
    id: "the instance's own identifier, not its cluster's (rds/cluster_instance.go resourceClusterInstanceCreate: d.SetId(identifier))",
    arn: "arn:aws:rds:<region>:<account>:db:<identifier> (DBInstance.DBInstanceArn)",
    state: (c) => {
      const identifier =
        typeof c.inputs.identifier === "string"
          ? c.inputs.identifier
          : `${(c.inputs.identifierPrefix as string | undefined) ?? "tf-"}${uniqueId(c, "")}`;
      return { id: identifier, arn: regional(c, "rds", `db:${identifier}`), identifier };
    },
  },
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": {
    id: "the group name (rds/cluster_parameter_group.go resourceClusterParameterGroupCreate: d.SetId(name))",
    arn: "arn:aws:rds:<region>:<account>:cluster-pg:<name>",
    state: (c) => ({ id: c.physical, arn: regional(c, "rds", `cluster-pg:${c.physical}`) }),
  },
  "aws:rds/subnetGroup:SubnetGroup": {
    id: "the group name (rds/subnet_group.go resourceSubnetGroupCreate: d.SetId(name))",
    arn: "arn:aws:rds:<region>:<account>:subgrp:<name>",
    state: (c) => ({ id: c.physical, arn: regional(c, "rds", `subgrp:${c.physical}`) }),
  },
  "aws:dms/replicationSubnetGroup:ReplicationSubnetGroup": {
    id: "the group id (dms/replication_subnet_group.go resourceReplicationSubnetGroupCreate: d.SetId(replicationSubnetGroupID))",
    arn: "arn:aws:dms:<region>:<account>:subgrp:<group id> (replicationSubnetGroupArn, built by the provider from the id)",
    arnOutput: "replicationSubnetGroupArn",
    state: (c) => {
      const id = str(c.inputs.replicationSubnetGroupId, "replicationSubnetGroupId");
      return { id, replicationSubnetGroupArn: regional(c, "dms", `subgrp:${id}`) };
    },
  },
  "aws:dms/endpoint:Endpoint": {
    id: "the endpoint id (dms/endpoint.go resourceEndpointCreate: d.SetId(endpointID))",
    arn: "arn:aws:dms:<region>:<account>:endpoint:<generated id> (endpointArn)",
    arnOutput: "endpointArn",
    state: (c) => ({
      id: str(c.inputs.endpointId, "endpointId"),
      endpointArn: regional(c, "dms", `endpoint:${c.hex(26).toUpperCase()}`),
    }),
  },
  "aws:dms/s3Endpoint:S3Endpoint": {
    id: "the endpoint id (dms/s3_endpoint.go resourceS3EndpointCreate: d.SetId(endpointID))",
    arn: "arn:aws:dms:<region>:<account>:endpoint:<generated id> (endpointArn)",
    arnOutput: "endpointArn",
    state: (c) => ({
      id: str(c.inputs.endpointId, "endpointId"),
      endpointArn: regional(c, "dms", `endpoint:${c.hex(26).toUpperCase()}`),
    }),
  },
  "aws:dms/replicationConfig:ReplicationConfig": {
    id: "the config ARN (dms/replication_config.go resourceReplicationConfigCreate: d.SetId(aws.ToString(output.ReplicationConfig.ReplicationConfigArn)))",
    arn: "arn:aws:dms:<region>:<account>:replication-config:<generated id>",
    state: (c) => {
      const arn = regional(c, "dms", `replication-config:${c.hex(26).toUpperCase()}`);
      return { id: arn, arn, replicationConfigIdentifier: c.inputs.replicationConfigIdentifier };
    },
  },
  "aws:dms/replicationInstance:ReplicationInstance": {
    id: "the instance id (dms/replication_instance.go resourceReplicationInstanceCreate: d.SetId(replicationInstanceID))",
    arn: "arn:aws:dms:<region>:<account>:rep:<generated id> (replicationInstanceArn, read back from DescribeReplicationInstances)",
    arnOutput: "replicationInstanceArn",
    state: (c) => ({
      id: str(c.inputs.replicationInstanceId, "replicationInstanceId"),
      replicationInstanceArn: regional(c, "dms", `rep:${c.hex(26).toUpperCase()}`),
    }),
  },
  "aws:dms/replicationTask:ReplicationTask": {
    id: "the task id (dms/replication_task.go resourceReplicationTaskCreate: d.SetId(taskId))",
    arn: "arn:aws:dms:<region>:<account>:task:<generated id> (replicationTaskArn, read back from DescribeReplicationTasks)",
    arnOutput: "replicationTaskArn",
    state: (c) => ({
      id: str(c.inputs.replicationTaskId, "replicationTaskId"),
      replicationTaskArn: regional(c, "dms", `task:${c.hex(26).toUpperCase()}`),
    }),
  },
  "aws:glue/catalogDatabase:CatalogDatabase": {
    id: "<catalog id>:<name> (glue/catalog_database.go resourceCatalogDatabaseCreate: d.SetId(createCatalogDatabaseID(catalogID, name)))",
    arn: "arn:aws:glue:<region>:<account>:database/<name>",
    state: (c) => ({
      id: `${c.account}:${c.physical}`,
      arn: regional(c, "glue", `database/${c.physical}`),
      catalogId: c.account,
    }),
  },
  "aws:glue/catalogTable:CatalogTable": {
    id: "<catalog id>:<database>:<name> (glue/catalog_table.go resourceCatalogTableCreate: d.SetId(createTableID(catalogID, dbName, name)))",
    arn: "arn:aws:glue:<region>:<account>:table/<database>/<name>",
    state: (c) => ({
      id: `${c.account}:${str(c.inputs.databaseName, "databaseName")}:${c.physical}`,
      arn: regional(c, "glue", `table/${c.inputs.databaseName}/${c.physical}`),
      catalogId: c.account,
    }),
  },
  "aws:glue/catalogTableOptimizer:CatalogTableOptimizer": {
    id: "<catalog id>,<database>,<table>,<type> (glue/catalog_table_optimizer.go Create: flex.FlattenResourceId of the four)",
    state: (c) => ({
      id: [c.inputs.catalogId ?? c.account, c.inputs.databaseName, c.inputs.tableName, c.inputs.type].join(
        ",",
      ),
    }),
  },
  "aws:glue/crawler:Crawler": {
    id: "the crawler name (glue/crawler.go resourceCrawlerCreate: d.SetId(name))",
    arn: "arn:aws:glue:<region>:<account>:crawler/<name>",
    state: (c) => ({ id: c.physical, arn: regional(c, "glue", `crawler/${c.physical}`) }),
  },
  "aws:glue/dataQualityRuleset:DataQualityRuleset": {
    id: "the ruleset name (glue/data_quality_ruleset.go resourceDataQualityRulesetCreate: d.SetId(name))",
    arn: "arn:aws:glue:<region>:<account>:dataQualityRuleset/<name> (resourceDataQualityRulesetRead: arn.ARN{Resource: dataQualityRuleset/<name>})",
    state: (c) => ({ id: c.physical, arn: regional(c, "glue", `dataQualityRuleset/${c.physical}`) }),
  },
  "aws:glue/job:Job": {
    id: "the job name (glue/job.go resourceJobCreate: d.SetId(aws.ToString(output.Name)))",
    arn: "arn:aws:glue:<region>:<account>:job/<name>",
    state: (c) => ({ id: c.physical, arn: regional(c, "glue", `job/${c.physical}`) }),
  },
  "aws:glue/workflow:Workflow": {
    id: "the workflow name (glue/workflow.go resourceWorkflowCreate: d.SetId(name))",
    arn: "arn:aws:glue:<region>:<account>:workflow/<name>",
    state: (c) => ({ id: c.physical, arn: regional(c, "glue", `workflow/${c.physical}`) }),
  },
  "aws:glue/trigger:Trigger": {
    id: "the trigger name (glue/trigger.go resourceTriggerCreate: d.SetId(name))",
    arn: "arn:aws:glue:<region>:<account>:trigger/<name>",
    state: (c) => ({ id: c.physical, arn: regional(c, "glue", `trigger/${c.physical}`) }),
  },
  "aws:glue/securityConfiguration:SecurityConfiguration": {
    id: "the configuration name (glue/security_configuration.go resourceSecurityConfigurationCreate: d.SetId(name))",
    state: (c) => ({ id: c.physical }),
  },
  "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings": {
    id: "the catalog id, the account (glue/data_catalog_encryption_settings.go resourceDataCatalogEncryptionSettingsPut: d.SetId(catalogID))",
    state: (c) => ({ id: String(c.inputs.catalogId ?? c.account) }),
  },
  "aws:glue/connection:Connection": {
    id: "<catalog id>:<name> (glue/connection.go resourceConnectionCreate: d.SetId(connectionCreateResourceID(catalogID, name)))",
    arn: "arn:aws:glue:<region>:<account>:connection/<name>",
    state: (c) => ({
      id: `${c.account}:${c.physical}`,
      arn: regional(c, "glue", `connection/${c.physical}`),
    }),
  },
  "aws:athena/workgroup:Workgroup": {
    id: "the workgroup name (athena/workgroup.go resourceWorkGroupCreate: d.SetId(name))",
    arn: "arn:aws:athena:<region>:<account>:workgroup/<name> (resourceWorkGroupRead: arn.ARN{Resource: workgroup/<name>})",
    state: (c) => ({ id: c.physical, arn: regional(c, "athena", `workgroup/${c.physical}`) }),
  },
  "aws:athena/namedQuery:NamedQuery": {
    id: "the query's UUID (athena/named_query.go resourceNamedQueryCreate: d.SetId(aws.ToString(output.NamedQueryId)))",
    state: (c) => ({ id: stableUuid("named-query", c.name) }),
  },
  // No flowStatus: a flow created through the API stays Draft until StartFlow, and @pulumi/aws
  // only reads the status (FlowState.flowStatus is an output, not an input).
  "aws:appflow/flow:Flow": {
    id: "the flow ARN (appflow/flow.go resourceFlowCreate: d.SetId(aws.ToString(output.FlowArn)))",
    arn: "arn:aws:appflow:<region>:<account>:flow/<name>",
    state: (c) => {
      const arn = regional(c, "appflow", `flow/${c.physical}`);
      return { id: arn, arn };
    },
  },
  "aws:appflow/connectorProfile:ConnectorProfile": {
    id: "the profile ARN (appflow/connector_profile.go resourceConnectorProfileCreate: d.SetId(aws.ToString(output.ConnectorProfileArn)))",
    arn: "arn:aws:appflow:<region>:<account>:connectorprofile/<name>",
    state: (c) => {
      const arn = regional(c, "appflow", `connectorprofile/${c.physical}`);
      return { id: arn, arn };
    },
  },
  // AWS::AppFlow::Flow: primaryIdentifier [/properties/FlowName], readOnlyProperties [FlowArn].
  "aws-native:appflow:Flow": {
    id: "the flow name (AWS::AppFlow::Flow primaryIdentifier FlowName)",
    arn: "arn:aws:appflow:<region>:<account>:flow/<name> (readOnly FlowArn)",
    arnOutput: "flowArn",
    state: (c) => {
      const flowName = String(c.inputs.flowName ?? c.name);
      return { id: flowName, flowArn: regional(c, "appflow", `flow/${flowName}`) };
    },
  },
  // AWS::QuickSight::Dashboard: primaryIdentifier [AwsAccountId, DashboardId], readOnly Arn, ...
  "aws-native:quicksight:Dashboard": {
    id: "<account>|<dashboard id> (AWS::QuickSight::Dashboard primaryIdentifier AwsAccountId, DashboardId)",
    arn: "arn:aws:quicksight:<region>:<account>:dashboard/<dashboard id> (readOnly Arn)",
    state: (c) => {
      const dashboardId = str(c.inputs.dashboardId, "dashboardId");
      return {
        id: `${c.inputs.awsAccountId ?? c.account}|${dashboardId}`,
        arn: regional(c, "quicksight", `dashboard/${dashboardId}`),
      };
    },
  },
  // @pulumi/random RandomPassword: id "none", the password in `result` (a secret output).
  "random:index/randomPassword:RandomPassword": {
    id: '"none" (terraform-provider-random resource_password.go: the id is the constant "none")',
    outputs: { result: "the password" },
    state: (c) => ({
      id: "none",
      result: `Pw${c.hex(Math.max(0, Number(c.inputs.length ?? 16) - 2))}`,
      bcryptHash: `$2a$10$${c.hex(53)}`,
    }),
  },
  "aws:ec2/vpc:Vpc": ec2(
    "vpc",
    "vpc",
    "ec2/vpc_.go resourceVPCCreate: d.SetId(aws.ToString(output.Vpc.VpcId))",
  ),
  "aws:ec2/subnet:Subnet": ec2(
    "subnet",
    "subnet",
    "ec2/vpc_subnet.go resourceSubnetCreate: d.SetId(aws.ToString(output.Subnet.SubnetId))",
  ),
  "aws:ec2/securityGroup:SecurityGroup": ec2(
    "sg",
    "security-group",
    "ec2/vpc_security_group.go resourceSecurityGroupCreate: d.SetId(aws.ToString(output.GroupId))",
  ),
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": ec2(
    "sg",
    "security-group",
    "ec2/vpc_default_security_group.go resourceDefaultSecurityGroupCreate: d.SetId(aws.ToString(sg.GroupId))",
  ),
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": ec2(
    "sgr",
    "security-group-rule",
    "vpc/security_group_ingress_rule.go create: the rule's SecurityGroupRuleId",
  ),
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": ec2(
    "sgr",
    "security-group-rule",
    "vpc/security_group_egress_rule.go create: the rule's SecurityGroupRuleId",
  ),
  "aws:ec2/vpcEndpoint:VpcEndpoint": ec2(
    "vpce",
    "vpc-endpoint",
    "ec2/vpc_endpoint.go resourceVPCEndpointCreate: d.SetId(aws.ToString(vpce.VpcEndpointId))",
    (c) =>
      (c.inputs.vpcEndpointType ?? "Gateway") === "Gateway"
        ? { prefixListId: `pl-${c.hex(8)}`, cidrBlocks: ["52.218.0.0/17"] }
        : { dnsEntries: [] },
  ),
  "aws:ec2/routeTable:RouteTable": ec2(
    "rtb",
    "route-table",
    "ec2/vpc_route_table.go resourceRouteTableCreate: d.SetId(aws.ToString(output.RouteTable.RouteTableId))",
  ),
  "aws:ec2/routeTableAssociation:RouteTableAssociation": ec2(
    "rtbassoc",
    undefined,
    "ec2/vpc_route_table_association.go resourceRouteTableAssociationCreate: d.SetId(aws.ToString(output.AssociationId))",
  ),
  "aws:ec2/flowLog:FlowLog": ec2(
    "fl",
    "vpc-flow-log",
    "ec2/vpc_flow_log.go resourceFlowLogCreate: d.SetId(aws.ToString(output.FlowLogIds[0]))",
  ),
  "aws:ec2/eip:Eip": ec2(
    "eipalloc",
    "elastic-ip",
    "ec2/ec2_eip.go resourceEIPCreate: d.SetId(aws.ToString(output.AllocationId))",
  ),
  "aws:ec2/natGateway:NatGateway": ec2(
    "nat",
    undefined,
    "ec2/vpc_nat_gateway.go resourceNATGatewayCreate: d.SetId(aws.ToString(output.NatGateway.NatGatewayId))",
  ),
  "aws:ec2/internetGateway:InternetGateway": ec2(
    "igw",
    "internet-gateway",
    "ec2/vpc_internet_gateway.go resourceInternetGatewayCreate: d.SetId(aws.ToString(output.InternetGateway.InternetGatewayId))",
  ),
  "aws:lakeformation/resource:Resource": {
    id: "the registered location's ARN (lakeformation/resource.go resourceResourceCreate: d.SetId(resourceARN))",
    state: (c) => ({ id: str(c.inputs.arn, "arn") }),
  },
  "aws:lakeformation/lfTag:LfTag": {
    id: "<catalog id>:<key> (lakeformation/lf_tag.go resourceLFTagCreate: d.SetId(lfTagCreateResourceID(catalogID, tagKey)))",
    state: (c) => ({ id: `${c.inputs.catalogId ?? c.account}:${str(c.inputs.key, "key")}` }),
  },
  "aws:lakeformation/permissions:Permissions": {
    id: "a hash code of the grant (lakeformation/permissions.go resourcePermissionsCreate: d.SetId(strconv.Itoa(create.StringHashcode(input.String()))))",
    state: (c) => ({ id: hashcode(c) }),
  },
  "aws:lakeformation/dataLakeSettings:DataLakeSettings": {
    id: "a hash code of the settings (lakeformation/data_lake_settings.go resourceDataLakeSettingsCreate: d.SetId(strconv.Itoa(create.StringHashcode(input.String()))))",
    state: (c) => ({ id: hashcode(c) }),
  },
  "aws:lakeformation/resourceLfTags:ResourceLfTags": {
    id: "a hash code of the assignment (lakeformation/resource_lf_tags.go resourceResourceLFTagsCreate: d.SetId(strconv.Itoa(create.StringHashcode(prettify(input)))))",
    state: (c) => ({ id: hashcode(c) }),
  },
  "aws:quicksight/group:Group": {
    id: "<account>/<namespace>/<group name> (quicksight/group.go resourceGroupCreate: d.SetId(groupCreateResourceID(awsAccountID, namespace, groupName)); namespace defaults to default)",
    arn: "arn:aws:quicksight:<region>:<account>:group/<namespace>/<group name> (group.go resourceGroupRead: DescribeGroup Group.Arn)",
    outputs: { awsAccountId: "group.go resourceGroupRead: the id's account" },
    state: (c) => {
      const account = String(c.inputs.awsAccountId ?? c.account);
      const path = `${c.inputs.namespace ?? "default"}/${str(c.inputs.groupName, "groupName")}`;
      return {
        id: `${account}/${path}`,
        arn: `arn:aws:quicksight:${c.region}:${account}:group/${path}`,
        awsAccountId: account,
      };
    },
  },
  "aws:quicksight/groupMembership:GroupMembership": {
    id: "<account>/<namespace>/<group name>/<member name> (quicksight/group_membership.go resourceGroupMembershipCreate: groupMembershipCreateResourceID); its read sets no arn",
    state: (c) => ({
      id: `${c.inputs.awsAccountId ?? c.account}/${c.inputs.namespace ?? "default"}/${str(c.inputs.groupName, "groupName")}/${str(c.inputs.memberName, "memberName")}`,
    }),
  },
  "aws:quicksight/accountSubscription:AccountSubscription": {
    id: "the account id (quicksight/account_subscription.go resourceAccountSubscriptionCreate: d.SetId(awsAccountID), the input or the caller's account)",
    outputs: {
      accountSubscriptionStatus:
        "quicksight/account_subscription.go resourceAccountSubscriptionRead: AccountInfo.AccountSubscriptionStatus (the create waits for ACCOUNT_CREATED or OK)",
    },
    state: (c) => ({
      id: String(c.inputs.awsAccountId ?? c.account),
      accountSubscriptionStatus: "ACCOUNT_CREATED",
    }),
  },
  "aws:quicksight/dataSource:DataSource": {
    id: "<account>,<data source id> (quicksight/data_source.go resourceDataSourceCreate: d.SetId(dataSourceCreateResourceID(awsAccountID, dataSourceID)))",
    arn: "arn:aws:quicksight:<region>:<account>:datasource/<data source id>",
    state: (c) => ({
      id: `${c.inputs.awsAccountId ?? c.account},${str(c.inputs.dataSourceId, "dataSourceId")}`,
      arn: regional(c, "quicksight", `datasource/${c.inputs.dataSourceId}`),
    }),
  },
  "aws:quicksight/dataSet:DataSet": {
    id: "<account>,<data set id> (quicksight/data_set.go resourceDataSetCreate: d.SetId(dataSetCreateResourceID(awsAccountID, dataSetID)))",
    arn: "arn:aws:quicksight:<region>:<account>:dataset/<data set id>",
    state: (c) => ({
      id: `${c.inputs.awsAccountId ?? c.account},${str(c.inputs.dataSetId, "dataSetId")}`,
      arn: regional(c, "quicksight", `dataset/${c.inputs.dataSetId}`),
    }),
  },
  "aws:quicksight/refreshSchedule:RefreshSchedule": {
    id: "<account>,<data set id>,<schedule id> (quicksight/refresh_schedule.go Create: createRefreshScheduleID(awsAccountID, dataSetID, scheduleID))",
    arn: "arn:aws:quicksight:<region>:<account>:dataset/<data set id>/refresh-schedule/<schedule id> (CreateRefreshSchedule Arn)",
    state: (c) => {
      const dataSetId = str(c.inputs.dataSetId, "dataSetId");
      const scheduleId = str(c.inputs.scheduleId, "scheduleId");
      return {
        id: `${c.inputs.awsAccountId ?? c.account},${dataSetId},${scheduleId}`,
        arn: regional(c, "quicksight", `dataset/${dataSetId}/refresh-schedule/${scheduleId}`),
      };
    },
  },
};

/** A type's mock state: the id and outputs the provider gives it (inputs echoed, as the engine does). */
export function providerState(
  type: string,
  ctx: Omit<StateContext, "hex">,
): { id: string; state: Record<string, unknown> } {
  const entry = PROVIDER_RESOURCES[type];
  if (!entry)
    throw new Error(
      `no id/ARN entry for ${type} in packages/testing/src/provider-resources.ts: add the id its provider sets (terraform-provider-aws SetId, or the CloudFormation primaryIdentifier), its ARN and the outputs the code reads`,
    );
  const { id, ...outputs } = entry.state({ ...ctx, hex: (n) => stableHex(n, type, ctx.name) });
  return { id, state: { ...ctx.inputs, ...outputs } };
}

/** The output that carries a type's ARN (`arn`, `endpointArn`, `flowArn`), if it has one. */
export const arnOutputOf = (type: string): string | undefined => {
  const entry = PROVIDER_RESOURCES[type];
  return entry?.arn ? (entry.arnOutput ?? "arn") : undefined;
};
