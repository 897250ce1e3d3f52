import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Moto, startMoto } from "@lakehouse/ingestion/test/support/moto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbSource } from "../src/dynamodb";
import { deliverEvents, sampleEvents } from "../src/firehose-events";
import { DataQualityError, LocalGlue } from "../src/glue-runner";
import { LocalLake, sqlString } from "../src/local-lake";
import { orderWrites } from "../src/orders";
import { StackPlan } from "../src/plan";
import { QualityHistory } from "../src/quality";

const dir = mkdtempSync(join(tmpdir(), "pipeline-quality-"));
let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
}, 60_000);
afterAll(async () => {
  await moto?.stop();
  rmSync(dir, { recursive: true, force: true });
});
// Plans first (minutes on a busy machine), so no test's timeout includes them.
beforeAll(() => StackPlan.load("dev"));

const DAYS = ["2026-03-01", "2026-03-02"];
/** Shortly after the last sample event: the batch is fresh. */
const AFTER = new Date("2026-03-02T20:00:00Z");

/** The table's ruleset as the catalog resource holds it, and the text its job evaluates: one and the same. */
function ruleset(plan: StackPlan, dataset: string): string {
  const catalog = plan.inputs(
    "transformation",
    "aws:glue/dataQualityRuleset:DataQualityRuleset",
    `dq-${dataset.replace(/_/g, "-")}`,
  ).ruleset as string;
  return catalog;
}

