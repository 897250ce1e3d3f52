import type { PlanResource } from "../plan/plan-file";
import type { ChangedResource, LayerDiff } from "./diff-plans";

/** Most resources listed per section; GitHub comments stop at 65,536 characters. */
const MAX_ITEMS = 40;

/**
 * Markdown for a pull request: per layer, the resources added, removed, renamed and changed (with
 * the input paths). `notices` (the stateful-change guard, URN changes) go above the table.
 */
export function renderPlanDiff(stack: string, diffs: LayerDiff[], notices = ""): string {
  const lines = [
    `## Offline plan diff: stack \`${stack}\``,
    "",
    "Every program run under mocks (no cloud credentials), base branch against this pull request.",
    "",
    ...(notices ? [notices.trimEnd(), ""] : []),
    "| layer | added | removed | changed | outputs changed |",
    "|---|---:|---:|---:|---|",
  ];
  for (const d of diffs) {
    lines.push(
      `| ${d.layer} | ${d.added.length} | ${d.removed.length} | ${d.changed.length} | ${d.outputs.map((o) => `\`${o}\``).join(", ") || "-"} |`,
    );
  }
  const withChanges = diffs.filter(
    (d) => d.added.length + d.removed.length + d.changed.length + d.renamed.length + d.outputs.length > 0,
  );
  if (withChanges.length === 0) {
    lines.push("", "No resource or output changes in any layer.");
    return `${lines.join("\n")}\n`;
  }
  for (const d of withChanges) {
    lines.push("", `### ${d.layer}`);
    section(lines, "Removed", d.removed, resource);
    section(lines, "Added", d.added, resource);
    section(lines, "Renamed or moved, kept by an alias", d.renamed, renamed);
    section(lines, "Changed", d.changed, changed);
    if (d.outputs.length > 0)
      lines.push("", `Outputs changed: ${d.outputs.map((o) => `\`${o}\``).join(", ")}`);
  }
  return `${lines.join("\n")}\n`;
}

function section<T>(lines: string[], title: string, items: T[], render: (item: T) => string): void {
  if (items.length === 0) return;
  lines.push("", `**${title}** (${items.length})`, "");
  for (const item of items.slice(0, MAX_ITEMS)) lines.push(`- ${render(item)}`);
  if (items.length > MAX_ITEMS) lines.push(`- ... and ${items.length - MAX_ITEMS} more`);
}

const resource = (r: PlanResource) => `\`${r.type}\` **${r.name}**${r.protect ? " (protected)" : ""}`;

const renamed = (r: LayerDiff["renamed"][number]) => `\`${r.to.type}\` **${r.to.name}**: from \`${r.from}\``;

const changed = (c: ChangedResource) =>
  `\`${c.type}\` **${c.name}**: ${c.paths.map((p) => `\`${p}\``).join(", ")}`;
