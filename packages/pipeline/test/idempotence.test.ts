import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ClientEvent } from "@lakehouse/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerRow, customersTable, replicateAurora } from "../src/aurora";
import type { SourceHistory, Transaction } from "../src/dms-s3-target";
import { deliverEvents } from "../src/firehose-events";
import { LocalGlue } from "../src/glue-runner";
import { LocalLake } from "../src/local-lake";
import { type Stack, StackPlan } from "../src/plan";

/**
 * Reruns and late data, on the producers' files and the shipped job SQL: the same input
 * processed twice (a rerun with nothing new, files delivered again) gives byte-identical refined
 * and current tables (each exported in key order as Parquet and hashed), and late or
 * out-of-order events land in the partition of their own event date, leaving the others as
 * they were. (A change replayed after its key's delete: customers-merge.test.ts.)
 */
const dir = mkdtempSync(join(tmpdir(), "pipeline-idempotence-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
beforeAll(() => Promise.all((["dev", "prod"] as const).map((v) => StackPlan.load(v))));

const event = (id: string, type: string, at: string): ClientEvent => ({
  event_id: id,
  event_type: type,
  event_time: at,
  user_id: `u-${id}`,
  session_id: "s-1",
  platform: "web",
  app_version: "1.4.0",
  page: "/",
  properties: { step: "1" },
});

/** The table's rows in key order as Parquet bytes, hashed: equal hashes are byte-identical content. */
async function digest(lake: LocalLake, table: string, orderBy: string, name: string): Promise<string> {
  const file = join(dir, `${name}.parquet`);
  await lake.run(`COPY (SELECT * FROM ${table} ORDER BY ${orderBy}) TO '${file}' (FORMAT parquet)`);
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

const monday = [
  event("e1", "page_view", "2026-01-05T10:00:00Z"),
  event("e2", "purchase", "2026-01-05T11:00:00Z"),
];
// Tuesday's buffer holds a late event of Sunday and events out of order across midnight.
const tuesday = [
  event("e4", "page_view", "2026-01-06T00:00:05Z"),
  event("e3", "page_view", "2026-01-05T23:59:58Z"),
  event("e0", "sign_up", "2026-01-04T18:00:00Z"),
];

describe.each(["dev", "prod"] as const)("reruns and late data (%s plan)", (stack: Stack) => {
  async function eventsLake(name: string) {
    const plan = await StackPlan.load(stack);
    const lake = await LocalLake.open(join(dir, `${stack}-${name}`));
    const glue = new LocalGlue(lake, plan);
    const deliver = (events: ClientEvent[], at: string) =>
      deliverEvents(
        lake,
        plan,
        events.map((e) => JSON.stringify(e)),
        new Date(at),
      );
    const table = `"${plan.outputs("lake-storage").refinedDatabaseName}"."client_events"`;
    return { lake, glue, deliver, table };
  }

  it("events: late and out-of-order events land in their event-date partition; a rerun and a redelivery change no byte", async () => {
    const once = await eventsLake("events-once");
    await once.deliver(monday, "2026-01-05T12:00:00Z");
    await once.glue.refine("refine-events", "refined-events");
    const mondayRows = await once.lake.rows(
      `SELECT event_id FROM ${once.table} WHERE event_date = DATE '2026-01-05' ORDER BY event_id`,
    );
    await once.deliver(tuesday, "2026-01-06T00:10:00Z");
    await once.glue.refine("refine-events", "refined-events");
    expect(
      await once.lake.rows(
        `SELECT event_id, CAST(event_date AS VARCHAR) AS d FROM ${once.table} ORDER BY d, event_id`,
      ),
    ).toEqual([
      { event_id: "e0", d: "2026-01-04" },
      { event_id: "e1", d: "2026-01-05" },
      { event_id: "e2", d: "2026-01-05" },
      { event_id: "e3", d: "2026-01-05" },
      { event_id: "e4", d: "2026-01-06" },
    ]);
    expect(mondayRows.map((r) => r.event_id)).toEqual(["e1", "e2"]);

    // The same input again: every run repeated, and Monday's records delivered a second time
    // (Firehose is at-least-once) in a later buffer.
    const twice = await eventsLake("events-twice");
    await twice.deliver(monday, "2026-01-05T12:00:00Z");
    await twice.glue.refine("refine-events", "refined-events");
    await twice.glue.refine("refine-events", "refined-events");
    await twice.deliver(tuesday, "2026-01-06T00:10:00Z");
    await twice.glue.refine("refine-events", "refined-events");
    await twice.deliver(monday, "2026-01-06T00:20:00Z");
    await twice.glue.refine("refine-events", "refined-events");
    expect(await digest(twice.lake, twice.table, "event_id", `${stack}-twice`)).toBe(
      await digest(once.lake, once.table, "event_id", `${stack}-once`),
    );
  });

  it("customers: a rerun and the same changes delivered again give a byte-identical current table", async () => {
    const plan = await StackPlan.load(stack);
    const start = new Date("2026-03-01T00:00:00Z");
    const at = (s: number) => new Date(start.getTime() + s * 1000);
    const changes: Transaction[] = [
      { commitTime: at(60), changes: [{ op: "U", row: customerRow(1, "AT", at(60)) }] },
      { commitTime: at(90), changes: [{ op: "D", row: { customer_id: 2 } }] },
      { commitTime: at(120), changes: [{ op: "I", row: customerRow(4, "ES", at(120)) }] },
    ];
    const history: SourceHistory = {
      table: customersTable,
      initialRows: [1, 2, 3].map((id) => customerRow(id, "DE", at(-86_400))),
      taskStart: start,
      loadSeconds: 10,
      transactions: changes,
    };
    const current = async (name: string, replayed: boolean) => {
      const lake = await LocalLake.open(join(dir, `${stack}-${name}`));
      const glue = new LocalGlue(lake, plan);
      await replicateAurora(glue, plan, history);
      await glue.merge(start);
      await glue.merge(start); // a rerun with no new file
      if (replayed) {
        // A resumed task writes the same changes again (DMS delivers at least once): merged again.
        await replicateAurora(glue, plan, {
          ...history,
          initialRows: [],
          loadSeconds: 0,
          taskStart: at(600),
        });
        await glue.merge(at(600));
      }
      const table = `"${plan.outputs("lake-storage").cdcDatabaseName}"."customers"`;
      return digest(lake, table, "customer_id", `${stack}-${name}`);
    };
    expect(await current("customers-replayed", true)).toBe(await current("customers-once", false));
  });
});
