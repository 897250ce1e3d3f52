import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersHistory, replicateAurora } from "../src/aurora";
import { LocalGlue } from "../src/glue-runner";
import { LocalLake } from "../src/local-lake";
import { type Stack, StackPlan } from "../src/plan";
import { runReport } from "../src/reports";

const dir = mkdtempSync(join(tmpdir(), "pipeline-aurora-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plans: Partial<Record<Stack, StackPlan>> = {};
beforeAll(async () => {
  for (const stack of ["dev", "prod"] as const) plans[stack] = await StackPlan.load(stack);
}, 120_000);

async function replicateAndMerge(stack: Stack, endpointOverrides = {}) {
  const plan = plans[stack] as StackPlan;
  const lake = await LocalLake.open(
    join(dir, `${stack}-${Object.keys(endpointOverrides).join("-") || "plan"}`),
  );
  const glue = new LocalGlue(lake, plan);
  const keys = await replicateAurora(glue, plan, customersHistory(), endpointOverrides);
  await glue.merge(new Date("2026-03-01T02:00:00Z"));
  const cdcDb = plan.outputs("lake-storage").cdcDatabaseName;
  const state = await lake.rows(
    `SELECT customer_id, country FROM "${cdcDb}"."customers" WHERE NOT _cdc_deleted ORDER BY customer_id`,
  );
  return { plan, lake, keys, state };
}

describe.each(["dev", "prod"] as const)("Aurora -> DMS -> customers MERGE -> reports (%s stack)", (stack) => {
  it("writes the documented layout: LOAD file, then CDC files in date folders, Op, commit time and change_seq columns", async () => {
    const { lake, keys, plan } = await replicateAndMerge(stack);
    const raw = plan.outputs("lake-storage").rawBucketName;
    expect(keys[0]).toBe("aurora-cdc/public/customers/LOAD00000001.parquet");
    for (const key of keys.slice(1))
      expect(key).toMatch(/^aurora-cdc\/public\/customers\/2026\/03\/01\/20260301-\d{9}\.parquet$/);
    const cdc = await lake.rows(
      `SELECT Op, _dms_commit_ts, change_seq FROM read_parquet('${lake.path(raw, keys[1])}') ORDER BY change_seq`,
    );
    expect(cdc.map((r) => r.Op)).toEqual(["U", "D"]);
    for (const row of cdc) expect(String(row.change_seq)).toMatch(/^\d{35}$/);
    const load = await lake.rows(
      `SELECT DISTINCT Op, _dms_commit_ts FROM read_parquet('${lake.path(raw, keys[0])}')`,
    );
    // Every full-load row carries the task start time (UseTaskStartTimeForFullLoadTimestamp).
    expect(load).toEqual([{ Op: "I", _dms_commit_ts: "2026-03-01 00:00:00.000000" }]);
  });

  it("merges to the source's current state: changes during the load win, same-commit changes apply in order, deletes stay deleted", async () => {
    const { state } = await replicateAndMerge(stack);
    expect(state).toEqual([
      { customer_id: "1", country: "CH" },
      { customer_id: "3", country: "ES" },
      { customer_id: "5", country: "DE" },
    ]);
  });

  it("reports live customers per country from the merged table", async () => {
    const { lake, plan } = await replicateAndMerge(stack);
    expect(await runReport(lake, plan, "cdc_current_state_customers")).toEqual([
      { country: "CH", entities: "1" },
      { country: "DE", entities: "1" },
      { country: "ES", entities: "1" },
    ]);
  });
});

describe("the files follow the plan's DMS settings", () => {
  it("without UseTaskStartTimeForFullLoadTimestamp a delete leaves a ghost and the load's rows no longer share one sequence, so a key loaded early reads as missing from the load", async () => {
    const { state } = await replicateAndMerge("dev", { useTaskStartTimeForFullLoadTimestamp: false });
    expect(state.map((r) => [r.customer_id, r.country])).toEqual([
      ["1", "CH"],
      // 3 lost: its row (+7.5 s) is older than 4's (+10 s), read as a later load that lacks 3
      ["4", "IT"], // ghost: the delete at +3 s is older than the row's transfer (+10 s)
      ["5", "DE"],
    ]);
  });
});
