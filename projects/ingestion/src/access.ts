import {
  type AccessMatrix,
  DMS_POSTGRES_SOURCE,
  DMS_S3_TARGET,
  FIREHOSE,
  type IamAccess,
  type LfAccess,
  runtimeAccess,
} from "@lakehouse/contracts";

const VIA = (service: string) => ({ "kms:ViaService": `${service}.{region}.amazonaws.com` });

const RAW_BUCKET = "{lake-storage.rawBucketArn}";
const DATA_KEY = "{lake-storage.dataKeyArn}";

const TABLE_KEY = "{ingestion.sourceTableKeyArn}";
const SECRET_KEY = "{ingestion.auroraSecretKeyArn}";

/**
 * The parts of the offline plan this matrix reads: which sources ingestion creates (and the Aurora
 * instances among them), and the keys it reports.
 */
interface PlanView {
  layer: string;
  resources: { type: string; inputs: Record<string, unknown> }[];
  outputs: Record<string, unknown>;
}

/** What Firehose and DMS call with the roles they run as (packages/contracts/src/runtime-calls). */
const runtimes = (secretKey: string) => [
  runtimeAccess(FIREHOSE, "{prefix}-events-firehose", {
    deliver: [
      {
        bucket: RAW_BUCKET,
        prefix: "{lake-storage.rawPrefixes.events}",
        object: `${RAW_BUCKET}/{lake-storage.rawPrefixes.events}event_type=page_view/event_date=2026-03-01/part-0.parquet`,
      },
    ],
    convertFormat: [
      { database: "{lake-storage.rawDatabaseName}", table: "{ingestion.eventsSchemaTableName}" },
    ],
  }),
  runtimeAccess(FIREHOSE, "{prefix}-cdc-firehose", {
    deliver: [
      {
        bucket: RAW_BUCKET,
        prefix: "{lake-storage.rawPrefixes.dynamodbCdc}",
        object: `${RAW_BUCKET}/{lake-storage.rawPrefixes.dynamodbCdc}2026/03/01/part-0.json.gz`,
      },
    ],
  }),
  runtimeAccess(DMS_POSTGRES_SOURCE, "{prefix}-dms-secret-access", {
    sourceCredentials: [{ secret: "{ingestion.auroraSecretArn}", key: secretKey }],
  }),
  runtimeAccess(DMS_S3_TARGET, "{prefix}-dms-s3-target", {
    s3Target: [
      {
        bucket: RAW_BUCKET,
        prefix: "{lake-storage.rawPrefixes.auroraCdc}",
        object: `${RAW_BUCKET}/{lake-storage.rawPrefixes.auroraCdc}public/orders/LOAD00000001.parquet`,
        key: DATA_KEY,
      },
    ],
  }),
];

/**
 * The DMS-user function reboots each instance of a cluster the stack created that has a static
 * parameter pending (projects/ingestion/functions/dms-user/static-parameters.ts). RDS authorizes
 * RebootDBInstance and DescribeDBInstances on the instance, `arn:${Partition}:rds:${Region}:${Account}:db:${DbInstanceName}`
 * (Service Authorization Reference: rds, resource type db), named by its `identifier` input, not
 * by the cluster's identifier. An attached cluster has no planned instances, so nothing here.
 */
function instanceReboots(ingestion: PlanView): IamAccess[] {
  return ingestion.resources
    .filter((r) => r.type === "aws:rds/clusterInstance:ClusterInstance")
    .map((r) => {
      const id = r.inputs.identifier;
      if (typeof id !== "string")
        throw new Error("an aws:rds ClusterInstance of the ingestion plan has no identifier input");
      return {
        principal: "{prefix}-dms-user",
        actions: ["rds:RebootDBInstance", "rds:DescribeDBInstances"],
        resource: `arn:aws:rds:{region}:{account}:db:${id}`,
        why: "reboots an instance with a static parameter pending and waits until it is available",
      };
    });
}

/**
 * What ingestion's principals must (and must never) do for the four extract paths, from sources it
 * creates or attaches; proven on every `lakehouse plan`. An attached source's key is the one its
 * owner chose ("" is an AWS owned or managed key, which IAM does not grant); the DMS-user function
 * exists only for a cluster the stack creates.
 */
