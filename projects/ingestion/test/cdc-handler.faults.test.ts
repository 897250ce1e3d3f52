import type { PutRecordBatchCommand, PutRecordBatchCommandOutput } from "@aws-sdk/client-firehose";
import type { SendMessageCommand, SendMessageCommandOutput } from "@aws-sdk/client-sqs";
import { describe, expect, it } from "vitest";
import { chunkRecords, FIREHOSE_LIMITS } from "../functions/cdc-handler/batching";
import type { StreamRecord } from "../functions/cdc-handler/envelope";
import { createHandler } from "../functions/cdc-handler/handler";

// Fault injection: a scripted Firehose client decides, per call, which records fail. Every
// record carries a unique id so the tests can count what landed, and how often.

const ARN = "arn:aws:dynamodb:eu-west-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000";

function record(i: number, payload = ""): StreamRecord {
  return {
    eventID: `e${i}`,
    eventName: "INSERT",
    eventSourceARN: ARN,
    dynamodb: {
      ApproximateCreationDateTime: 1767225600 + i,
      Keys: { pk: { S: `id-${i}` } },
      NewImage: {
        pk: { S: `id-${i}` },
        n: { N: String(i) },
        ...(payload ? { payload: { S: payload } } : {}),
      },
      SequenceNumber: String(1000 + i),
    },
  };
}
const records = (n: number, payload = "") => Array.from({ length: n }, (_, i) => record(i, payload));

type Outcome = "ok" | string; // string = record ErrorCode
interface Call {
  ids: string[];
  bytes: number;
}

/** Firehose fake: `script(callIndex, ids)` returns an outcome per record, or throws. */
function fakeFirehose(script: (call: number, ids: string[]) => Outcome[]) {
  const calls: Call[] = [];
  const landed: string[] = [];
  const client = {
    async send(command: PutRecordBatchCommand): Promise<PutRecordBatchCommandOutput> {
      const data = command.input.Records ?? [];
      const ids = data.map(
        (r) => JSON.parse(Buffer.from(r.Data as Uint8Array).toString("utf8")).keys.pk as string,
      );
      calls.push({ ids, bytes: data.reduce((sum, r) => sum + (r.Data as Uint8Array).byteLength, 0) });
      const outcomes = script(calls.length - 1, ids);
      outcomes.forEach((o, i) => {
        if (o === "ok") landed.push(ids[i] as string);
      });
      return {
        $metadata: {},
        FailedPutCount: outcomes.filter((o) => o !== "ok").length,
        Encrypted: true,
        RequestResponses: outcomes.map((o) =>
          o === "ok" ? { RecordId: "r" } : { ErrorCode: o, ErrorMessage: "injected" },
        ),
      };
    },
  };
  return { client, calls, landed };
}

function fakeQueue(fail = false) {
  const messages: Record<string, unknown>[] = [];
  return {
    messages,
    client: {
      async send(command: SendMessageCommand): Promise<SendMessageCommandOutput> {
        if (fail) throw Object.assign(new Error("queue down"), { name: "ServiceUnavailable" });
        messages.push(JSON.parse(command.input.MessageBody ?? "{}"));
        return { $metadata: {}, MessageId: String(messages.length) };
      },
    },
  };
}

function throttle(): never {
  throw Object.assign(new Error("Rate exceeded"), {
    name: "ThrottlingException",
    $metadata: { httpStatusCode: 400 },
  });
}

function setup(
  script: (call: number, ids: string[]) => Outcome[],
  opts: { queueFails?: boolean; remainingMs?: number } = {},
) {
  const firehose = fakeFirehose(script);
  const queue = fakeQueue(opts.queueFails);
  const sleeps: number[] = [];
  const handler = createHandler({
    firehose: firehose.client,
    sqs: queue.client,
    deliveryStreamName: "cdc",
    failureQueueUrl: "https://sqs.eu-west-1.amazonaws.com/123456789012/cdc-failures",
    now: () => new Date("2026-01-01T00:00:00Z"),
    log: () => {},
    retry: {
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      random: () => 0.999,
      ...(opts.remainingMs !== undefined
        ? { canWait: (ms: number) => (opts.remainingMs ?? 0) - ms > 2_000 }
        : {}),
    },
  });
  return { handler, firehose, queue, sleeps };
}

const allOk = (_call: number, ids: string[]) => ids.map(() => "ok");

