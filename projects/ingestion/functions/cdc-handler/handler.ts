import { SendMessageCommand, type SendMessageCommandOutput } from "@aws-sdk/client-sqs";
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from "aws-lambda";
import { chunkRecords, type EncodedRecord, FIREHOSE_LIMITS } from "./batching";
import { DEFAULT_RETRY, deliverChunk, type FirehoseSender, type RetryPolicy } from "./delivery";
import {
  envelopeLine,
  imageToJson,
  type JsonObject,
  PoisonRecordError,
  type StreamRecord,
  tableFromArn,
} from "./envelope";

/** What the handler needs of an SQS client (the SDK client, or a fake in tests). */
export interface QueueSender {
  send(command: SendMessageCommand): Promise<SendMessageCommandOutput>;
}

export interface HandlerDeps {
  firehose: FirehoseSender;
  sqs: QueueSender;
  deliveryStreamName: string;
  /** The event source mapping's on-failure queue: poison records go there with their reason. */
  failureQueueUrl: string;
  retry?: Partial<RetryPolicy>;
  now?: () => Date;
  log?: (line: Record<string, unknown>) => void;
}

/** The slice of the Lambda context the handler uses. */
export interface InvocationContext {
  getRemainingTimeInMillis?: () => number;
}

/** What the on-failure queue receives for a record that can never be delivered. */
export interface PoisonMessage {
  reason: "unparseable" | "oversized";
  detail: string;
  table: string | null;
  eventID: string | null;
  sequence: string | null;
  eventSourceARN: string | null;
  /** The item's key, when it can be read: enough to re-read the item from the table. */
  keys: JsonObject | null;
  sizeBytes: number | null;
  /** The stream record itself when it fits in an SQS message; else only the fields above. */
  record: unknown;
}

/** SQS takes 256 KiB per message by default; leave room for the envelope around the record. */
const MAX_INLINE_RECORD_BYTES = 200 * 1024;
/** Stop retrying when less than this is left of the invocation, so the response still gets out. */
const TIME_MARGIN_MS = 2_000;

