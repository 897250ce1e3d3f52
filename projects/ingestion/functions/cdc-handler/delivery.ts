import type { PutRecordBatchCommandOutput } from "@aws-sdk/client-firehose";
import { PutRecordBatchCommand } from "@aws-sdk/client-firehose";
import type { EncodedRecord } from "./batching";

/** What the handler needs of a Firehose client (the SDK client, or a fake in tests). */
export interface FirehoseSender {
  send(command: PutRecordBatchCommand): Promise<PutRecordBatchCommandOutput>;
}

export interface RetryPolicy {
  /** Attempts per chunk, the first included. */
  maxAttempts: number;
  /** First backoff ceiling; doubles per attempt (full jitter). */
  baseDelayMs: number;
  maxDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  /** Uniform in [0, 1): the jitter source. */
  random: () => number;
  /** Whether there is time left to wait `ms` and try again (Lambda's remaining time). */
  canWait: (ms: number) => boolean;
}

export const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 6,
  baseDelayMs: 100,
  maxDelayMs: 5_000,
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: Math.random,
  canWait: () => true,
};

export interface ChunkResult {
  /** Records that were still not accepted after the last attempt, in order. */
  failed: EncodedRecord[];
  /** The last error seen per failed record position. */
  errors: Map<number, string>;
  attempts: number;
}

const RETRYABLE_NAMES = new Set([
  "ServiceUnavailableException",
  "ThrottlingException",
  "LimitExceededException",
  "InternalFailure",
  "InternalFailureException",
  "RequestTimeout",
  "RequestTimeoutException",
  "TimeoutError",
]);

/** Throttling, 5xx and network failures are worth retrying; a 4xx (missing stream, access denied) is not. */
export function isRetryable(error: unknown): boolean {
  const e = error as { name?: string; $retryable?: unknown; $metadata?: { httpStatusCode?: number } };
  if (e?.$retryable) return true;
  if (e?.name && RETRYABLE_NAMES.has(e.name)) return true;
  const status = e?.$metadata?.httpStatusCode;
  if (status === undefined) return true; // no response at all: connection reset, DNS, socket timeout
  return status === 429 || status >= 500;
}

function errorName(error: unknown): string {
  const e = error as { name?: string; message?: string };
  return `${e?.name ?? "Error"}: ${e?.message ?? String(error)}`;
}

/**
 * Sends one chunk, retrying only the records Firehose did not accept (or the whole chunk when
 * the call itself was throttled or failed transiently), with exponential backoff and full jitter.
 */
export async function deliverChunk(
  client: FirehoseSender,
  deliveryStreamName: string,
  chunk: EncodedRecord[],
  policy: RetryPolicy,
): Promise<ChunkResult> {
  let pending = chunk;
  const errors = new Map<number, string>();
  let attempts = 0;
  while (pending.length > 0) {
    attempts++;
    try {
      const response = await client.send(
        new PutRecordBatchCommand({
          DeliveryStreamName: deliveryStreamName,
          Records: pending.map((r) => ({ Data: r.data })),
        }),
      );
      const results = response.RequestResponses ?? [];
      if ((response.FailedPutCount ?? 0) === 0 && results.every((r) => !r.ErrorCode)) {
        pending = [];
        break;
      }
      const next: EncodedRecord[] = [];
      pending.forEach((record, i) => {
        const result = results[i];
        // A missing entry means Firehose did not answer for it: treat it as not delivered.
        if (!result || result.ErrorCode) {
          errors.set(record.position, `${result?.ErrorCode ?? "NoResponse"}: ${result?.ErrorMessage ?? ""}`);
          next.push(record);
        } else {
          errors.delete(record.position);
        }
      });
      pending = next;
    } catch (error) {
      for (const record of pending) errors.set(record.position, errorName(error));
      if (!isRetryable(error)) break;
    }
    if (pending.length === 0 || attempts >= policy.maxAttempts) break;
    const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - 1));
    const delay = Math.floor(policy.random() * ceiling);
    if (!policy.canWait(delay)) break;
    await policy.sleep(delay);
  }
  const failed = pending;
  for (const position of [...errors.keys()]) {
    if (!failed.some((r) => r.position === position)) errors.delete(position);
  }
  return { failed, errors, attempts };
}
