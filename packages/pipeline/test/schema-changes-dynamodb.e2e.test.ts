import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Moto, startMoto } from "@lakehouse/ingestion/test/support/moto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoDbSource } from "../src/dynamodb";
import { LocalGlue } from "../src/glue-runner";
import { LocalLake } from "../src/local-lake";
import { StackPlan } from "../src/plan";

const dir = mkdtempSync(join(tmpdir(), "pipeline-schema-ddb-"));
let moto: Moto;
beforeAll(async () => {
  moto = await startMoto();
}, 60_000);
afterAll(async () => {
  await moto?.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe("DynamoDB -> CDC handler -> Firehose: a new attribute (dev stack)", () => {
  it("lands in raw in the change's image, is reported by the merge, and the order merges", async () => {
    const plan = await StackPlan.load("dev");
    const lake = await LocalLake.open(join(dir, "dev"));
    const glue = new LocalGlue(lake, plan);
    const source = new DynamoDbSource(moto, plan);
    await source.create();
    await source.write([
      {
        put: {
          pk: "o1",
          sk: "ORDER",
          customer_id: "c1",
          status: "NEW",
          total_amount: 10,
          currency: "EUR",
          created_at: "2026-03-01T10:00:00Z",
          updated_at: "2026-03-01T10:00:00Z",
          gift_wrap: "yes",
        },
      },
    ]);
    await source.deliver(await source.streamRecords());
    await source.landIn(lake);
    await glue.merge(new Date("2026-03-01T13:00:00Z"));
    // Only the new attribute: every envelope field and both images' key attributes are declared.
    const reported = glue.schemaReports.flatMap((r) => r.undeclared);
    expect(reported).toEqual(["after.gift_wrap (string)"]);
    const cdcDb = plan.outputs("lake-storage").cdcDatabaseName;
    expect(await lake.rows(`SELECT order_id, status FROM "${cdcDb}"."orders"`)).toEqual([
      { order_id: "o1", status: "NEW" },
    ]);
  }, 120_000);
});