describe("data quality: the shipped rulesets gate what the jobs publish (dev stack)", () => {
  it("a clean producer batch passes every rule and is published; the job evaluates the catalog's ruleset", async () => {
    const plan = await StackPlan.load("dev");
    const args = plan.jobArguments("refine-events");
    expect(plan.objectAt(args["--dq_ruleset_path"] as string)).toBe(ruleset(plan, "events"));
    const lake = await LocalLake.open(join(dir, "clean"));
    const glue = new LocalGlue(lake, plan);
    const events = sampleEvents(DAYS);
    await deliverEvents(
      lake,
      plan,
      events.map((e) => JSON.stringify(e)),
      new Date("2026-03-02T19:55:00Z"),
    );
    await glue.refine("refine-events", "refined-events", { now: AFTER });
    expect(glue.quality).toHaveLength(1);
    expect(glue.quality[0]?.outcomes.filter((o) => o.Outcome !== "Passed")).toEqual([]);
    const refined = plan.outputs("lake-storage").refinedDatabaseName;
    expect(await lake.count(`SELECT * FROM "${refined}"."client_events"`)).toBe(events.length);
  });

  it("a broken events batch (out-of-enum platform, NULL required session) is quarantined, not published, and read again next run", async () => {
    const plan = await StackPlan.load("dev");
    const lake = await LocalLake.open(join(dir, "broken-events"));
    const glue = new LocalGlue(lake, plan);
    // The producer's output, broken the way a faulty client release would break it.
    const records = sampleEvents(DAYS).map((e, i) => {
      const r: Record<string, unknown> = { ...e };
      if (i === 3) r.platform = "smart-fridge";
      if (i === 5) r.session_id = null;
      return JSON.stringify(r);
    });
    await deliverEvents(lake, plan, records, new Date("2026-03-02T19:55:00Z"));
    const run = glue.refine("refine-events", "refined-events", { now: AFTER });
    await expect(run).rejects.toThrow(DataQualityError);
    await expect(run).rejects.toThrow(
      /client_events batch failed 2 of \d+ rules of ruleset lakehouse-dev-events: .*IsComplete "session_id": Completeness [\d.]+: 1 NULL value\(s\); ColumnValues "platform" in \["web", "ios", "android"\]: values outside the list: smart-fridge \(1\)/,
    );

    const refined = plan.outputs("lake-storage").refinedDatabaseName;
    expect(await lake.count(`SELECT * FROM "${refined}"."client_events"`)).toBe(0);
    const bucket = plan.outputs("lake-storage").refinedBucketName;
    const quarantined = lake.list(bucket, "quarantine/client_events/");
    expect(quarantined).toEqual([
      "quarantine/client_events/jr_local_0001/_outcomes.json",
      "quarantine/client_events/jr_local_0001/part-0.parquet",
    ]);
    const parquet = sqlString(lake.path(bucket, quarantined[1] as string));
    // The whole batch, as it would have been published, is kept for inspection and replay.
    expect(await lake.count(`SELECT * FROM read_parquet(${parquet})`)).toBe(records.length);
    expect(
      await lake.rows(`SELECT event_id FROM read_parquet(${parquet}) WHERE platform = 'smart-fridge'`),
    ).toEqual([{ event_id: "2026-03-01-e3" }]);
    const outcomes = JSON.parse(readFileSync(lake.path(bucket, quarantined[0] as string), "utf8"));
    expect(outcomes.ruleset).toBe("lakehouse-dev-events");
    expect(outcomes.outcomes.filter((o: { Outcome: string }) => o.Outcome === "Failed")).toHaveLength(2);

    // No bookmark commit: the next run reads the same files, and fails the same way.
    await expect(glue.refine("refine-events", "refined-events", { now: AFTER })).rejects.toThrow(
      /session_id/,
    );
    expect(await lake.count(`SELECT * FROM "${refined}"."client_events"`)).toBe(0);
  });

  it("a broken orders batch (a status the service never writes) is not merged; readers see no part of it", async () => {
    const plan = await StackPlan.load("dev");
    const lake = await LocalLake.open(join(dir, "broken-orders"));
    const glue = new LocalGlue(lake, plan);
    const source = new DynamoDbSource(moto, plan);
    await source.create();
    const table = plan.inputs("ingestion", "aws:dynamodb/table:Table", "source");
    const writes = orderWrites(table.hashKey, table.rangeKey).map((w) =>
      "update" in w && w.update.set.status === "SHIPPED"
        ? { update: { ...w.update, set: { ...w.update.set, status: "LOST_IN_TRANSIT" } } }
        : w,
    );
    await source.write(writes);
    await source.deliver(await source.streamRecords());
    await source.landIn(lake);
    await expect(glue.merge(new Date("2026-03-01T13:00:00Z"))).rejects.toThrow(
      /the orders batch failed 1 of \d+ rules of ruleset lakehouse-dev-orders: ColumnValues "status" in \[.*\]: values outside the list: LOST_IN_TRANSIT \(1\)/,
    );
    const cdc = plan.outputs("lake-storage").cdcDatabaseName;
    expect(await lake.count(`SELECT * FROM "${cdc}"."orders"`)).toBe(0);
    const bucket = plan.outputs("lake-storage").refinedBucketName;
    const [parquet] = lake.list(bucket, "quarantine/orders/").filter((k) => k.endsWith(".parquet"));
    expect(
      await lake.rows(
        `SELECT order_id, status FROM read_parquet(${sqlString(lake.path(bucket, parquet as string))}) WHERE status = 'LOST_IN_TRANSIT'`,
      ),
    ).toEqual([{ order_id: "o2", status: "LOST_IN_TRANSIT" }]);
  });

  it("the evaluator catches a duplicate or NULL key and a row-count jump, from the plan's orders ruleset", async () => {
    const plan = await StackPlan.load("dev");
    const lake = await LocalLake.open(join(dir, "keys"));
    const dqdl = ruleset(plan, "orders");
    const quality = new QualityHistory();
    const batch = (rows: string[]) =>
      lake.run(
        `CREATE OR REPLACE TABLE batch AS SELECT * FROM (VALUES ${rows.join(", ")}) AS t(order_id, item_key, customer_id, status, total_amount, currency, created_at, updated_at)`,
      );
    const row = (id: string | null, item: string, updated = "2026-03-01 12:50:00") =>
      `(${id === null ? "NULL" : `'${id}'`}, '${item}', 'c1', 'NEW', 10.00, 'EUR', TIMESTAMP '2026-03-01 08:00:00', TIMESTAMP '${updated}')`;
    const failed = async (at: string) =>
      (await quality.evaluate(lake, "orders", dqdl, "batch", new Date(at)))
        .filter((o) => o.Outcome === "Failed")
        .map((o) => `${o.Rule.split(" ")[0]}: ${o.FailureReason}`);

    await batch([row("o1", "ORDER"), row("o2", "ORDER")]);
    expect(await failed("2026-03-01T13:00:00Z")).toEqual([]);
    await batch([row("o1", "ORDER"), row("o1", "ORDER"), row(null, "LINE#1")]);
    expect(await failed("2026-03-01T13:00:00Z")).toEqual([
      "IsPrimaryKey: 1 row(s) with a NULL key, 1 key(s) on more than one row",
    ]);
    // 30 rows against an average of 2.5: above the spec's 10x bound.
    await batch(Array.from({ length: 30 }, (_, i) => row(`o${i}`, "ORDER")));
    expect(await failed("2026-03-01T13:00:00Z")).toEqual([
      "RowCount: RowCount 30, expected < 25 (avg of the last 2 run(s) x 10)",
    ]);
    // A batch whose newest row is older than the target (dev: 120 minutes) fails freshness.
    await batch([row("o1", "ORDER", "2026-03-01 09:00:00"), row("o2", "ORDER", "2026-03-01 09:00:00")]);
    expect((await failed("2026-03-01T13:00:00Z")).map((f) => f.split(":")[0])).toEqual(["CustomSql"]);
  });
});
