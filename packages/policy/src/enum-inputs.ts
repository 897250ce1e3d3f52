// The SDK modules, loaded as plain values: the check needs only each enum's runtime object, and a
// type-checked import (ts-node under Pulumi's policy host) of thirteen SDK declaration trees made
// the policy host's start-up slow enough to time out.
const appflow: object = require("@aws-sdk/client-appflow");
const athena: object = require("@aws-sdk/client-athena");
const budgets: object = require("@aws-sdk/client-budgets");
const cloudwatch: object = require("@aws-sdk/client-cloudwatch");
const dms: object = require("@aws-sdk/client-database-migration-service");
const dynamodb: object = require("@aws-sdk/client-dynamodb");
const ec2: object = require("@aws-sdk/client-ec2");
const firehose: object = require("@aws-sdk/client-firehose");
const glue: object = require("@aws-sdk/client-glue");
const kms: object = require("@aws-sdk/client-kms");
const lakeformation: object = require("@aws-sdk/client-lakeformation");
const lambda: object = require("@aws-sdk/client-lambda");
const quicksight: object = require("@aws-sdk/client-quicksight");
const s3: object = require("@aws-sdk/client-s3");

/**
 * The closed set of values an input may take, and where that set comes from. `values` are
 * read at run time from the AWS SDK v3 enum of the API the provider calls, so a value from a
 * stack file is checked as strictly as one written in a component.
 */
export interface AllowedValues {
  values: readonly string[];
  source: string;
}

/** `sdk(glue, "@aws-sdk/client-glue", "WorkerType")`: the enum's values; a missing enum fails at load. */
function sdk(module: object, pkg: string, name: string, extra: readonly string[] = []): AllowedValues {
  const e = (module as Record<string, unknown>)[name];
  if (!e || typeof e !== "object") throw new Error(`${pkg} exports no enum ${name}`);
  const values = Object.values(e as Record<string, unknown>).filter(
    (v): v is string => typeof v === "string",
  );
  return {
    values: [...values, ...extra],
    source: `${pkg} ${name}${extra.length > 0 ? ` + ${extra.join(", ")}` : ""}`,
  };
}

const GLUE = (n: string) => sdk(glue, "@aws-sdk/client-glue", n);
const APPFLOW = (n: string) => sdk(appflow, "@aws-sdk/client-appflow", n);
const LAMBDA = (n: string) => sdk(lambda, "@aws-sdk/client-lambda", n);
const DMS = (n: string) => sdk(dms, "@aws-sdk/client-database-migration-service", n);
const S3 = (n: string, extra?: readonly string[]) => sdk(s3, "@aws-sdk/client-s3", n, extra);
const EC2 = (n: string) => sdk(ec2, "@aws-sdk/client-ec2", n);
const QUICKSIGHT = (n: string) => sdk(quicksight, "@aws-sdk/client-quicksight", n);
const FIREHOSE = (n: string) => sdk(firehose, "@aws-sdk/client-firehose", n);

/** A set the provider defines itself (it translates the value before calling AWS). */
function provider(values: readonly string[], source: string): AllowedValues {
  return { values, source };
}

/**
 * Enum-valued inputs per resource type, as dotted paths into the inputs (a list on the way is
 * read element by element). Every AWS resource type a program declares must be listed, with `{}`
 * when none of its inputs is a closed set: a new type or a new enum input is then a decision
 * recorded here, and the plan fails until it is made.
 */
