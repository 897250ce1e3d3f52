/**
 * `pnpm demo [--stack dev|prod]`: the four pipelines run locally (moto + DuckDB) from the
 * stack's plan with sample data; prints each source's raw -> refined/current counts and every
 * report's result table, and writes each report as CSV plus a chart image to .demo/<stack>/reports/.
 */
import { join } from "node:path";
import { runDemo } from "./demo-run";
import { REPO_ROOT, type Stack } from "./plan";

function table(rows: Record<string, unknown>[]): string {
  if (rows.length === 0) return "  (no rows)";
  const cols = Object.keys(rows[0] as object);
  const cell = (v: unknown) => (v === null || v === undefined ? "" : String(v));
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c]).length)));
  const line = (vals: string[]) => `  ${vals.map((v, i) => v.padEnd(widths[i] as number)).join("  ")}`;
  return [
    line(cols),
    line(widths.map((w) => "-".repeat(w))),
    ...rows.map((r) => line(cols.map((c) => cell(r[c])))),
  ].join("\n");
}

async function main() {
  const i = process.argv.indexOf("--stack");
  const stack = (i > 0 ? process.argv[i + 1] : "dev") as Stack;
  if (stack !== "dev" && stack !== "prod") throw new Error(`--stack must be dev or prod, got ${stack}`);
  const out = join(REPO_ROOT, ".demo", stack);
  console.log(`lakehouse demo: stack ${stack}, configured from its offline plan; moto + DuckDB, no AWS\n`);
  const result = await runDemo(stack, out);
  for (const s of result.sources) console.log(`${s.source}\n  raw:     ${s.raw}\n  refined: ${s.landed}\n`);
  for (const r of result.reports) {
    console.log(`report ${r.name}\n${table(r.rows)}\n  -> ${r.csv}\n  -> ${r.png}\n`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
