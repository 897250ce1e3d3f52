import type { Operation } from "./driver";
import type { LayerRun } from "./orchestrate";

/** The end-of-run table (Markdown, so it reads in a terminal and in a GitHub step summary). */
export function renderSummaryTable(operation: Operation, stack: string, runs: LayerRun[]): string {
  const lines = [
    `${operation} ${stack}:`,
    "",
    "| layer | create | update | replace | delete | same | duration | result |",
    "|---|---:|---:|---:|---:|---:|---:|---|",
  ];
  for (const r of runs) {
    const c = r.changes;
    const n = (v: number | undefined) => (c ? String(v) : "-");
    const result = r.status === "succeeded" ? "succeeded" : `${r.status}: ${r.reason ?? ""}`.trim();
    lines.push(
      `| ${r.layer} | ${n(c?.create)} | ${n(c?.update)} | ${n(c?.replace)} | ${n(c?.delete)} | ${n(c?.same)} | ${(r.durationMs / 1000).toFixed(1)} s | ${result.replace(/\|/g, "\\|")} |`,
    );
  }
  return lines.join("\n");
}