export const ENUM_INPUTS: Readonly<Record<string, Readonly<Record<string, AllowedValues>>>> = {
  "aws:glue/catalogTableOptimizer:CatalogTableOptimizer": {
    // terraform-provider-aws internal/service/glue/catalog_table_optimizer.go: StringEnumType[TableOptimizerType].
    type: GLUE("TableOptimizerType"),
    "configuration.compactionConfiguration.icebergConfiguration.strategy": GLUE("CompactionStrategy"),
  },
  // name, description, ruleset (DQDL text) and the target table: no enum-valued input
  "aws:glue/dataQualityRuleset:DataQualityRuleset": {},
  "aws:glue/job:Job": { workerType: GLUE("WorkerType"), executionClass: GLUE("ExecutionClass") },
  "aws:glue/crawler:Crawler": {
    "recrawlPolicy.recrawlBehavior": GLUE("RecrawlBehavior"),
    "schemaChangePolicy.deleteBehavior": GLUE("DeleteBehavior"),
    "schemaChangePolicy.updateBehavior": GLUE("UpdateBehavior"),
    "lineageConfiguration.crawlerLineageSettings": GLUE("CrawlerLineageSettings"),
  },
  "aws:glue/trigger:Trigger": {
    type: GLUE("TriggerType"),
    "predicate.logical": GLUE("Logical"),
    "predicate.conditions.logicalOperator": GLUE("LogicalOperator"),
    "predicate.conditions.crawlState": GLUE("CrawlState"),
    "predicate.conditions.state": GLUE("JobRunState"),
  },
  "aws:glue/securityConfiguration:SecurityConfiguration": {
    "encryptionConfiguration.cloudwatchEncryption.cloudwatchEncryptionMode": GLUE("CloudWatchEncryptionMode"),
    "encryptionConfiguration.jobBookmarksEncryption.jobBookmarksEncryptionMode": GLUE(
      "JobBookmarksEncryptionMode",
    ),
    "encryptionConfiguration.s3Encryption.s3EncryptionMode": GLUE("S3EncryptionMode"),
  },
  "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings": {
    "dataCatalogEncryptionSettings.encryptionAtRest.catalogEncryptionMode": GLUE("CatalogEncryptionMode"),
  },
  "aws:glue/catalogTable:CatalogTable": {
    "openTableFormatInput.icebergInput.metadataOperation": GLUE("MetadataOperation"),
  },
  "aws:glue/catalogDatabase:CatalogDatabase": {},
  "aws:glue/workflow:Workflow": {},

  "aws:appflow/connectorProfile:ConnectorProfile": {
    connectorType: APPFLOW("ConnectorType"),
    connectionMode: APPFLOW("ConnectionMode"),
    "connectorProfileConfig.connectorProfileCredentials.customConnector.authenticationType":
      APPFLOW("AuthenticationType"),
    "connectorProfileConfig.connectorProfileProperties.customConnector.oauth2Properties.oauth2GrantType":
      APPFLOW("OAuth2GrantType"),
  },
  "aws:appflow/flow:Flow": {
    "sourceFlowConfig.connectorType": APPFLOW("ConnectorType"),
    "destinationFlowConfigs.connectorType": APPFLOW("ConnectorType"),
    "destinationFlowConfigs.destinationConnectorProperties.s3.s3OutputFormatConfig.fileType":
      APPFLOW("FileType"),
    "destinationFlowConfigs.destinationConnectorProperties.s3.s3OutputFormatConfig.aggregationConfig.aggregationType":
      APPFLOW("AggregationType"),
    "destinationFlowConfigs.destinationConnectorProperties.s3.s3OutputFormatConfig.prefixConfig.prefixType":
      APPFLOW("PrefixType"),
    "destinationFlowConfigs.destinationConnectorProperties.s3.s3OutputFormatConfig.prefixConfig.prefixFormat":
      APPFLOW("PrefixFormat"),
    "tasks.taskType": APPFLOW("TaskType"),
    "tasks.connectorOperators.customConnector": APPFLOW("Operator"),
    "triggerConfig.triggerType": APPFLOW("TriggerType"),
    "triggerConfig.triggerProperties.scheduled.dataPullMode": APPFLOW("DataPullMode"),
  },
  // The CloudFormation-based flow (aws-native) takes the API's values and its activation state.
  "aws-native:appflow:Flow": {
    flowStatus: APPFLOW("FlowStatus"),
    "sourceFlowConfig.connectorType": APPFLOW("ConnectorType"),
    "destinationFlowConfigList.connectorType": APPFLOW("ConnectorType"),
    "destinationFlowConfigList.destinationConnectorProperties.s3.s3OutputFormatConfig.fileType":
      APPFLOW("FileType"),
    "destinationFlowConfigList.destinationConnectorProperties.s3.s3OutputFormatConfig.aggregationConfig.aggregationType":
      APPFLOW("AggregationType"),
    "destinationFlowConfigList.destinationConnectorProperties.s3.s3OutputFormatConfig.prefixConfig.prefixType":
      APPFLOW("PrefixType"),
    "destinationFlowConfigList.destinationConnectorProperties.s3.s3OutputFormatConfig.prefixConfig.prefixFormat":
      APPFLOW("PrefixFormat"),
    "tasks.taskType": APPFLOW("TaskType"),
    "tasks.connectorOperator.customConnector": APPFLOW("Operator"),
    "triggerConfig.triggerType": APPFLOW("TriggerType"),
    "triggerConfig.triggerProperties.dataPullMode": APPFLOW("DataPullMode"),
  },

  "aws:lambda/function:Function": {
    runtime: LAMBDA("Runtime"),
    architectures: LAMBDA("Architecture"),
    packageType: LAMBDA("PackageType"),
    "tracingConfig.mode": LAMBDA("TracingMode"),
    "loggingConfig.logFormat": LAMBDA("LogFormat"),
    "loggingConfig.applicationLogLevel": LAMBDA("ApplicationLogLevel"),
    "loggingConfig.systemLogLevel": LAMBDA("SystemLogLevel"),
  },
  "aws:lambda/eventSourceMapping:EventSourceMapping": {
    startingPosition: LAMBDA("EventSourcePosition"),
    functionResponseTypes: LAMBDA("FunctionResponseType"),
  },
  "aws:lambda/invocation:Invocation": {},

  "aws:cloudwatch/metricAlarm:MetricAlarm": {
    comparisonOperator: sdk(cloudwatch, "@aws-sdk/client-cloudwatch", "ComparisonOperator"),
    statistic: sdk(cloudwatch, "@aws-sdk/client-cloudwatch", "Statistic"),
    unit: sdk(cloudwatch, "@aws-sdk/client-cloudwatch", "StandardUnit"),
  },
  // PutDashboard takes a name and a JSON body: no enum-valued input
  "aws:cloudwatch/dashboard:Dashboard": {},
  "aws:cloudwatch/eventRule:EventRule": {},
  "aws:cloudwatch/eventTarget:EventTarget": {},
  "aws:cloudwatch/logGroup:LogGroup": {},
  "aws:cloudwatch/logStream:LogStream": {},

  "aws:budgets/budget:Budget": {
    budgetType: sdk(budgets, "@aws-sdk/client-budgets", "BudgetType"),
    timeUnit: sdk(budgets, "@aws-sdk/client-budgets", "TimeUnit"),
    "notifications.comparisonOperator": sdk(budgets, "@aws-sdk/client-budgets", "ComparisonOperator"),
    "notifications.notificationType": sdk(budgets, "@aws-sdk/client-budgets", "NotificationType"),
    "notifications.thresholdType": sdk(budgets, "@aws-sdk/client-budgets", "ThresholdType"),
  },

  "aws:dynamodb/table:Table": {
    billingMode: sdk(dynamodb, "@aws-sdk/client-dynamodb", "BillingMode"),
    streamViewType: sdk(dynamodb, "@aws-sdk/client-dynamodb", "StreamViewType"),
    tableClass: sdk(dynamodb, "@aws-sdk/client-dynamodb", "TableClass"),
    "attributes.type": sdk(dynamodb, "@aws-sdk/client-dynamodb", "ScalarAttributeType"),
  },

  "aws:dms/endpoint:Endpoint": {
    endpointType: DMS("ReplicationEndpointTypeValue"),
    sslMode: DMS("DmsSslModeValue"),
    "postgresSettings.pluginName": DMS("PluginNameValue"),
    // The API types EngineName as a string; the provider validates its own list
    // (terraform-provider-aws internal/service/dms/enum.go engineName_Values).
    engineName: provider(
      [
        "aurora",
        "aurora-postgresql",
        "aurora-postgresql-serverless",
        "aurora-serverless",
        "azuredb",
        "db2",
        "dms-transfer",
        "docdb",
        "dynamodb",
        "elasticsearch",
        "kafka",
        "kinesis",
        "mariadb",
        "mongodb",
        "mysql",
        "neptune",
        "opensearch",
        "oracle",
        "postgres",
        "redis",
        "redshift",
        "s3",
        "sqlserver",
        "sybase",
      ],
      "terraform-provider-aws internal/service/dms/enum.go engineName_Values",
    ),
  },
  "aws:dms/s3Endpoint:S3Endpoint": {
    endpointType: DMS("ReplicationEndpointTypeValue"),
    dataFormat: DMS("DataFormatValue"),
    parquetVersion: DMS("ParquetVersionValue"),
    datePartitionSequence: DMS("DatePartitionSequenceValue"),
    datePartitionDelimiter: DMS("DatePartitionDelimiterValue"),
    // The provider takes upper-case values and lower-cases them for the API.
    compressionType: provider(
      ["GZIP", "NONE"],
      "terraform-provider-aws internal/service/dms/enum.go s3SettingsCompressionType_Values",
    ),
    encryptionMode: provider(
      ["SSE_KMS", "SSE_S3"],
      "terraform-provider-aws internal/service/dms/enum.go s3SettingsEncryptionMode_Values",
    ),
  },
  "aws:dms/replicationConfig:ReplicationConfig": { replicationType: DMS("MigrationTypeValue") },
  "aws:dms/replicationSubnetGroup:ReplicationSubnetGroup": {},
  "aws:dms/replicationInstance:ReplicationInstance": {},
  "aws:dms/replicationTask:ReplicationTask": { migrationType: DMS("MigrationTypeValue") },

  "aws:athena/workgroup:Workgroup": {
    state: sdk(athena, "@aws-sdk/client-athena", "WorkGroupState"),
    "configuration.resultConfiguration.encryptionConfiguration.encryptionOption": sdk(
      athena,
      "@aws-sdk/client-athena",
      "EncryptionOption",
    ),
    "configuration.resultConfiguration.aclConfiguration.s3AclOption": sdk(
      athena,
      "@aws-sdk/client-athena",
      "S3AclOption",
    ),
  },
  "aws:athena/namedQuery:NamedQuery": {},

  "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
    // Terraform's own destination names (destinationTypeExtendedS3 = "extended_s3", ...),
    // terraform-provider-aws internal/service/firehose/delivery_stream.go destinationType.Values().
    destination: provider(
      [
        "extended_s3",
        "redshift",
        "elasticsearch",
        "opensearch",
        "opensearchserverless",
        "splunk",
        "http_endpoint",
        "snowflake",
        "iceberg",
      ],
      "terraform-provider-aws internal/service/firehose/delivery_stream.go destinationType.Values()",
    ),
    "extendedS3Configuration.compressionFormat": FIREHOSE("CompressionFormat"),
    "serverSideEncryption.keyType": FIREHOSE("KeyType"),
    "extendedS3Configuration.processingConfiguration.processors.type": FIREHOSE("ProcessorType"),
    "extendedS3Configuration.processingConfiguration.processors.parameters.parameterName":
      FIREHOSE("ProcessorParameterName"),
    "extendedS3Configuration.dataFormatConversionConfiguration.outputFormatConfiguration.serializer.parquetSerDe.compression":
      FIREHOSE("ParquetCompression"),
  },

  "aws:kms/key:Key": {
    keyUsage: sdk(kms, "@aws-sdk/client-kms", "KeyUsageType"),
    customerMasterKeySpec: sdk(kms, "@aws-sdk/client-kms", "CustomerMasterKeySpec"),
  },
  "aws:kms/alias:Alias": {},

  "aws:lakeformation/permissions:Permissions": {
    permissions: sdk(lakeformation, "@aws-sdk/client-lakeformation", "Permission"),
    permissionsWithGrantOptions: sdk(lakeformation, "@aws-sdk/client-lakeformation", "Permission"),
    "lfTagPolicy.resourceType": sdk(lakeformation, "@aws-sdk/client-lakeformation", "ResourceType"),
  },
  "aws:lakeformation/dataLakeSettings:DataLakeSettings": {},
  "aws:lakeformation/lfTag:LfTag": {},
  "aws:lakeformation/resource:Resource": {},
  "aws:lakeformation/resourceLfTags:ResourceLfTags": {},

  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": {
    "rules.applyServerSideEncryptionByDefault.sseAlgorithm": S3("ServerSideEncryption"),
  },
  "aws:s3/bucketVersioning:BucketVersioning": {
    // "Disabled" is the provider's own value for a bucket never versioned
    // (terraform-provider-aws internal/service/s3/bucket_versioning.go bucketVersioningStatusDisabled).
    "versioningConfiguration.status": S3("BucketVersioningStatus", ["Disabled"]),
  },
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": {
    "rules.status": S3("ExpirationStatus"),
    "rules.transitions.storageClass": S3("TransitionStorageClass"),
    "rules.noncurrentVersionTransitions.storageClass": S3("TransitionStorageClass"),
  },
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": { "rule.objectOwnership": S3("ObjectOwnership") },
  "aws:s3/bucketObjectv2:BucketObjectv2": { serverSideEncryption: S3("ServerSideEncryption") },
  "aws:s3/bucketReplicationConfig:BucketReplicationConfig": {
    "rules.status": S3("ReplicationRuleStatus"),
    "rules.destination.storageClass": S3("StorageClass"),
    "rules.deleteMarkerReplication.status": S3("DeleteMarkerReplicationStatus"),
    "rules.sourceSelectionCriteria.sseKmsEncryptedObjects.status": S3("SseKmsEncryptedObjectsStatus"),
    "rules.sourceSelectionCriteria.replicaModifications.status": S3("ReplicaModificationsStatus"),
  },
  "aws:s3/bucket:Bucket": {},
  "aws:s3/bucketLogging:BucketLogging": {},
  "aws:s3/bucketPolicy:BucketPolicy": {},
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": {},

  "aws:ec2/vpcEndpoint:VpcEndpoint": { vpcEndpointType: EC2("VpcEndpointType") },
  "aws:ec2/flowLog:FlowLog": {
    trafficType: EC2("TrafficType"),
    logDestinationType: EC2("LogDestinationType"),
  },
  "aws:ec2/natGateway:NatGateway": { connectivityType: EC2("ConnectivityType") },
  "aws:ec2/eip:Eip": { domain: EC2("DomainType") },
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": {},
  "aws:ec2/internetGateway:InternetGateway": {},
  "aws:ec2/routeTable:RouteTable": {},
  "aws:ec2/routeTableAssociation:RouteTableAssociation": {},
  "aws:ec2/securityGroup:SecurityGroup": {},
  "aws:ec2/subnet:Subnet": {},
  "aws:ec2/vpc:Vpc": {},
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": {},
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": {},

  "aws:quicksight/dataSet:DataSet": {
    importMode: QUICKSIGHT("DataSetImportMode"),
    "physicalTableMaps.customSql.columns.type": QUICKSIGHT("InputColumnDataType"),
  },
  "aws:quicksight/accountSubscription:AccountSubscription": {
    edition: QUICKSIGHT("Edition"),
    authenticationMethod: QUICKSIGHT("AuthenticationMethodOption"),
  },
  "aws:quicksight/dataSource:DataSource": { type: QUICKSIGHT("DataSourceType") },
  // groupName, namespace, description: free strings (CreateGroupRequest)
  "aws:quicksight/group:Group": {},
  "aws:quicksight/groupMembership:GroupMembership": {},
  "aws:quicksight/refreshSchedule:RefreshSchedule": {
    "schedule.refreshType": QUICKSIGHT("IngestionType"),
    "schedule.scheduleFrequency.interval": QUICKSIGHT("RefreshInterval"),
  },
  "aws-native:quicksight:Dashboard": {
    "dashboardPublishOptions.adHocFilteringOption.availabilityStatus": QUICKSIGHT("DashboardBehavior"),
    "dashboardPublishOptions.exportToCsvOption.availabilityStatus": QUICKSIGHT("DashboardBehavior"),
    "dashboardPublishOptions.sheetControlsOption.visibilityState": QUICKSIGHT("DashboardUIState"),
  },

  // RDS types its engine with the provider's own enum (aws.rds.EngineType); the RDS API has no
  // other closed set among the inputs the platform sets.
  "aws:rds/cluster:Cluster": {},
  "aws:rds/clusterInstance:ClusterInstance": {},
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": {},
  "aws:rds/subnetGroup:SubnetGroup": {},

  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {},
  // CreatePolicy takes a name, a path, a description, a document and tags: no closed set.
  "aws:iam/policy:Policy": {},
  "aws:iam/role:Role": {},
  "aws:iam/rolePolicy:RolePolicy": {},
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": {},
  "aws:secretsmanager/secret:Secret": {},
  "aws:secretsmanager/secretVersion:SecretVersion": {},
  // SNS has no enum for subscription protocols in its API model.
  "aws:sns/topic:Topic": {},
  "aws:sns/topicPolicy:TopicPolicy": {},
  "aws:sns/topicSubscription:TopicSubscription": {},
  "aws:sqs/queue:Queue": {},
  "aws:sqs/queuePolicy:QueuePolicy": {},
  "random:index/randomPassword:RandomPassword": {},
};

/** Types whose inputs the enum check must know: cloud resources, not components or providers. */
export function isCheckedType(type: string): boolean {
  return /^(aws|aws-native|random):/.test(type);
}

/** The string values at a dotted path; lists on the way are read element by element. */
export function valuesAt(inputs: unknown, path: string): string[] {
  let current: unknown[] = [inputs];
  for (const key of path.split(".")) {
    current = current
      .flatMap((v) => (Array.isArray(v) ? v : [v]))
      .map((v) => (v && typeof v === "object" ? (v as Record<string, unknown>)[key] : undefined))
      .filter((v) => v !== undefined && v !== null);
  }
  return current
    .flatMap((v) => (Array.isArray(v) ? v : [v]))
    .filter((v): v is string => typeof v === "string");
}
