import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Moto, startMoto } from "@lakehouse/ingestion/test/support/moto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbSource } from "../src/dynamodb";
import { LocalGlue } from "../src/glue-runner";
import { LocalLake } from "../src/local-lake";
import { orderWrites } from "../src/orders";
import { StackPlan } from "../src/plan";
import { runReport } from "../src/reports";

const dir = mkdtempSync(join(tmpdir(), "pipeline-dynamodb-"));
let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
}, 60_000);
afterAll(async () => {
  await moto?.stop();
  rmSync(dir, { recursive: true, force: true });
});

// Plans first (minutes on a busy machine), so no test's timeout includes them.
beforeAll(() => Promise.all((["dev", "prod", "dev-hash-key-only"] as const).map((v) => StackPlan.load(v))));

describe.each(["dev", "prod", "dev-hash-key-only"] as const)(
  "DynamoDB -> Streams -> CDC handler -> Firehose -> orders MERGE -> reports (%s stack)",
  (stack) => {
    it("ends in the table's current state, line items keyed apart from their order, deletes surviving a late replay", async () => {
      const plan = await StackPlan.load(stack);
      const lake = await LocalLake.open(join(dir, stack));
      const glue = new LocalGlue(lake, plan);
      const source = new DynamoDbSource(moto, plan);
      await source.create();
      const table = plan.inputs("ingestion", "aws:dynamodb/table:Table", "source");
      // Both stacks declare a sort key (line items share their order's id); the variant has none.
      expect(table.rangeKey).toBe(stack === "dev-hash-key-only" ? undefined : "sk");
      const sortKey = table.rangeKey !== undefined;

      await source.write(orderWrites(table.hashKey, table.rangeKey));
      const records = await source.streamRecords();
      await source.deliver(records);
      await source.landIn(lake);
      const first = await glue.merge(new Date("2026-03-01T13:00:00Z"));
      expect(first.orders?.length).toBeGreaterThan(0);

      // Lambda retries the first five records (at-least-once): the replay lands in a later run.
      await source.deliver(records.slice(0, 5));
      await source.landIn(lake);
      const second = await glue.merge(new Date("2026-03-01T14:00:00Z"));
      expect(second.orders).toHaveLength(1);

      const cdcDb = plan.outputs("lake-storage").cdcDatabaseName;
      expect(
        await lake.rows(
          `SELECT order_id, item_key, status, CAST(total_amount AS VARCHAR) AS total, _cdc_deleted AS deleted FROM "${cdcDb}"."orders" ORDER BY order_id, item_key`,
        ),
      ).toEqual(
        sortKey
          ? [
              { order_id: "o1", item_key: "LINE#1", status: null, total: null, deleted: true },
              { order_id: "o1", item_key: "LINE#2", status: null, total: "20.00", deleted: false },
              { order_id: "o1", item_key: "ORDER", status: "PAID", total: "30.00", deleted: false },
              { order_id: "o2", item_key: "ORDER", status: "SHIPPED", total: "12.50", deleted: false },
              { order_id: "o3", item_key: "ORDER", status: null, total: null, deleted: true },
            ]
          : [
              { order_id: "o1", item_key: "", status: "PAID", total: "30.00", deleted: false },
              { order_id: "o2", item_key: "", status: "SHIPPED", total: "12.50", deleted: false },
              { order_id: "o3", item_key: "", status: null, total: null, deleted: true },
            ],
      );

      expect(await runReport(lake, plan, "cdc_current_state_orders")).toEqual([
        { status: "PAID", entities: "1" },
        { status: "SHIPPED", entities: "1" },
        // the live line item (LINE#2) has no status: it is not an order, so no blank group
      ]);
      const volume = await runReport(lake, plan, "cdc_change_volume", ["2026-03-01", "2026-03-01"]);
      // Two commits. The first applies every write once: 5 puts (3 orders, 2 line items), 2 status
      // updates, 2 deletes (LINE#1, o3); without a sort key 3, 2 and 1. The replay run's five
      // changes are older than the stored ones: it counts none.
      expect(volume.filter((r) => r.source === "orders")).toEqual([
        {
          change_date: "2026-03-01",
          source: "orders",
          commits: "2",
          inserted_records: sortKey ? "5" : "3",
          updated_records: "2",
          deleted_records: sortKey ? "2" : "1",
        },
      ]);

      // lakehouse data replay --table orders, after a bad deploy emptied the table: the whole
      // change log (the late retry included) rebuilt into every column the merges had written.
      const state = `SELECT * FROM "${cdcDb}"."orders" ORDER BY order_id, item_key`;
      const merged = await lake.rows(state);
      await lake.run(`DELETE FROM "${cdcDb}"."orders" WHERE NOT _cdc_deleted`);
      await lake.run(`UPDATE "${cdcDb}"."orders" SET _cdc_deleted = false`);
      expect((await glue.replay("orders")).length).toBeGreaterThan(1);
      expect(await lake.rows(state)).toEqual(merged);
    });
  },
);
