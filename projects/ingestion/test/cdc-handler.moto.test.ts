import {
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  PutItemCommand,
  UpdateItemCommand,
} from "@aws-sdk/client-dynamodb";
import { CreateDeliveryStreamCommand } from "@aws-sdk/client-firehose";
import { CreateBucketCommand } from "@aws-sdk/client-s3";
import { CreateQueueCommand, ReceiveMessageCommand } from "@aws-sdk/client-sqs";
import { RAW_PREFIXES } from "@lakehouse/contracts";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type MotoClients, motoClients, readJsonLines, readStream } from "./support/aws-clients";
import { loadCdcBundle } from "./support/bundle";
import { MOTO_CREDENTIALS, MOTO_REGION, type Moto, startMoto } from "./support/moto";

// The data-plane test: real DynamoDB Streams records from moto, the deployed bundle, real SDK
// clients, and what lands in S3 through moto's Firehose (which ignores partitioning and GZIP,
// so the assertions are on content, not on object keys).

let moto: Moto;
let aws: MotoClients;
const BUCKET = "lakehouse-test-raw";
const STREAM = "lakehouse-test-cdc";
const TABLE = "lakehouse-test-orders";
let queueUrl = "";

beforeAll(async () => {
  moto = await startMoto();
  aws = motoClients(moto);
});

afterAll(async () => {
  await moto?.stop();
});

beforeEach(async () => {
  await moto.reset();
  await aws.s3.send(
    new CreateBucketCommand({
      Bucket: BUCKET,
      CreateBucketConfiguration: { LocationConstraint: MOTO_REGION },
    }),
  );
  await aws.firehose.send(
    new CreateDeliveryStreamCommand({
      DeliveryStreamName: STREAM,
      DeliveryStreamType: "DirectPut",
      ExtendedS3DestinationConfiguration: {
        BucketARN: `arn:aws:s3:::${BUCKET}`,
        RoleARN: "arn:aws:iam::123456789012:role/lakehouse-test-cdc-firehose",
        Prefix: RAW_PREFIXES.dynamodbCdc,
      },
    }),
  );
  queueUrl =
    (await aws.sqs.send(new CreateQueueCommand({ QueueName: "lakehouse-test-cdc-failures" }))).QueueUrl ?? "";
  await aws.dynamodb.send(
    new CreateTableCommand({
      TableName: TABLE,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: "pk", KeyType: "HASH" },
        { AttributeName: "sk", KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: "pk", AttributeType: "S" },
        { AttributeName: "sk", AttributeType: "S" },
      ],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    }),
  );
});

async function streamArn(): Promise<string> {
  const table = await aws.dynamodb.send(new DescribeTableCommand({ TableName: TABLE }));
  const arn = table.Table?.LatestStreamArn;
  if (!arn) throw new Error("table has no stream");
  return arn;
}

async function writeOrders(): Promise<void> {
  await aws.dynamodb.send(
    new PutItemCommand({
      TableName: TABLE,
      Item: {
        pk: { S: "order#1" },
        sk: { S: "v0" },
        status: { S: "NEW" },
        total: { N: "19.99" },
        lines: { L: [{ M: { sku: { S: "A-1" }, qty: { N: "2" } } }] },
        tags: { SS: ["gift"] },
        signature: { B: Buffer.from("sig-1") },
      },
    }),
  );
  await aws.dynamodb.send(
    new PutItemCommand({
      TableName: TABLE,
      Item: { pk: { S: "order#2" }, sk: { S: "v0" }, status: { S: "NEW" }, total: { N: "5" } },
    }),
  );
  await aws.dynamodb.send(
    new UpdateItemCommand({
      TableName: TABLE,
      Key: { pk: { S: "order#1" }, sk: { S: "v0" } },
      UpdateExpression: "SET #s = :paid, paidAt = :t",
      ExpressionAttributeNames: { "#s": "status" },
      ExpressionAttributeValues: { ":paid": { S: "PAID" }, ":t": { N: "1767225600" } },
    }),
  );
  await aws.dynamodb.send(
    new DeleteItemCommand({ TableName: TABLE, Key: { pk: { S: "order#2" }, sk: { S: "v0" } } }),
  );
}

/** Runs the bundle's own `handler` entry point, configured from the environment as in Lambda. */
function deployedHandler() {
  Object.assign(process.env, {
    AWS_REGION: MOTO_REGION,
    AWS_ACCESS_KEY_ID: MOTO_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: MOTO_CREDENTIALS.secretAccessKey,
    AWS_ENDPOINT_URL: moto.endpoint,
    DELIVERY_STREAM_NAME: STREAM,
    FAILURE_QUEUE_URL: queueUrl,
  });
  return loadCdcBundle().handler;
}