function safeStringify(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

export interface Poison {
  position: number;
  message: PoisonMessage;
}

function readableKeys(record: StreamRecord): JsonObject | null {
  try {
    return record?.dynamodb?.Keys ? imageToJson(record.dynamodb.Keys) : null;
  } catch {
    return null;
  }
}

function poisonMessage(
  record: StreamRecord,
  error: PoisonRecordError,
  sizeBytes: number | null,
): PoisonMessage {
  const raw = safeStringify(record);
  return {
    reason: error.reason,
    detail: error.message,
    table: tableFromArn(record?.eventSourceARN) ?? null,
    eventID: record?.eventID ?? null,
    sequence: record?.dynamodb?.SequenceNumber ?? null,
    eventSourceARN: record?.eventSourceARN ?? null,
    keys: readableKeys(record),
    sizeBytes,
    record: raw !== undefined && Buffer.byteLength(raw) <= MAX_INLINE_RECORD_BYTES ? record : null,
  };
}

/** Encoded records are views of shared slabs: one allocation per few thousand records. */
const SLAB_BYTES = 4 * 1024 * 1024;

/**
 * Stream records -> Firehose records (one JSON line each), in order, and the poison records
 * (unparseable, or over Firehose's per-record limit) with their reason.
 */
export function prepareRecords(
  records: StreamRecord[],
  ingestedAt: string,
): { good: EncodedRecord[]; poison: Poison[] } {
  const good: EncodedRecord[] = [];
  const poison: Poison[] = [];
  let slab = Buffer.allocUnsafe(0);
  let offset = 0;
  for (let position = 0; position < records.length; position++) {
    const record = records[position] as StreamRecord;
    try {
      const line = envelopeLine(record, ingestedAt);
      // UTF-8 needs at most 3 bytes per UTF-16 unit: make sure the line fits before writing.
      if (slab.length - offset < line.length * 3) {
        slab = Buffer.allocUnsafe(Math.max(SLAB_BYTES, line.length * 3));
        offset = 0;
      }
      const bytes = slab.write(line, offset, "utf8");
      if (bytes > FIREHOSE_LIMITS.maxRecordBytes) {
        const error = new PoisonRecordError(
          "oversized",
          `envelope is ${bytes} bytes; Firehose accepts at most ${FIREHOSE_LIMITS.maxRecordBytes}`,
        );
        poison.push({ position, message: poisonMessage(record, error, bytes) });
      } else {
        good.push({ position, data: slab.subarray(offset, offset + bytes) });
        offset += bytes;
      }
    } catch (error) {
      const poisonError =
        error instanceof PoisonRecordError ? error : new PoisonRecordError("unparseable", String(error));
      poison.push({ position, message: poisonMessage(record, poisonError, null) });
    }
  }
  return { good, poison };
}

/**
 * Builds the Lambda handler: stream records -> CDC envelopes (one JSON line each) -> Firehose
 * in PutRecordBatch chunks. Returns the records not delivered as `batchItemFailures` so that
 * Lambda retries from the first of them (ReportBatchItemFailures); records that can never be
 * delivered go to the on-failure queue with their reason and do not block the batch.
 */
export function createHandler(deps: HandlerDeps) {
  const now = deps.now ?? (() => new Date());
  const log = deps.log ?? ((line) => console.log(JSON.stringify(line)));

  return async function handler(
    event: DynamoDBStreamEvent | { Records: StreamRecord[] },
    context: InvocationContext = {},
  ): Promise<DynamoDBBatchResponse> {
    const records = (event.Records ?? []) as StreamRecord[];
    const ingestedAt = now().toISOString();
    const remaining = context.getRemainingTimeInMillis?.bind(context);
    const retry: RetryPolicy = {
      ...DEFAULT_RETRY,
      canWait: (ms) => remaining === undefined || remaining() - ms > TIME_MARGIN_MS,
      ...deps.retry,
    };

    const { good, poison } = prepareRecords(records, ingestedAt);

    // Deliver in order; after a chunk that still has undelivered records, stop: Lambda will
    // retry from the first of them, and anything sent after it would only be sent twice.
    let firstUndelivered = records.length;
    const errors = new Map<number, string>();
    let attempts = 0;
    for (const chunk of chunkRecords(good)) {
      const result = await deliverChunk(deps.firehose, deps.deliveryStreamName, chunk, retry);
      attempts += result.attempts;
      const first = result.failed[0];
      if (first) {
        firstUndelivered = first.position;
        for (const [position, message] of result.errors) errors.set(position, message);
        break;
      }
    }

    // Poison records before the first undelivered one are settled now; later ones are sent
    // when Lambda retries from that point, so a retry does not enqueue them twice.
    let poisoned = 0;
    for (const item of poison) {
      if (item.position >= firstUndelivered) break;
      try {
        await deps.sqs.send(
          new SendMessageCommand({
            QueueUrl: deps.failureQueueUrl,
            MessageBody: JSON.stringify(item.message),
            MessageAttributes: { reason: { DataType: "String", StringValue: item.message.reason } },
          }),
        );
        poisoned++;
      } catch (error) {
        // Not parked anywhere yet: it must be retried, like an undelivered record.
        errors.set(item.position, `on-failure queue: ${String(error)}`);
        firstUndelivered = item.position;
        break;
      }
    }

    const batchItemFailures = records
      .slice(firstUndelivered)
      .map((record) => ({ itemIdentifier: record?.dynamodb?.SequenceNumber ?? "" }));
    log({
      message: "cdc batch",
      records: records.length,
      delivered: good.filter((r) => r.position < firstUndelivered).length,
      poisoned,
      undelivered: batchItemFailures.length,
      firehoseCalls: attempts,
      ...(errors.size > 0 ? { firstError: errors.get(firstUndelivered) ?? [...errors.values()][0] } : {}),
    });
    return { batchItemFailures };
  };
}
