import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customersHistory, replicateAurora } from "../src/aurora";
import type { PgType, Row, SourceHistory } from "../src/dms-s3-target";
import { LocalGlue, SchemaChangeError } from "../src/glue-runner";
import { LocalLake } from "../src/local-lake";
import { StackPlan } from "../src/plan";

const dir = mkdtempSync(join(tmpdir(), "pipeline-schema-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let plan: StackPlan;
beforeAll(async () => {
  plan = await StackPlan.load("dev");
}, 120_000);

/** The sample history with the source table altered: `change` gives each row its new shape. */
function altered(columns: { name: string; type: PgType }[], change: (row: Row) => Row): SourceHistory {
  const h = customersHistory();
  return {
    ...h,
    table: { ...h.table, columns },
    initialRows: h.initialRows.map(change),
    transactions: h.transactions.map((t) => ({
      ...t,
      changes: t.changes.map((c) => ({ ...c, row: c.op === "D" ? c.row : change(c.row) })),
    })),
  };
}

describe("Aurora -> DMS: schema changes at the source (dev stack)", () => {
  it("an added column the spec does not declare lands in raw, is reported and the merge goes on", async () => {
    const lake = await LocalLake.open(join(dir, "added"));
    const glue = new LocalGlue(lake, plan);
    const base = customersHistory().table.columns;
    const keys = await replicateAurora(
      glue,
      plan,
      altered([...base, { name: "loyalty_tier", type: "text" }], (r) => ({ ...r, loyalty_tier: "gold" })),
    );
    const raw = plan.outputs("lake-storage").rawBucketName;
    const load = await lake.rows(
      `SELECT DISTINCT loyalty_tier FROM read_parquet('${lake.path(raw, keys[0] as string)}')`,
    );
    expect(load).toEqual([{ loyalty_tier: "gold" }]);
    await glue.merge(new Date("2026-03-01T02:00:00Z"));
    expect(glue.schemaReports).toEqual([
      {
        source: expect.stringMatching(/^customers \(s3:\/\/.+\/aurora-cdc\/public\/customers\/\)$/),
        undeclared: ["loyalty_tier (string)"],
      },
    ]);
    const cdcDb = plan.outputs("lake-storage").cdcDatabaseName;
    const columns = (await lake.rows(`DESCRIBE "${cdcDb}"."customers"`)).map((c) => c.column_name);
    expect(columns).not.toContain("loyalty_tier");
    expect(await lake.count(`SELECT * FROM "${cdcDb}"."customers" WHERE NOT _cdc_deleted`)).toBe(3);
  });

  it("a declared column the Iceberg table lacks is added before the MERGE writes it", async () => {
    const lake = await LocalLake.open(join(dir, "declared"));
    const glue = new LocalGlue(lake, plan);
    // The table as deployed before the spec declared `country`.
    const table = await glue.createIcebergTable("iceberg-customers");
    await lake.run(`ALTER TABLE ${table} DROP COLUMN country`);
    await replicateAurora(glue, plan, customersHistory());
    await glue.merge(new Date("2026-03-01T02:00:00Z"));
    expect(glue.addedColumns).toEqual([
      { table: expect.stringMatching(/\.customers$/), column: "country", type: "string" },
    ]);
    expect(
      await lake.rows(
        `SELECT customer_id, country FROM ${table} WHERE NOT _cdc_deleted ORDER BY customer_id`,
      ),
    ).toEqual([
      { customer_id: "1", country: "CH" },
      { customer_id: "3", country: "ES" },
      { customer_id: "5", country: "DE" },
    ]);
  });

  it("a type change is refused naming source, column and both types; nothing is merged, no column added, and the next run reads the same files", async () => {
    const lake = await LocalLake.open(join(dir, "retyped"));
    const glue = new LocalGlue(lake, plan);
    // The table lacks a declared column: a refused batch must not add it (the job reads first).
    const table = await glue.createIcebergTable("iceberg-customers");
    await lake.run(`ALTER TABLE ${table} DROP COLUMN country`);
    const columns = customersHistory().table.columns.map((c) =>
      c.name === "created_at" ? { ...c, type: "text" as const } : c,
    );
    await replicateAurora(
      glue,
      plan,
      altered(columns, (r) => r),
    );
    const refused = glue.merge(new Date("2026-03-01T02:00:00Z"));
    await expect(refused).rejects.toBeInstanceOf(SchemaChangeError);
    await expect(refused).rejects.toThrow(
      /schema change refused: source customers \(s3:\/\/.+\/aurora-cdc\/public\/customers\/\): column created_at changed type from timestamp to string/,
    );
    const cdcDb = plan.outputs("lake-storage").cdcDatabaseName;
    expect(await lake.count(`SELECT * FROM "${cdcDb}"."customers"`)).toBe(0);
    expect(glue.addedColumns).toEqual([]);
    expect((await lake.rows(`DESCRIBE ${table}`)).map((c) => c.column_name)).not.toContain("country");
    // The bookmark was not committed: the same files are read, and refused, again.
    await expect(glue.merge(new Date("2026-03-01T03:00:00Z"))).rejects.toThrow(/created_at changed type/);
  });
});