describe("CDC handler against moto (DynamoDB Streams -> handler -> Firehose -> S3)", () => {
  it("lands one envelope per change, in stream order, with ops and before/after images", async () => {
    await writeOrders();
    const arn = await streamArn();
    const records = await readStream(aws.streams, arn);
    expect(records.map((r) => r.eventName)).toEqual(["INSERT", "INSERT", "MODIFY", "REMOVE"]);

    const handler = deployedHandler();
    const response = await handler({ Records: records }, { getRemainingTimeInMillis: () => 60_000 });
    expect(response.batchItemFailures).toEqual([]);

    const envelopes = await readJsonLines(aws.s3, BUCKET, RAW_PREFIXES.dynamodbCdc);
    expect(envelopes.map((e) => [e.op, (e.keys as { pk: string }).pk])).toEqual([
      ["insert", "order#1"],
      ["insert", "order#2"],
      ["update", "order#1"],
      ["delete", "order#2"],
    ]);
    const [insert, , update, remove] = envelopes;
    expect(insert).toMatchObject({
      source: "dynamodb",
      table: TABLE,
      keys: { pk: "order#1", sk: "v0" },
      before: null,
      after: {
        status: "NEW",
        total: 19.99,
        lines: [{ sku: "A-1", qty: 2 }],
        tags: ["gift"],
        signature: Buffer.from("sig-1").toString("base64"),
      },
    });
    expect(update?.before).toMatchObject({ status: "NEW" });
    expect(update?.before).not.toHaveProperty("paidAt");
    expect(update?.after).toMatchObject({ status: "PAID", paidAt: 1767225600, total: 19.99 });
    expect(remove).toMatchObject({ op: "delete", before: { status: "NEW", total: 5 }, after: null });
    // Sequence numbers are the stream's own, increasing: downstream merges order and dedupe by them.
    const sequences = envelopes.map((e) => BigInt(String(e.sequence)));
    expect(sequences).toEqual(records.map((r) => BigInt(r.dynamodb?.SequenceNumber ?? "0")));
    expect([...sequences].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(sequences);
    for (const e of envelopes) {
      expect(Number.isNaN(Date.parse(String(e.eventTime)))).toBe(false);
      expect(Number.isNaN(Date.parse(String(e.ingestedAt)))).toBe(false);
    }
  });

  it("parks an unparseable record and an oversized change on the on-failure queue and still lands the rest", async () => {
    // An item near DynamoDB's 400 KB limit: its MODIFY record carries it twice, base64-encoded,
    // which is over Firehose's 1,000 KiB per record.
    const blob = Buffer.alloc(390_000, 7);
    await aws.dynamodb.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { pk: { S: "big" }, sk: { S: "v0" }, blob: { B: blob } },
      }),
    );
    await aws.dynamodb.send(
      new UpdateItemCommand({
        TableName: TABLE,
        Key: { pk: { S: "big" }, sk: { S: "v0" } },
        UpdateExpression: "SET note = :n",
        ExpressionAttributeValues: { ":n": { S: "touched" } },
      }),
    );
    await aws.dynamodb.send(
      new PutItemCommand({ TableName: TABLE, Item: { pk: { S: "small" }, sk: { S: "v0" }, n: { N: "1" } } }),
    );
    const arn = await streamArn();
    const real = await readStream(aws.streams, arn);
    const garbage = { eventID: "broken-1", eventName: "INSERT", eventSourceARN: arn };
    const handler = deployedHandler();
    const response = await handler({ Records: [real[0], garbage, real[1], real[2]] });
    expect(response.batchItemFailures).toEqual([]);

    const landed = await readJsonLines(aws.s3, BUCKET);
    expect(landed.map((e) => [e.op, (e.keys as { pk: string }).pk])).toEqual([
      ["insert", "big"],
      ["insert", "small"],
    ]);
    const received = await aws.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: queueUrl,
        MaxNumberOfMessages: 10,
        MessageAttributeNames: ["All"],
      }),
    );
    const parked = (received.Messages ?? []).map((m) => JSON.parse(m.Body ?? "{}"));
    expect(parked.map((p) => [p.reason, p.eventID ?? null])).toEqual([
      ["unparseable", "broken-1"],
      ["oversized", real[1]?.eventID],
    ]);
    expect(parked[0].detail).toMatch(/no dynamodb section/);
    expect(parked[1]).toMatchObject({
      table: TABLE,
      keys: { pk: "big", sk: "v0" },
      sequence: real[1]?.dynamodb?.SequenceNumber,
    });
    expect(parked[1].sizeBytes).toBeGreaterThan(1000 * 1024);
    // Too big for an SQS message: the key and sequence point at the change instead.
    expect(parked[1].record).toBeNull();
    expect(received.Messages?.[1]?.MessageAttributes?.reason?.StringValue).toBe("oversized");
  });
});
