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
 * `lakehouse data backfill` and `lakehouse data replay` runs, on the producers' files and the SQL
 * the plan ships (the refine SQL, the replay query): after a bad deploy damaged a table, a
 * backfill of the damaged days and a replay of the change log give back, byte for byte, the
 * table the incremental runs had built; neither moves the job bookmark, so the next scheduled run
 * reads only what arrived since.
 */
const dir = mkdtempSync(join(tmpdir(), "pipeline-backfill-replay-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const plans: Partial<Record<Stack, StackPlan>> = {};
beforeAll(async () => {
  for (const stack of ["dev", "prod"] as const) plans[stack] = await StackPlan.load(stack);
}, 120_000);

/** The table's rows in key order as Parquet bytes, hashed: equal hashes are byte-identical content. */
async function digest(lake: LocalLake, table: string, orderBy: string, name: string): Promise<string> {
  const file = join(dir, `${name}.parquet`);
  await lake.run(`COPY (SELECT * FROM ${table} ORDER BY ${orderBy}) TO '${file}' (FORMAT parquet)`);
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

const event = (id: string, type: string, at: string, page = "/"): ClientEvent => ({
  event_id: id,
  event_type: type,
  event_time: at,
  user_id: `u-${id}`,
  session_id: "s-1",
  platform: "web",
  app_version: "1.4.0",
  page,
  properties: { step: "1" },
});

describe.each(["dev", "prod"] as const)("backfill and replay (%s plan)", (stack: Stack) => {
  it("a backfill of the damaged days rebuilds them from raw as the scheduled runs had, leaving other days and the bookmark", async () => {
    const plan = plans[stack] as StackPlan;
    const lake = await LocalLake.open(join(dir, `${stack}-events`));
    const glue = new LocalGlue(lake, plan);
    const table = `"${plan.outputs("lake-storage").refinedDatabaseName}"."client_events"`;
    const deliver = (events: ClientEvent[], at: string) =>
      deliverEvents(
        lake,
        plan,
        events.map((e) => JSON.stringify(e)),
        new Date(at),
      );
    await deliver(
      [event("e1", "page_view", "2026-01-05T10:00:00Z"), event("e2", "purchase", "2026-01-05T11:00:00Z")],
      "2026-01-05T12:00:00Z",
    );
    await glue.refine("refine-events", "refined-events");
    // A late event of Sunday, one of Monday redelivered with a later time, one of Tuesday.
    await deliver(
      [
        event("e0", "sign_up", "2026-01-04T18:00:00Z"),
        event("e2", "purchase", "2026-01-05T11:30:00Z", "/checkout"),
        event("e4", "page_view", "2026-01-06T00:00:05Z"),
      ],
      "2026-01-06T00:10:00Z",
    );
    await glue.refine("refine-events", "refined-events");
    const built = await digest(lake, table, "event_id", `${stack}-events-built`);

    // A bad deploy: Sunday lost, Monday's rows rewritten, and a row Tuesday should keep.
    await lake.run(`DELETE FROM ${table} WHERE event_date = DATE '2026-01-04'`);
    await lake.run(`UPDATE ${table} SET page = 'broken' WHERE event_date = DATE '2026-01-05'`);
    await lake.run(`UPDATE ${table} SET page = 'kept' WHERE event_date = DATE '2026-01-06'`);
    // ... and a row no raw file holds: a rebuilt day keeps only what raw says.
    await lake.run(
      `INSERT INTO ${table} SELECT * REPLACE ('junk' AS event_id) FROM ${table} WHERE event_id = 'e1'`,
    );

    const read = await glue.refine("refine-events", "refined-events", {
      backfill: { from: "2026-01-04", to: "2026-01-05" },
    });
    expect(read.length).toBeGreaterThanOrEqual(2); // every raw file, not only unseen ones
    expect(await lake.rows(`SELECT event_id, page FROM ${table} ORDER BY event_id`)).toEqual([
      { event_id: "e0", page: "/" },
      { event_id: "e1", page: "/" },
      { event_id: "e2", page: "/checkout" },
      { event_id: "e4", page: "kept" }, // outside the range: not written
    ]);
    await lake.run(`UPDATE ${table} SET page = '/' WHERE event_date = DATE '2026-01-06'`);
    expect(await digest(lake, table, "event_id", `${stack}-events-backfilled`)).toBe(built);

    // The bookmark did not move: the next scheduled run reads only Wednesday's delivery.
    await deliver([event("e5", "page_view", "2026-01-07T09:00:00Z")], "2026-01-07T09:10:00Z");
    const next = await glue.refine("refine-events", "refined-events");
    expect(next).toHaveLength(1);
    expect(next[0]).toMatch(/event_date=2026-01-07\//);
  });

  it("a replay of the customers change log rebuilds the current table the incremental merges built, tombstones included", async () => {
    const plan = plans[stack] as StackPlan;
    const cdcDb = plan.outputs("lake-storage").cdcDatabaseName;
    const table = `"${cdcDb}"."customers"`;
    const start = new Date("2026-03-01T00:00:00Z");
    const at = (s: number) => new Date(start.getTime() + s * 1000);
    const day1: Transaction[] = [
      { commitTime: at(60), changes: [{ op: "U", row: customerRow(1, "AT", at(60)) }] },
      { commitTime: at(90), changes: [{ op: "D", row: { customer_id: 2 } }] },
      {
        commitTime: at(120),
        changes: [
          { op: "I", row: customerRow(5, "ES", at(120)) },
          { op: "U", row: customerRow(5, "PT", at(120), "five@example.com") },
        ],
      },
    ];
    const day2: Transaction[] = [
      { commitTime: at(86_400), changes: [{ op: "D", row: { customer_id: 5 } }] },
      { commitTime: at(86_460), changes: [{ op: "I", row: customerRow(2, "FR", at(86_460)) }] },
      { commitTime: at(86_520), changes: [{ op: "U", row: customerRow(3, "IT", at(86_520)) }] },
    ];
    const lake = await LocalLake.open(join(dir, `${stack}-customers`));
    const glue = new LocalGlue(lake, plan);
    const history = (h: Partial<SourceHistory>): SourceHistory => ({
      table: customersTable,
      initialRows: [],
      taskStart: start,
      loadSeconds: 0,
      transactions: [],
      ...h,
    });
    await replicateAurora(
      glue,
      plan,
      history({
        initialRows: [1, 2, 3, 4].map((id) => customerRow(id, "DE", at(-86_400))),
        loadSeconds: 10,
        transactions: day1,
      }),
    );
    await glue.merge(at(300));
    // A resumed task delivers day 1 again (at least once) with day 2.
    await replicateAurora(glue, plan, history({ taskStart: at(86_000), transactions: [...day1, ...day2] }));
    await glue.merge(at(86_600));
    const built = await digest(lake, table, "customer_id", `${stack}-customers-built`);
    expect(
      await lake.rows(`SELECT customer_id, country, _cdc_deleted FROM ${table} ORDER BY customer_id`),
    ).toEqual([
      { customer_id: "1", country: "AT", _cdc_deleted: false },
      { customer_id: "2", country: "FR", _cdc_deleted: false },
      { customer_id: "3", country: "IT", _cdc_deleted: false },
      { customer_id: "4", country: "DE", _cdc_deleted: false },
      { customer_id: "5", country: null, _cdc_deleted: true },
    ]);

    // A bad deploy: emails overwritten, a customer gone, a deleted one brought back.
    await lake.run(`UPDATE ${table} SET email = 'corrupted'`);
    await lake.run(`DELETE FROM ${table} WHERE customer_id = 1`);
    await lake.run(`UPDATE ${table} SET _cdc_deleted = false WHERE customer_id = 5`);

    const read = await glue.replay("customers");
    expect(read.length).toBeGreaterThanOrEqual(3); // the full load and both deliveries
    expect(await digest(lake, table, "customer_id", `${stack}-customers-replayed`)).toBe(built);

    // The bookmark did not move: the next scheduled merge reads only the change written since.
    await replicateAurora(
      glue,
      plan,
      history({
        taskStart: at(172_800),
        transactions: [
          { commitTime: at(172_800), changes: [{ op: "U", row: customerRow(4, "NL", at(172_800)) }] },
        ],
      }),
    );
    const next = await glue.merge(at(172_900));
    expect(next.customers).toHaveLength(1);
    expect(await lake.rows(`SELECT country FROM ${table} WHERE customer_id = 4`)).toEqual([
      { country: "NL" },
    ]);
  });
});
