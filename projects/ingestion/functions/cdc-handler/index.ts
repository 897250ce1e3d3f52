/**
 * Lambda entry point (bundled by esbuild in the ingestion program). The AWS SDK v3 clients come
 * from the nodejs22.x runtime. Configuration is read on the first invocation, so that tests can
 * load this same bundle and use `createHandler` with their own clients.
 */
import { FirehoseClient } from "@aws-sdk/client-firehose";
import { SQSClient } from "@aws-sdk/client-sqs";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { createHandler, type InvocationContext } from "./handler";

export { chunkRecords, FIREHOSE_LIMITS } from "./batching";
export { toEnvelope } from "./envelope";
export { createHandler };

function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`environment variable ${name} is not set`);
  return value;
}

let configured: ReturnType<typeof createHandler> | undefined;

export async function handler(
  event: DynamoDBStreamEvent,
  context: InvocationContext,
): Promise<DynamoDBBatchResponse> {
  configured ??= createHandler({
    // The handler retries failed records itself (only those), so the SDK does not retry on top.
    firehose: new FirehoseClient({ maxAttempts: 1 }),
    sqs: new SQSClient({}),
    deliveryStreamName: requiredEnv("DELIVERY_STREAM_NAME"),
    failureQueueUrl: requiredEnv("FAILURE_QUEUE_URL"),
  });
  return configured(event, context);
}
