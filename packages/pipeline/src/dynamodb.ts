import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { CreateDeliveryStreamCommand } from "@aws-sdk/client-firehose";
import { CreateBucketCommand, GetObjectCommand, ListObjectsV2Command } from "@aws-sdk/client-s3";
import { CreateQueueCommand } from "@aws-sdk/client-sqs";
import type { StreamRecord } from "@lakehouse/ingestion/functions/cdc-handler/envelope";
import { type MotoClients, motoClients, readStream } from "@lakehouse/ingestion/test/support/aws-clients";
import { loadCdcBundle } from "@lakehouse/ingestion/test/support/bundle";
import { MOTO_CREDENTIALS, MOTO_REGION, type Moto } from "@lakehouse/ingestion/test/support/moto";
import type { LocalLake } from "./local-lake";
import type { StackPlan } from "./plan";

/** One write to the source table, as an application makes it. */
export type OrderWrite =
  | { put: Record<string, string | number> }
  | { update: { key: Record<string, string>; set: Record<string, string | number> } }
  | { delete: Record<string, string> };

const attr = (v: string | number) => (typeof v === "number" ? { N: String(v) } : { S: v });

/**
 * The DynamoDB source as ingestion deploys it, on moto: the table with the plan's key schema and
 * stream, the Firehose `cdc` stream, the bundled CDC handler fed the stream's records (as the
 * event source mapping would), and the objects Firehose wrote copied to the local lake by key.
 * moto's Firehose writes each batch at once and evaluates no prefix expressions, GZIP or dynamic
 * partitioning (aws-data-paths.md §3.7): the consumer reads the prefix recursively, so it reads
 * exactly these objects whatever their layout below it.
 */
export class DynamoDbSource {
  readonly aws: MotoClients;
  private handler:
    | ((event: unknown, context?: unknown) => Promise<{ batchItemFailures: unknown[] }>)
    | undefined;

  constructor(
    readonly moto: Moto,
    readonly plan: StackPlan,
  ) {
    this.aws = motoClients(moto);
  }

  private get table() {
    return this.plan.inputs("ingestion", "aws:dynamodb/table:Table", "source");
  }
  private get stream() {
    return this.plan.inputs("ingestion", "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "cdc");
  }
  get rawBucket(): string {
    return this.plan.outputs("lake-storage").rawBucketName;
  }

  /** Creates the planned table (key schema, stream view type), bucket, delivery stream and failure queue. */
  async create(): Promise<void> {
    await this.moto.reset();
    const t = this.table;
    await this.aws.dynamodb.send(
      new CreateTableCommand({
        TableName: t.name,
        BillingMode: t.billingMode,
        KeySchema: [
          { AttributeName: t.hashKey, KeyType: "HASH" },
          ...(t.rangeKey ? [{ AttributeName: t.rangeKey, KeyType: "RANGE" as const }] : []),
        ],
        AttributeDefinitions: t.attributes.map((a: { name: string; type: "S" | "N" | "B" }) => ({
          AttributeName: a.name,
          AttributeType: a.type,
        })),
        StreamSpecification: { StreamEnabled: t.streamEnabled, StreamViewType: t.streamViewType },
      }),
    );
    await this.aws.s3.send(
      new CreateBucketCommand({
        Bucket: this.rawBucket,
        CreateBucketConfiguration: { LocationConstraint: MOTO_REGION },
      }),
    );
    const rawPrefix = this.plan.outputs("ingestion").rawPrefixes.dynamodbCdc as string;
    await this.aws.firehose.send(
      new CreateDeliveryStreamCommand({
        DeliveryStreamName: this.stream.name,
        DeliveryStreamType: "DirectPut",
        ExtendedS3DestinationConfiguration: {
          BucketARN: this.stream.extendedS3Configuration.bucketArn,
          RoleARN: this.stream.extendedS3Configuration.roleArn,
          Prefix: rawPrefix,
        },
      }),
    );
    const queueUrl =
      (await this.aws.sqs.send(new CreateQueueCommand({ QueueName: `${this.stream.name}-failures` })))
        .QueueUrl ?? "";
    Object.assign(process.env, {
      AWS_REGION: MOTO_REGION,
      AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
      AWS_ENDPOINT_URL: this.moto.endpoint,
      DELIVERY_STREAM_NAME: this.stream.name,
      FAILURE_QUEUE_URL: queueUrl,
    });
    this.handler = loadCdcBundle().handler;
  }

  async write(writes: OrderWrite[]): Promise<void> {
    const TableName = this.table.name;
    for (const w of writes) {
      if ("put" in w) {
        await this.aws.dynamodb.send(
          new PutItemCommand({
            TableName,
            Item: Object.fromEntries(Object.entries(w.put).map(([k, v]) => [k, attr(v)])),
          }),
        );
      } else if ("update" in w) {
        const names = Object.keys(w.update.set);
        await this.aws.dynamodb.send(
          new UpdateItemCommand({
            TableName,
            Key: Object.fromEntries(Object.entries(w.update.key).map(([k, v]) => [k, attr(v)])),
            UpdateExpression: `SET ${names.map((_, i) => `#n${i} = :v${i}`).join(", ")}`,
            ExpressionAttributeNames: Object.fromEntries(names.map((n, i) => [`#n${i}`, n])),
            ExpressionAttributeValues: Object.fromEntries(
              names.map((n, i) => [`:v${i}`, attr(w.update.set[n] as string)]),
            ),
          }),
        );
      } else {
        await this.aws.dynamodb.send(
          new DeleteItemCommand({
            TableName,
            Key: Object.fromEntries(Object.entries(w.delete).map(([k, v]) => [k, attr(v)])),
          }),
        );
      }
    }
  }

  /** Every record on the table's stream so far, shaped as Lambda delivers them. */
  async streamRecords(): Promise<StreamRecord[]> {
    const described = await this.aws.dynamodb.send(new DescribeTableCommand({ TableName: this.table.name }));
    return readStream(this.aws.streams, described.Table?.LatestStreamArn as string);
  }

  /** Invokes the deployed handler bundle with `records` (one Lambda batch); fails on undelivered records. */
  async deliver(records: StreamRecord[]): Promise<void> {
    if (!this.handler) throw new Error("create() the source first");
    const response = await this.handler({ Records: records }, { getRemainingTimeInMillis: () => 60_000 });
    if (response.batchItemFailures.length > 0)
      throw new Error(`handler left ${response.batchItemFailures.length} records undelivered`);
  }

  /** Copies every object Firehose wrote under the CDC prefix into the local lake; returns their keys. */
  async landIn(lake: LocalLake): Promise<string[]> {
    const prefix = this.plan.outputs("ingestion").rawPrefixes.dynamodbCdc as string;
    const listed = await this.aws.s3.send(
      new ListObjectsV2Command({ Bucket: this.rawBucket, Prefix: prefix }),
    );
    const keys: string[] = [];
    for (const object of listed.Contents ?? []) {
      const body = await this.aws.s3.send(new GetObjectCommand({ Bucket: this.rawBucket, Key: object.Key }));
      lake.put(
        this.rawBucket,
        object.Key as string,
        await (body.Body?.transformToByteArray() ?? new Uint8Array()),
        object.LastModified,
      );
      keys.push(object.Key as string);
    }
    return keys;
  }
}
