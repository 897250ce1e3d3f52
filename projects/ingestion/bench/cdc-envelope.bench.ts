/**
 * Envelope + batching throughput of the CDC handler, in-process: 100,000 Lambda-shaped stream
 * records -> envelopes -> JSON lines -> PutRecordBatch chunks, against a bare JSON.stringify of
 * the same records. Run: pnpm --filter @lakehouse/ingestion bench
 */
import { availableParallelism, loadavg } from "node:os";
import { performance } from "node:perf_hooks";
import { chunkRecords } from "../functions/cdc-handler/batching";
import type { StreamRecord } from "../functions/cdc-handler/envelope";
import { prepareRecords } from "../functions/cdc-handler/handler";

const COUNT = 100_000;
const ROUNDS = 5;
const TARGET = 200_000;
const ARN =
  "arn:aws:dynamodb:eu-west-1:123456789012:table/lakehouse-dev-orders/stream/2026-01-01T00:00:00.000";

function makeRecord(i: number): StreamRecord {
  const ops = ["INSERT", "MODIFY", "REMOVE"] as const;
  const op = ops[i % 3] as string;
  const image = (version: number) => ({
    pk: { S: `order#${i}` },
    sk: { S: "v0" },
    status: { S: version === 0 ? "NEW" : "PAID" },
    total: { N: String((i % 997) + 0.99) },
    currency: { S: "EUR" },
    customer: { M: { id: { S: `cust#${i % 5000}` }, tier: { S: "gold" } } },
    lines: { L: [{ M: { sku: { S: `SKU-${i % 300}` }, qty: { N: String((i % 5) + 1) } } }] },
    tags: { SS: ["web", "promo"] },
    updatedAt: { N: String(1767225600 + i) },
  });
  return {
    eventID: `evt-${i}`,
    eventName: op,
    eventSourceARN: ARN,
    dynamodb: {
      ApproximateCreationDateTime: 1767225600 + i,
      Keys: { pk: { S: `order#${i}` }, sk: { S: "v0" } },
      ...(op !== "INSERT" ? { OldImage: image(0) } : {}),
      ...(op !== "REMOVE" ? { NewImage: image(1) } : {}),
      SequenceNumber: String(100000000000000000000n + BigInt(i)),
      SizeBytes: 300,
    },
  };
}

const records = Array.from({ length: COUNT }, (_, i) => makeRecord(i));

function envelopesAndBatches(): number {
  const { good } = prepareRecords(records, new Date().toISOString());
  return chunkRecords(good).length;
}

function bareStringify(): number {
  let bytes = 0;
  for (let i = 0; i < records.length; i++) bytes += JSON.stringify(records[i]).length;
  return bytes;
}

interface Rate {
  /** Records per second of wall-clock time. */
  wall: number;
  /** Records per second of this process's CPU time: what the code costs on a shared, busy machine. */
  cpu: number;
}

/** Best of ROUNDS after a warm-up round: the steady-state rate a warm Lambda sees. */
function rate(fn: () => number): Rate {
  fn();
  let wall = Number.POSITIVE_INFINITY;
  let cpu = Number.POSITIVE_INFINITY;
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    fn();
    const used = process.cpuUsage(startCpu);
    wall = Math.min(wall, performance.now() - start);
    cpu = Math.min(cpu, (used.user + used.system) / 1000);
  }
  return { wall: COUNT / (wall / 1000), cpu: COUNT / (cpu / 1000) };
}

const chunks = envelopesAndBatches();
const handler = rate(envelopesAndBatches);
const stringify = rate(bareStringify);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US").padStart(11);
console.log(`records: ${COUNT.toLocaleString("en-US")} (${chunks} PutRecordBatch requests)`);
console.log("                                   wall clock     CPU time   (records/s)");
console.log(`envelopes + batching:           ${fmt(handler.wall)}  ${fmt(handler.cpu)}`);
console.log(`bare JSON.stringify of records: ${fmt(stringify.wall)}  ${fmt(stringify.cpu)}`);
console.log(
  `ratio (handler / stringify):    ${(handler.wall / stringify.wall).toFixed(2).padStart(11)}  ${(handler.cpu / stringify.cpu).toFixed(2).padStart(11)}`,
);
console.log(
  `target ${TARGET.toLocaleString("en-US")} records/s (wall clock): ${handler.wall >= TARGET ? "met" : "NOT met"}`,
);
// Absolute rates depend on the machine and its load; the ratio to JSON.stringify much less so.
console.log(`load average ${loadavg()[0]?.toFixed(2)} on ${availableParallelism()} cores`);
