import { createHash } from "node:crypto";
import { copyFileSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerRow, customersTable, replicateAurora } from "../src/aurora";
import type { Row, SourceHistory, Transaction } from "../src/dms-s3-target";
import { LocalGlue } from "../src/glue-runner";
import { LocalLake } from "../src/local-lake";
import { StackPlan } from "../src/plan";

/**
 * A DMS `reload-target` after a gap (replication stopped longer than Aurora kept its WAL): no
 * change of the gap reaches the lake, only the new full load. The producer is the real one (files
 * generated from the plan's endpoint and mappings); the merge and replay run the shipped SQL.
 * Whether the reload's LOAD files replace the earlier ones under the same names or land next to
 * them is not documented for S3 targets, so both layouts are run.
 */
const dir = mkdtempSync(join(tmpdir(), "pipeline-dms-reload-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let plan: StackPlan;
beforeAll(async () => {
  plan = await StackPlan.load("dev");
}, 120_000);

const start = new Date("2026-03-01T00:00:00Z");
const at = (s: number) => new Date(start.getTime() + s * 1000);
const day = 86_400;
const history = (h: Partial<SourceHistory>): SourceHistory => ({
  table: customersTable,
  initialRows: [],
  taskStart: start,
  loadSeconds: 10,
  transactions: [],
  ...h,
});

/** A day of changes after the first full load of customers 1-4. */
const day1: Transaction[] = [
  { commitTime: at(60), changes: [{ op: "U", row: customerRow(1, "AT", at(60)) }] },
  { commitTime: at(120), changes: [{ op: "I", row: customerRow(5, "ES", at(120)) }] },
  { commitTime: at(3_600), changes: [{ op: "D", row: { customer_id: 4 } }] },
];
/** The source after day 1. */
const afterDay1: Row[] = [
  customerRow(1, "AT", at(60)),
  customerRow(2, "DE", at(-day)),
  customerRow(3, "DE", at(-day)),
  customerRow(5, "ES", at(120)),
];

async function setUp(name: string) {
  const lake = await LocalLake.open(join(dir, name));
  const glue = new LocalGlue(lake, plan);
  const table = `"${plan.outputs("lake-storage").cdcDatabaseName}"."customers"`;
  const counts = `"${plan.outputs("lake-storage").cdcDatabaseName}"."cdc_changes"`;
  await replicateAurora(
    glue,
    plan,
    history({
      initialRows: [1, 2, 3, 4].map((id) => customerRow(id, "DE", at(-day))),
      transactions: day1,
    }),
  );
  await glue.merge(at(day - 60));
  const raw = plan.outputs("lake-storage").rawBucketName as string;
  const load = lake.path(raw, "aurora-cdc/public/customers/LOAD00000001.parquet");
  return { lake, glue, table, counts, load };
}

const state = (lake: LocalLake, table: string) =>
  lake.rows(`SELECT customer_id, country, _cdc_deleted FROM ${table} ORDER BY customer_id`);

async function digest(lake: LocalLake, table: string, name: string, where = "TRUE"): Promise<string> {
  const file = join(dir, `${name}.parquet`);
  await lake.run(
    `COPY (SELECT * FROM ${table} WHERE ${where} ORDER BY customer_id) TO '${file}' (FORMAT parquet)`,
  );
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** The reload: `kept` leaves the first load's file and names the new one LOAD00000002. */
async function reload(
  glue: LocalGlue,
  load: string,
  layout: "replaced" | "kept",
  rows: Row[],
  taskStart: Date,
  transactions: Transaction[] = [],
) {
  const old = `${load}.first`;
  if (layout === "kept") copyFileSync(load, old);
  const mtime = statSync(load).mtime;
  await replicateAurora(glue, plan, history({ initialRows: rows, taskStart, transactions }));
  if (layout === "kept") {
    renameSync(load, load.replace("LOAD00000001", "LOAD00000002"));
    renameSync(old, load);
    utimesSync(load, mtime, mtime); // the first load's object, untouched
  }
}

describe.each(["replaced", "kept"] as const)(
  "DMS reload-target after a gap (earlier LOAD files %s)",
  (layout) => {
    it("the next merge tombstones the customer deleted during the gap, applies the gap's update, counts the delete, and a replay gives the same table", async () => {
      const { lake, glue, table, counts, load } = await setUp(`gap-${layout}`);
      // The gap (no change captured): customer 2 deleted, 3 moved to IT, 6 inserted. Then the reload,
      // and a change after it.
      const reloadStart = at(3 * day);
      const source = [
        customerRow(1, "AT", at(60)),
        customerRow(3, "IT", at(2 * day)),
        customerRow(5, "ES", at(120)),
        customerRow(6, "NL", at(2 * day)),
      ];
      await reload(glue, load, layout, source, reloadStart, [
        {
          commitTime: at(3 * day + 120),
          changes: [{ op: "U", row: customerRow(5, "PT", at(3 * day + 120)) }],
        },
      ]);
      const read = await glue.merge(at(3 * day + 600));
      expect(read.customers?.some((f) => /LOAD0000000[12]\.parquet$/.test(f))).toBe(true);
      expect(await state(lake, table)).toEqual([
        { customer_id: "1", country: "AT", _cdc_deleted: false },
        { customer_id: "2", country: null, _cdc_deleted: true }, // deleted in the gap
        { customer_id: "3", country: "IT", _cdc_deleted: false }, // updated in the gap
        { customer_id: "4", country: null, _cdc_deleted: true }, // deleted on day 1
        { customer_id: "5", country: "PT", _cdc_deleted: false }, // changed after the reload
        { customer_id: "6", country: "NL", _cdc_deleted: false }, // inserted in the gap
      ]);
      // The gap's tombstone is dated the reload's start, just before the load's own rows.
      expect(
        await lake.rows(
          `SELECT CAST(_cdc_commit_ts AS VARCHAR) AS ts, _cdc_change_seq FROM ${table} WHERE customer_id = 2`,
        ),
      ).toEqual([{ ts: "2026-03-04 00:00:00", _cdc_change_seq: "" }]);
      // cdc_changes: the reload's merge counts customer 2 as a delete (the load rows are inserts).
      const [last] = await lake.rows(
        `SELECT inserted, updated, deleted FROM ${counts} WHERE entity = 'customers' ORDER BY committed_at DESC LIMIT 1`,
      );
      expect(last).toEqual({ inserted: "4", updated: "1", deleted: "1" });

      const built = await digest(lake, table, `gap-${layout}-built`);
      // The first load's file written over took the only record of customer 2 with it: a replay then
      // has no row for it at all, which readers (NOT _cdc_deleted) cannot tell from its tombstone.
      const expected =
        layout === "kept" ? built : await digest(lake, table, `gap-${layout}-visible`, "customer_id <> 2");
      // A later merge that reads the load files again (a retried run) changes nothing.
      await glue.merge(at(3 * day + 900));
      expect(await digest(lake, table, `gap-${layout}-after`)).toBe(built);

      await lake.run(`UPDATE ${table} SET _cdc_deleted = false, country = 'DE' WHERE customer_id = 2`);
      await glue.replay("customers");
      expect(await digest(lake, table, `gap-${layout}-replayed`)).toBe(expected);
    });

    it("a reload with no gap deletes nothing", async () => {
      const { lake, glue, table, counts, load } = await setUp(`no-gap-${layout}`);
      const before = await state(lake, table);
      await reload(glue, load, layout, afterDay1, at(2 * day));
      await glue.merge(at(2 * day + 600));
      expect(await state(lake, table)).toEqual(before);
      const [last] = await lake.rows(
        `SELECT deleted FROM ${counts} WHERE entity = 'customers' ORDER BY committed_at DESC LIMIT 1`,
      );
      expect(last).toEqual({ deleted: "0" });
      const built = await digest(lake, table, `no-gap-${layout}-built`);
      await glue.replay("customers");
      expect(await digest(lake, table, `no-gap-${layout}-replayed`)).toBe(built);
    });

    it("a load whose files reach the lake in two merge batches: the later file's keys are tombstoned by the first merge and restored by the next", async () => {
      const { lake, glue, table, load } = await setUp(`split-${layout}`);
      const source = [
        customerRow(1, "AT", at(60)),
        customerRow(3, "DE", at(-day)),
        customerRow(5, "ES", at(120)),
      ];
      await reload(glue, load, layout, source, at(2 * day));
      // The reload's file, split: customer 5's row goes to a file written after the first merge.
      const file = layout === "kept" ? load.replace("LOAD00000001", "LOAD00000002") : load;
      const later = file.replace(/LOAD0000000[12]/, "LOAD0000000A");
      await lake.run(
        `COPY (SELECT * FROM read_parquet('${file}') WHERE customer_id = 5) TO '${join(dir, `${layout}-later.parquet`)}' (FORMAT parquet)`,
      );
      await lake.run(
        `COPY (SELECT * FROM read_parquet('${file}') WHERE customer_id <> 5) TO '${join(dir, `${layout}-first.parquet`)}' (FORMAT parquet)`,
      );
      renameSync(join(dir, `${layout}-first.parquet`), file);
      await glue.merge(at(2 * day + 300));
      expect(
        await lake.rows(`SELECT _cdc_deleted FROM ${table} WHERE customer_id IN (2, 5) ORDER BY customer_id`),
      ).toEqual([{ _cdc_deleted: true }, { _cdc_deleted: true }]); // 5: not read yet, so missing from the load
      renameSync(join(dir, `${layout}-later.parquet`), later);
      await glue.merge(at(2 * day + 600));
      expect(await state(lake, table)).toEqual([
        { customer_id: "1", country: "AT", _cdc_deleted: false },
        { customer_id: "2", country: null, _cdc_deleted: true },
        { customer_id: "3", country: "DE", _cdc_deleted: false },
        { customer_id: "4", country: null, _cdc_deleted: true },
        { customer_id: "5", country: "ES", _cdc_deleted: false },
      ]);
    });
  },
);
