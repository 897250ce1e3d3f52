import type { LocalLake } from "./local-lake";
import type { StackPlan } from "./plan";

/**
 * Athena (Trino) `element_at(map, key)` returns the value or NULL; DuckDB's returns a list and
 * its `map[key]` the value or NULL: the one rewrite the shipped report SQL needs here
 * (projects/analytics/test/reports.duckdb.test.ts shows the difference).
 */
export function athenaToDuckDb(text: string): string {
  return text.replace(/element_at\(\s*([a-z_][a-z0-9_]*)\s*,\s*('[^']*')\s*\)/gi, "$1[$2]");
}

/** Runs the analytics layer's named query `report` as planned, dates bound to its two `?`. */
export async function runReport(
  lake: LocalLake,
  plan: StackPlan,
  report: string,
  dates: [string, string] | [] = [],
): Promise<Record<string, unknown>[]> {
  const sql = plan.reportSql()[report];
  if (!sql) throw new Error(`the ${plan.stack} plan has no report query ${report}`);
  return lake.rows(athenaToDuckDb(sql), dates);
}