export function access(plans: PlanView[]): AccessMatrix {
  const ingestion = plans.find((p) => p.layer === "ingestion");
  if (!ingestion) throw new Error("the ingestion access matrix needs the ingestion plan");
  const creates = (type: string) => ingestion.resources.some((r) => r.type === type);
  const ownKey = (output: string) => ingestion.outputs[output] !== "";
  const dropKey = (key: string) => (a: IamAccess) =>
    !(a.actions.includes("kms:Decrypt") && a.resource === key);
  const calls = runtimes(SECRET_KEY);
  const required = [
    ...calls.flatMap((r) => r.required),
    ...iamRequired(creates("aws:rds/cluster:Cluster")),
    ...instanceReboots(ingestion),
  ]
    .filter(ownKey("sourceTableKeyArn") ? () => true : dropKey(TABLE_KEY))
    .filter(ownKey("auroraSecretKeyArn") ? () => true : dropKey(SECRET_KEY));
  return {
    required,
    forbidden,
    lakeFormation: {
      required: [...calls.flatMap((r) => r.lakeFormation), ...lfRequired],
      forbidden: [],
    },
  };
}

function iamRequired(createsCluster: boolean): IamAccess[] {
  return [
    // DynamoDB -> Lambda CDC handler -> Firehose cdc -> raw/dynamodb-cdc/
    {
      principal: "{prefix}-cdc-handler",
      actions: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator"],
      resource: "{ingestion.sourceTableStreamArn}",
      why: "the event source mapping reads the source table's stream with the function's role",
    },
    {
      principal: "{prefix}-cdc-handler",
      actions: ["dynamodb:ListStreams"],
      resource: "*",
      why: "the event source mapping lists the table's streams",
    },
    {
      principal: "{prefix}-cdc-handler",
      actions: ["kms:Decrypt"],
      resource: TABLE_KEY,
      context: VIA("dynamodb"),
      why: "stream records of the KMS-encrypted table are decrypted through DynamoDB",
    },
    {
      principal: "{prefix}-cdc-handler",
      actions: ["firehose:PutRecordBatch"],
      resource: "arn:aws:firehose:{region}:{account}:deliverystream/{ingestion.cdcDeliveryStreamName}",
      why: "the handler forwards change envelopes to the cdc delivery stream",
    },
    {
      principal: "{prefix}-cdc-handler",
      actions: ["sqs:SendMessage"],
      resource: "arn:aws:sqs:{region}:{account}:{prefix}-cdc-handler-failures",
      why: "poison batches are parked on the on-failure queue",
    },
    {
      principal: "{prefix}-cdc-handler",
      actions: ["kms:GenerateDataKey"],
      resource: "{lake-storage.dataKeyArn}",
      context: VIA("sqs"),
      why: "the failure queue is SSE-KMS with the data key",
    },
    {
      principal: "{prefix}-cdc-firehose",
      actions: ["s3:PutObject"],
      resource: "{lake-storage.rawBucketArn}/{lake-storage.rawPrefixes.dynamodbCdc}2026/03/01/part-0.json.gz",
      why: "Firehose cdc writes DynamoDB changes under the raw zone's dynamodb-cdc/ prefix",
    },
    {
      principal: "{prefix}-cdc-firehose",
      actions: ["kms:GenerateDataKey"],
      resource: "{lake-storage.dataKeyArn}",
      context: VIA("s3"),
      why: "raw objects are SSE-KMS with the data key",
    },
    // client events -> Firehose events (JSON -> Parquet) -> raw/events/
    {
      principal: "{prefix}-events-producer",
      actions: ["firehose:PutRecordBatch"],
      resource: "{ingestion.eventsDeliveryStreamArn}",
      why: "client applications put events to the events delivery stream",
    },
    {
      principal: "{prefix}-events-firehose",
      actions: ["glue:GetTable", "glue:GetTableVersions"],
      resource:
        "arn:aws:glue:{region}:{account}:table/{lake-storage.rawDatabaseName}/{ingestion.eventsSchemaTableName}",
      why: "record format conversion reads the Parquet schema from the catalog",
    },
    {
      principal: "{prefix}-events-firehose",
      actions: ["kms:Decrypt"],
      resource: "{lake-storage.dataKeyArn}",
      context: VIA("glue"),
      why: "the Data Catalog is encrypted with the data key: reading the schema decrypts through Glue",
    },
    {
      principal: "{prefix}-events-firehose",
      actions: ["s3:PutObject"],
      resource:
        "{lake-storage.rawBucketArn}/{lake-storage.rawPrefixes.events}event_type=page_view/event_date=2026-03-01/part-0.parquet",
      why: "Firehose events writes Parquet under the raw zone's events/ prefix",
    },
    {
      principal: "{prefix}-events-firehose",
      actions: ["kms:GenerateDataKey"],
      resource: "{lake-storage.dataKeyArn}",
      context: VIA("s3"),
      why: "raw objects are SSE-KMS with the data key",
    },
    // Aurora -> DMS -> raw/aurora-cdc/
    {
      principal: "{prefix}-dms-s3-target",
      actions: ["s3:PutObject", "s3:DeleteObject", "s3:PutObjectTagging"],
      resource:
        "{lake-storage.rawBucketArn}/{lake-storage.rawPrefixes.auroraCdc}public/orders/LOAD00000001.parquet",
      why: "DMS writes full-load and CDC Parquet files under aurora-cdc/",
    },
    {
      principal: "{prefix}-dms-s3-target",
      actions: ["kms:GenerateDataKey"],
      resource: "{lake-storage.dataKeyArn}",
      context: VIA("s3"),
      why: "raw objects are SSE-KMS with the data key",
    },
    {
      principal: "{prefix}-dms-secret-access",
      actions: ["secretsmanager:GetSecretValue"],
      resource: "{ingestion.auroraSecretArn}",
      why: "DMS reads the source endpoint's credentials from the secret",
    },
    {
      principal: "{prefix}-dms-secret-access",
      actions: ["kms:Decrypt"],
      resource: SECRET_KEY,
      context: VIA("secretsmanager"),
      why: "the secret is encrypted with the data key, or an attached secret with its owner's key",
    },
    // the stack creates the DMS source user in the Aurora cluster it creates, through a Lambda function and the RDS Data API
    ...(createsCluster ? dmsUserRequired : []),
  ];
}