describe("CDC handler under Firehose faults", () => {
  it("retries only the records Firehose rejected, with growing backoff, and loses none", async () => {
    const rejected = [new Set(["id-0", "id-3", "id-6", "id-9"]), new Set(["id-0", "id-6"])];
    const { handler, firehose, sleeps } = setup((call, ids) =>
      ids.map((id) =>
        rejected[call]?.has(id) ? (call === 0 ? "ServiceUnavailableException" : "InternalFailure") : "ok",
      ),
    );
    const response = await handler({ Records: records(10) });
    expect(response.batchItemFailures).toEqual([]);
    expect(firehose.calls.map((c) => c.ids.length)).toEqual([10, 4, 2]);
    // The second call carries exactly the four rejected records, the third the two rejected again.
    expect(firehose.calls[1]?.ids).toEqual(["id-0", "id-3", "id-6", "id-9"]);
    expect(firehose.calls[2]?.ids).toEqual(["id-0", "id-6"]);
    expect([...firehose.landed].sort()).toEqual(
      records(10)
        .map((r) => `id-${r.dynamodb?.NewImage?.n?.N}`)
        .sort(),
    );
    expect(new Set(firehose.landed).size).toBe(10);
    expect(sleeps).toEqual([99, 199]);
  });

  it("backs off on a throttled call and then delivers the whole chunk once", async () => {
    const { handler, firehose, sleeps } = setup((call, ids) => (call < 3 ? throttle() : ids.map(() => "ok")));
    const response = await handler({ Records: records(5) });
    expect(response.batchItemFailures).toEqual([]);
    expect(firehose.calls).toHaveLength(4);
    expect(sleeps).toEqual([99, 199, 399]);
    expect(firehose.landed).toEqual(["id-0", "id-1", "id-2", "id-3", "id-4"]);
  });

  it("reports the first undelivered record and everything after it; Lambda's retry completes the batch", async () => {
    // Record 3 never gets through in this invocation: 6 attempts, then give up.
    const batch = records(8);
    const first = setup((_call, ids) =>
      ids.map((id) => (id === "id-3" ? "ServiceUnavailableException" : "ok")),
    );
    const response = await first.handler({ Records: batch });
    expect(first.firehose.calls).toHaveLength(6);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([
      "1003",
      "1004",
      "1005",
      "1006",
      "1007",
    ]);

    // Lambda re-invokes from the lowest reported sequence number; Firehose has recovered.
    const from = batch.findIndex(
      (r) => r.dynamodb?.SequenceNumber === response.batchItemFailures[0]?.itemIdentifier,
    );
    const retry = setup(allOk);
    const second = await retry.handler({ Records: batch.slice(from) });
    expect(second.batchItemFailures).toEqual([]);

    const landed = [...first.firehose.landed, ...retry.firehose.landed];
    expect(new Set(landed)).toEqual(new Set(batch.map((_, i) => `id-${i}`)));
    // The only duplicates are the records after the failed one in the same request: exactly what
    // Lambda's retry from the reported position implies (envelopes carry the sequence to dedupe).
    const duplicates = landed.filter((id, i) => landed.indexOf(id) !== i);
    expect(duplicates).toEqual(["id-4", "id-5", "id-6", "id-7"]);
  });

  it("does not send later chunks once a chunk has undelivered records", async () => {
    const batch = records(1200);
    const { handler, firehose } = setup((_call, ids) =>
      ids.map((id) => (id === "id-10" ? "ServiceUnavailableException" : "ok")),
    );
    const response = await handler({ Records: batch });
    expect(firehose.calls.every((c) => c.ids.includes("id-10"))).toBe(true);
    expect(firehose.landed).not.toContain("id-500");
    expect(response.batchItemFailures[0]?.itemIdentifier).toBe("1010");
    expect(response.batchItemFailures).toHaveLength(1190);
  });

  it("gives up without retrying when the stream does not exist, reporting the whole batch", async () => {
    const { handler, firehose } = setup(() => {
      throw Object.assign(new Error("not found"), {
        name: "ResourceNotFoundException",
        $metadata: { httpStatusCode: 400 },
      });
    });
    const response = await handler({ Records: records(3) });
    expect(firehose.calls).toHaveLength(1);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["1000", "1001", "1002"]);
  });

  it("stops retrying when the invocation is about to time out", async () => {
    const { handler, firehose } = setup((_c, ids) => ids.map(() => "ServiceUnavailableException"), {
      remainingMs: 2_050,
    });
    const response = await handler({ Records: records(2) }, { getRemainingTimeInMillis: () => 2_050 });
    expect(firehose.calls).toHaveLength(1);
    expect(response.batchItemFailures).toHaveLength(2);
  });

  it("parks an oversized record with its reason and delivers the rest of the batch", async () => {
    const batch = [record(0), record(1, "x".repeat(FIREHOSE_LIMITS.maxRecordBytes)), record(2)];
    const { handler, firehose, queue } = setup(allOk);
    const response = await handler({ Records: batch });
    expect(response.batchItemFailures).toEqual([]);
    expect(firehose.landed).toEqual(["id-0", "id-2"]);
    expect(queue.messages).toHaveLength(1);
    expect(queue.messages[0]).toMatchObject({
      reason: "oversized",
      table: "orders",
      sequence: "1001",
      keys: { pk: "id-1" },
      record: null,
    });
    expect(String(queue.messages[0]?.detail)).toMatch(/Firehose accepts at most 1024000/);
  });

  it("retries a poison record when the on-failure queue cannot take it (nothing is dropped)", async () => {
    const batch = [
      record(0),
      { ...record(1), dynamodb: { ...record(1).dynamodb, Keys: undefined } },
      record(2),
    ];
    const { handler, firehose } = setup(allOk, { queueFails: true });
    const response = await handler({ Records: batch });
    expect(firehose.landed).toEqual(["id-0", "id-2"]);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(["1001", "1002"]);
  });
});

describe("PutRecordBatch chunking", () => {
  const encoded = (sizes: number[]) =>
    sizes.map((size, position) => ({ position, data: new Uint8Array(size) }));

  it("keeps at most 500 records per request, in order", () => {
    const chunks = chunkRecords(encoded(Array(1201).fill(100)));
    expect(chunks.map((c) => c.length)).toEqual([500, 500, 201]);
    expect(chunks.flat().map((r) => r.position)).toEqual([...Array(1201).keys()]);
  });

  it("keeps each request within 4 MiB", () => {
    const chunks = chunkRecords(encoded(Array(20).fill(900 * 1024)));
    for (const chunk of chunks) {
      expect(chunk.reduce((s, r) => s + r.data.byteLength, 0)).toBeLessThanOrEqual(4 * 1024 * 1024);
    }
    expect(chunks.map((c) => c.length)).toEqual([4, 4, 4, 4, 4]);
  });

  it("refuses a record over 1,000 KiB (those are parked, never sent)", () => {
    expect(() => chunkRecords(encoded([10, 1000 * 1024 + 1]))).toThrow(/position 1 .* over 1024000/);
  });
});
