/**
 * Resource types AWS bills nothing for by themselves, each with the reason: the model counts them
 * as $0 on purpose. A type that is neither here nor in PRICERS is listed as unpriced.
 */
export const FREE_TYPES: Record<string, string> = {
  "aws:ec2/vpc:Vpc": "no charge for a VPC (Amazon VPC pricing)",
  "aws:ec2/subnet:Subnet": "no charge for subnets",
  "aws:ec2/routeTable:RouteTable": "no charge for route tables",
  "aws:ec2/routeTableAssociation:RouteTableAssociation": "no charge for route tables",
  "aws:ec2/route:Route": "no charge for routes",
  "aws:ec2/internetGateway:InternetGateway":
    "no charge for an internet gateway (data transfer is billed where it goes)",
  "aws:ec2/securityGroup:SecurityGroup": "no charge for security groups",
  "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": "no charge for security groups",
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": "no charge for security group rules",
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": "no charge for security group rules",
  "aws:ec2/flowLog:FlowLog": "priced at its CloudWatch log group (ingest and storage)",
  "aws:iam/role:Role": "IAM is free",
  "aws:iam/rolePolicy:RolePolicy": "IAM is free",
  "aws:iam/policy:Policy": "IAM is free",
  "aws:iam/rolePolicyAttachment:RolePolicyAttachment": "IAM is free",
  "aws:iam/openIdConnectProvider:OpenIdConnectProvider": "IAM is free",
  "aws:kms/alias:Alias": "aliases are free; the key is priced",
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration":
    "bucket configuration, priced with the bucket",
  "aws:s3/bucketLogging:BucketLogging":
    "bucket configuration; the log objects are priced with the logs bucket",
  "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "bucket configuration, priced with the bucket",
  "aws:s3/bucketPolicy:BucketPolicy": "bucket configuration, priced with the bucket",
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "bucket configuration, priced with the bucket",
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration":
    "bucket configuration; KMS requests are priced with the key",
  "aws:s3/bucketVersioning:BucketVersioning":
    "bucket configuration; versions are storage, priced with the bucket",
  "aws:s3/bucketNotification:BucketNotification": "bucket configuration; events are priced where they go",
  "aws:s3/bucketObjectv2:BucketObjectv2": "a deployed script or asset: bytes priced with its bucket",
  "aws:glue/catalogDatabase:CatalogDatabase":
    "Glue Data Catalog: the first million objects stored and requests a month are free (AWS Glue pricing)",
  "aws:glue/catalogTable:CatalogTable": "Glue Data Catalog: within the free million objects",
  "aws:glue/dataCatalogEncryptionSettings:DataCatalogEncryptionSettings":
    "catalog setting; KMS priced with the key",
  "aws:glue/securityConfiguration:SecurityConfiguration": "a job setting; KMS priced with the key",
  "aws:glue/trigger:Trigger": "triggers are free; the runs they start are priced at the job or crawler",
  "aws:glue/workflow:Workflow": "workflows are free; the runs they start are priced at the job or crawler",
  "aws:lakeformation/permissions:Permissions": "Lake Formation permissions are free",
  "aws:lakeformation/dataLakeSettings:DataLakeSettings": "Lake Formation settings are free",
  "aws:lakeformation/lfTag:LfTag": "Lake Formation tags are free",
  "aws:lakeformation/resource:Resource": "registering a location is free",
  "aws:lakeformation/resourceLfTags:ResourceLfTags": "Lake Formation tags are free",
  "aws:sns/topicPolicy:TopicPolicy": "a topic setting, priced with the topic",
  "aws:sns/topicSubscription:TopicSubscription": "email deliveries are priced with the topic's publishes",
  "aws:sqs/queuePolicy:QueuePolicy": "a queue setting, priced with the queue",
  "aws:cloudwatch/logStream:LogStream": "priced at its log group",
  "aws:cloudwatch/eventRule:EventRule":
    "EventBridge delivers AWS service events from the default bus free of charge",
  "aws:cloudwatch/eventTarget:EventTarget": "part of its rule",
  "aws:dms/endpoint:Endpoint": "DMS endpoints are free; the replication is priced",
  "aws:dms/s3Endpoint:S3Endpoint": "DMS endpoints are free; the replication is priced",
  "aws:dms/replicationSubnetGroup:ReplicationSubnetGroup": "free",
  "aws:dms/replicationTask:ReplicationTask":
    "a task is billed through the replication instance it runs on, which is priced",
  "aws:rds/subnetGroup:SubnetGroup": "free",
  "aws:rds/clusterParameterGroup:ClusterParameterGroup": "free",
  "aws:secretsmanager/secretVersion:SecretVersion": "versions are part of the secret",
  "aws:lambda/eventSourceMapping:EventSourceMapping":
    "Lambda's reads of a DynamoDB stream are free; the invocations are priced at the function",
  "aws:lambda/invocation:Invocation": "one invocation per deploy, within the function's priced invocations",
  "aws:lambda/permission:Permission": "free",
  "aws:athena/namedQuery:NamedQuery": "saved queries are free; scans are priced at the workgroup",
  "aws:appflow/connectorProfile:ConnectorProfile": "connector profiles are free; flow runs are priced",
  "aws:budgets/budget:Budget":
    "AWS Budgets: budgets without actions are free (AWS Budgets pricing: only action-enabled budgets beyond two are billed)",
  "random:index/randomPassword:RandomPassword": "not an AWS resource",
};