const dmsUserRequired: IamAccess[] = [
  {
    principal: "{prefix}-dms-user",
    actions: ["rds-data:ExecuteStatement"],
    resource: "{ingestion.auroraClusterArn}",
    why: "creates the replication user in the source database",
  },
  {
    principal: "{prefix}-dms-user",
    actions: ["secretsmanager:GetSecretValue"],
    resource: "{ingestion.auroraSecretArn}",
    why: "reads the password it gives the replication user",
  },
  {
    principal: "{prefix}-dms-user",
    actions: ["rds:DescribeDBClusters"],
    resource: "{ingestion.auroraClusterArn}",
    why: "reads which instances have a static parameter pending a reboot",
  },
  {
    principal: "{prefix}-dms-user",
    actions: ["kms:Decrypt"],
    resource: "{lake-storage.dataKeyArn}",
    context: VIA("secretsmanager"),
    why: "the secret is encrypted with the data key",
  },
];

const forbidden: IamAccess[] = [
  {
    principal: "{prefix}-cdc-firehose",
    actions: ["s3:PutObject"],
    resource: "{lake-storage.rawBucketArn}/{lake-storage.rawPrefixes.events}x.parquet",
    why: "each writer writes only its own raw prefix",
  },
  {
    principal: "{prefix}-events-firehose",
    actions: ["s3:PutObject"],
    resource: "{lake-storage.rawBucketArn}/{lake-storage.rawPrefixes.auroraCdc}x.parquet",
    why: "each writer writes only its own raw prefix",
  },
  {
    principal: "{prefix}-events-producer",
    actions: ["s3:GetObject"],
    resource: "{lake-storage.rawBucketArn}/{lake-storage.rawPrefixes.events}x.parquet",
    why: "producers write events; they never read the lake",
  },
  {
    principal: "{prefix}-cdc-handler",
    actions: ["firehose:PutRecordBatch"],
    resource: "{ingestion.eventsDeliveryStreamArn}",
    why: "the CDC handler writes only to the cdc stream",
  },
];

const lfRequired: LfAccess[] = [
  {
    principal: "{prefix}-events-firehose",
    permission: "SELECT",
    database: "{lake-storage.rawDatabaseName}",
    table: "{ingestion.eventsSchemaTableName}",
    columns: "all",
    why: "the raw database is governed by Lake Formation: Firehose reads the schema through it",
  },
];
