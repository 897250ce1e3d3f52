import { describe, expect, it } from "vitest";
import { CDC_SPECS, REFINED_SPECS, renderMergeSql, renderRefineSql } from "../src/specs";
import { Duck } from "./duckdb";

/**
 * The Spark/DuckDB differences the renderers work around (see src/specs/sql.ts), each shown on
 * DuckDB, and checked against every rendered statement.
 */
const rendered = [
  ...REFINED_SPECS.map((s) => renderRefineSql(s)),
  ...CDC_SPECS.map((s) => renderMergeSql(s, "glue_catalog.db.t")),
];

describe("Spark/DuckDB dialect rules", () => {
  it("NULL-safe concatenation: DuckDB's CONCAT skips NULLs (Spark's yields NULL), || is NULL in both", async () => {
    const duck = await Duck.open();
    expect(await duck.rows(`SELECT CONCAT('a', NULL) AS c, 'a' || NULL AS p`)).toEqual([{ c: "a", p: null }]);
    for (const sql of rendered) expect(sql).not.toMatch(/\bCONCAT\s*\(/i);
  });

  it("malformed values: DuckDB's CAST fails the statement (Spark's non-ANSI CAST yields NULL), TRY_CAST is NULL in both", async () => {
    const duck = await Duck.open();
    await expect(duck.rows(`SELECT CAST('n/a' AS BIGINT) AS v`)).rejects.toThrow(/Conversion Error/);
    expect(await duck.rows(`SELECT TRY_CAST('n/a' AS BIGINT) AS v`)).toEqual([{ v: null }]);
    for (const sql of rendered) {
      // Every cast of source data is a TRY_CAST; a plain CAST only ever wraps a literal or a typed column.
      for (const m of sql.matchAll(/(?<!TRY_)CAST\(([^)]*?) AS /g)) {
        expect(m[1]).toMatch(/^('[^']*'|[a-z_]+)$/);
      }
    }
  });

  it("MERGE assignments: DuckDB rejects qualified targets in UPDATE SET, so they stay unqualified", async () => {
    const duck = await Duck.open();
    await duck.run(`CREATE TABLE t (k VARCHAR, v VARCHAR)`);
    await expect(
      duck.run(
        `MERGE INTO t USING (SELECT 'a' AS k, 'b' AS v) AS s ON t.k = s.k WHEN MATCHED THEN UPDATE SET t.v = s.v`,
      ),
    ).rejects.toThrow(/Qualified column names in UPDATE .. SET not supported/);
    for (const sql of CDC_SPECS.map((s) => renderMergeSql(s, "t"))) {
      const set = /UPDATE SET (.*)$/m.exec(sql)?.[1] ?? "";
      for (const assignment of set.split(", ")) expect(assignment).toMatch(/^[a-z_]+ = s\.[a-z_]+$/);
    }
  });

  it("date parsing: no engine-specific format functions", () => {
    for (const sql of rendered)
      expect(sql).not.toMatch(/\b(to_date|to_timestamp|strptime|date_format|strftime)\s*\(/i);
  });
});
