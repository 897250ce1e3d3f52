import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { PlanFile } from "./plan-file";

/** `.plan/<stack>/<project>.json` per program, plus summary.md with counts per type and the layer graph. */
export function writePlan(outDir: string, stack: string, plans: PlanFile[]): string[] {
  const dir = join(outDir, stack);
  mkdirSync(dir, { recursive: true });
  const written: string[] = [];
  for (const plan of plans) {
    const file = join(dir, `${plan.project}.json`);
    writeFileSync(file, `${JSON.stringify(plan, null, 2)}\n`);
    written.push(file);
  }
  const summary = join(dir, "summary.md");
  writeFileSync(summary, renderSummary(stack, plans));
  written.push(summary);
  return written;
}

export function renderSummary(stack: string, plans: PlanFile[]): string {
  const lines = [`# Offline plan: stack \`${stack}\``, "", "| layer | resources |", "|---|---|"];
  for (const p of plans) lines.push(`| ${p.layer} | ${p.resources.length} |`);
  lines.push("", "## Layers and the outputs that cross between them", "", mermaidGraph(plans), "");
  for (const p of plans) {
    const counts = new Map<string, number>();
    for (const r of p.resources) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
    lines.push(`## ${p.layer} (${p.project})`, "", "| type | count |", "|---|---|");
    for (const [type, n] of [...counts.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      lines.push(`| \`${type}\` | ${n} |`);
    }
    lines.push("");
  }
  return `${lines.join("\n")}\n`;
}

/** Mermaid flowchart: an edge from producer to consumer, labelled with the outputs the consumer reads. */
export function mermaidGraph(plans: PlanFile[]): string {
  const id = (layer: string) => layer.replace(/-/g, "_");
  const lines = ["```mermaid", "flowchart LR"];
  for (const p of plans) lines.push(`  ${id(p.layer)}["${p.layer}"]`);
  for (const p of plans) {
    for (const ref of p.references) {
      lines.push(`  ${id(ref.layer)} -->|"${ref.keys.join(", ")}"| ${id(p.layer)}`);
    }
  }
  lines.push("```");
  return lines.join("\n");
}
