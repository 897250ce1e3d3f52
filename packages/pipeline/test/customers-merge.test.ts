import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { customerRow, customersTable, replicateAurora } from "../src/aurora";
import type { SourceHistory, Transaction } from "../src/dms-s3-target";
import { LocalGlue } from "../src/glue-runner";
import { LocalLake } from "../src/local-lake";
import { type Stack, StackPlan } from "../src/plan";

/**
 * The customers MERGE (transformation's shipped SQL, as the plan uploads it) over the files the
 * DMS generator writes from the plan's endpoint settings and table mappings: each scenario is a
 * source history, never rows written for the MERGE.
 */
const dir = mkdtempSync(join(tmpdir(), "pipeline-customers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const plans: Partial<Record<Stack, StackPlan>> = {};
beforeAll(async () => {
  for (const stack of ["dev", "prod"] as const) plans[stack] = await StackPlan.load(stack);
}, 120_000);

const taskStart = new Date("2026-03-01T00:00:00Z");
const at = (seconds: number) => new Date(taskStart.getTime() + seconds * 1000);
const update = (seconds: number, id: number, country: string, email?: string): Transaction => ({
  commitTime: at(seconds),
  changes: [{ op: "U", row: customerRow(id, country, at(seconds), email) }],
});
const remove = (seconds: number, id: number): Transaction => ({
  commitTime: at(seconds),
  changes: [{ op: "D", row: { customer_id: id } }],
});

/** The task's full load of `initialRows` and its CDC, as one source history. */
const history = (loadedIds: number[], transactions: Transaction[], startedAt = taskStart): SourceHistory => ({
  table: customersTable,
  initialRows: loadedIds.map((id) => customerRow(id, "DE", at(-86_400))),
  taskStart: startedAt,
  loadSeconds: 10,
  transactions,
});

/**
 * A resumed task writing changes again from an earlier checkpoint (DMS delivers at least once):
 * no full load, the replayed changes written after `resumedAt`.
 */
const replay = (resumedAt: number, transactions: Transaction[]): SourceHistory => ({
  ...history([], transactions, at(resumedAt)),
  loadSeconds: 0,
});

describe.each(["dev", "prod"] as const)("customers MERGE over the DMS files of the %s plan", (stack) => {
  async function pipeline(name: string, endpointOverrides = {}) {
    const plan = plans[stack] as StackPlan;
    const lake = await LocalLake.open(join(dir, `${stack}-${name}`));
    const glue = new LocalGlue(lake, plan);
    const cdcDb = plan.outputs("lake-storage").cdcDatabaseName;
    /** DMS writes `h`'s files, then one run of the merge job reads the new ones. */
    return async (h: SourceHistory) => {
      await replicateAurora(glue, plan, h, endpointOverrides);
      await glue.merge(h.taskStart);
      return lake.rows(
        `SELECT customer_id, email, country FROM "${cdcDb}"."customers" WHERE NOT _cdc_deleted ORDER BY customer_id`,
      );
    };
  }
  const live = (id: number, country: string, email = `customer${id}@example.com`) => ({
    customer_id: String(id),
    email,
    country,
  });

  it("applies a full load without Op (IncludeOpForFullLoad off), then same-commit changes in change_seq order and deletes", async () => {
    const replicateAndMerge = await pipeline("no-op-full-load", { includeOpForFullLoad: false });
    const sameCommit: Transaction = {
      commitTime: at(90),
      changes: [
        { op: "U", row: customerRow(1, "DE", at(90), "stale@example.com") },
        { op: "U", row: customerRow(1, "DE", at(90), "a2@example.com") },
      ],
    };
    expect(
      await replicateAndMerge(
        history([1, 2, 3], [sameCommit, remove(91, 3), remove(92, 42) /* a key never loaded */]),
      ),
    ).toEqual([live(1, "DE", "a2@example.com"), live(2, "DE")]);
  });

  it("ignores late and duplicate changes a resumed task writes again, and re-creates a key inserted after its delete", async () => {
    const replicateAndMerge = await pipeline("replay");
    const first = [update(60, 1, "AT"), update(120, 1, "CH"), remove(130, 2), update(140, 3, "FR")];
    expect(await replicateAndMerge(history([1, 2, 3], first))).toEqual([live(1, "CH"), live(3, "FR")]);
    // The replay's first batch reaches the merge before its later changes: older than the table.
    expect(await replicateAndMerge(replay(600, [update(60, 1, "AT"), remove(130, 2)]))).toEqual([
      live(1, "CH"),
      live(3, "FR"),
    ]);
    const reinsert: Transaction = {
      commitTime: at(3_600),
      changes: [{ op: "I", row: customerRow(2, "IT", at(3_600), "again@example.com") }],
    };
    expect(
      await replicateAndMerge(
        replay(4_000, [update(120, 1, "CH"), remove(130, 2), reinsert, remove(3_700, 3)]),
      ),
    ).toEqual([live(1, "CH"), live(2, "IT", "again@example.com")]);
    // A late replay of an update from before the delete does not revive the key; a replayed delete keeps it deleted.
    const afterDelete = [live(1, "CH"), live(2, "IT", "again@example.com")];
    expect(await replicateAndMerge(replay(8_000, [update(140, 3, "FR")]))).toEqual(afterDelete);
    expect(await replicateAndMerge(replay(9_000, [remove(3_700, 3)]))).toEqual(afterDelete);
  });
});
