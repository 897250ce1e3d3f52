/**
 * `pnpm demo [--stack dev|prod]`: the four pipelines run locally (moto + DuckDB) from the
 * stack's plan with sample data; prints each source's raw -> refined/current counts and every
 * report's result table, and writes each report as CSV plus a chart image to .demo/<stack>/reports/.
 */
import { join } from "node:path";
import { runDemo } from "./demo-run";
import type { QualityResult } from "./glue-runner";
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

/** One evaluation: passed/total, the freshness rule's outcome, each failed rule and the quarantine. */
function qualityLine(q: QualityResult): string {
  const passed = q.outcomes.filter((o) => o.Outcome === "Passed").length;
  const fresh = q.outcomes.find((o) => o.Rule.startsWith("CustomSql") && o.Rule.includes("INTERVAL"));
  const minutes = fresh ? /INTERVAL (\d+) MINUTES/.exec(fresh.Rule)?.[1] : undefined;
  const lines = [
    `  quality: ${q.ruleset} at ${q.at.toISOString().slice(0, 16)}Z on ${q.rows} rows: ${passed}/${q.outcomes.length} rules passed` +
      (fresh ? `; freshness (newest row within ${minutes} min): ${fresh.Outcome.toLowerCase()}` : ""),
    ...q.outcomes
      .filter((o) => o.Outcome !== "Passed")
      .map((o) => `    failed: ${o.Rule}: ${o.FailureReason}`),
    ...(q.quarantined ? [`    quarantined at ${q.quarantined}, not published`] : []),
  ];
  return lines.join("\n");
}

async function main() {
  const i = process.argv.indexOf("--stack");
  const stack = (i > 0 ? process.argv[i + 1] : "dev") as Stack;
  if (stack !== "dev" && stack !== "prod") throw new Error(`--stack must be dev or prod, got ${stack}`);
  const out = join(REPO_ROOT, ".demo", stack);
  console.log(`lakehouse demo: stack ${stack}, configured from its offline plan; moto + DuckDB, no AWS\n`);
  const result = await runDemo(stack, out);
  for (const s of result.sources) {
    console.log(`${s.source}\n  raw:     ${s.raw}\n  refined: ${s.landed}`);
    for (const table of s.tables)
      for (const q of result.quality.filter((r) => r.table === table)) console.log(qualityLine(q));
    console.log("");
  }
  for (const r of result.reports) {
    console.log(`report ${r.name}\n${table(r.rows)}\n  -> ${r.csv}\n  -> ${r.png}\n`);
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
