import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from "@aws-sdk/client-dynamodb-streams";
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { GetObjectCommand, ListObjectsV2Command, S3Client } from "@aws-sdk/client-s3";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { StreamRecord } from "../../functions/cdc-handler/envelope";
import { MOTO_CREDENTIALS, MOTO_REGION, type Moto } from "./moto";

/** Real AWS SDK v3 clients pointed at moto. */
export function motoClients(moto: Moto) {
  const common = { endpoint: moto.endpoint, region: MOTO_REGION, credentials: MOTO_CREDENTIALS };
  return {
    dynamodb: new DynamoDBClient(common),
    streams: new DynamoDBStreamsClient(common),
    firehose: new FirehoseClient(common),
    s3: new S3Client({ ...common, forcePathStyle: true }),
    sqs: new SQSClient(common),
  };
}
export type MotoClients = ReturnType<typeof motoClients>;

/**
 * Every record on the stream, in order, shaped as Lambda delivers them: the stream ARN as
 * `eventSourceARN` and the creation time in epoch seconds.
 */
export async function readStream(streams: DynamoDBStreamsClient, streamArn: string): Promise<StreamRecord[]> {
  const description = await streams.send(new DescribeStreamCommand({ StreamArn: streamArn }));
  const records: StreamRecord[] = [];
  for (const shard of description.StreamDescription?.Shards ?? []) {
    const iterator = await streams.send(
      new GetShardIteratorCommand({
        StreamArn: streamArn,
        ShardId: shard.ShardId,
        ShardIteratorType: "TRIM_HORIZON",
      }),
    );
    let next = iterator.ShardIterator;
    for (let page = 0; next && page < 100; page++) {
      const out = await streams.send(new GetRecordsCommand({ ShardIterator: next, Limit: 1000 }));
      const batch = out.Records ?? [];
      for (const record of batch) {
        const created = record.dynamodb?.ApproximateCreationDateTime;
        records.push({
          ...(record as StreamRecord),
          eventSourceARN: streamArn,
          dynamodb: {
            ...(record.dynamodb as StreamRecord["dynamodb"]),
            ApproximateCreationDateTime: created instanceof Date ? created.getTime() / 1000 : created,
          },
        });
      }
      if (batch.length === 0) break;
      next = out.NextShardIterator;
    }
  }
  return records;
}

/** Every JSON line of every object under `prefix`, objects in key order. */
export async function readJsonLines(
  s3: S3Client,
  bucket: string,
  prefix = "",
): Promise<Record<string, unknown>[]> {
  const listed = await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const lines: Record<string, unknown>[] = [];
  for (const object of listed.Contents ?? []) {
    const body = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
    const text = await body.Body?.transformToString();
    for (const line of (text ?? "").split("\n")) if (line.trim()) lines.push(JSON.parse(line));
  }
  return lines;
}
