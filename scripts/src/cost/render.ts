import { type CostEstimate, type CostLine, layerTotals, type Totals, totals } from "./estimate";

export const dollars = (n: number) =>
  `$${n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const signed = (n: number) => (n >= 0.005 ? `+${dollars(n)}` : n <= -0.005 ? `-${dollars(-n)}` : dollars(0));
const total = (l: CostLine) => l.fixedUsd + l.usageUsd;

/** The one-line summary of a stack's estimate the plan prints. */
export function costHeadline(e: CostEstimate): string {
  const t = totals(e.lines);
  return `cost ${e.stack}: ${dollars(t.totalUsd)}/month estimated (fixed ${dollars(t.fixedUsd)} = idle, usage-driven ${dollars(t.usageUsd)}), ${e.lines.length} priced resources, ${e.unpriced.length} unpriced, prices of ${e.region}`;
}

/** Plain-text table for the terminal: per layer, then per resource, then the unpriced ones. */
export function renderCostTable(e: CostEstimate, opts: { resources?: boolean } = {}): string {
  const rows: string[][] = [["layer", "resource", "type", "fixed", "usage", "total"]];
  for (const { layer, totals: t } of layerTotals(e)) {
    rows.push([layer, "(layer total)", "", dollars(t.fixedUsd), dollars(t.usageUsd), dollars(t.totalUsd)]);
    if (opts.resources === false) continue;
    for (const l of e.lines
      .filter((x) => x.layer === layer && total(x) >= 0.005)
      .sort((a, b) => total(b) - total(a))) {
      rows.push(["", l.name, shortType(l.type), dollars(l.fixedUsd), dollars(l.usageUsd), dollars(total(l))]);
    }
  }
  const t = totals(e.lines);
  rows.push([`stack ${e.stack}`, "", "", dollars(t.fixedUsd), dollars(t.usageUsd), dollars(t.totalUsd)]);
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  const line = (r: string[]) =>
    r
      .map((c, i) => (i >= 3 ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  const out = [
    line(rows[0] as string[]),
    widths.map((w) => "-".repeat(w)).join("  "),
    ...rows.slice(1).map(line),
  ];
  out.push("", ...unpricedLines(e));
  return out.join("\n");
}

/** The unpriced resources, one line per reason (the names listed). */
function unpricedLines(e: CostEstimate): string[] {
  if (e.unpriced.length === 0) return ["unpriced: none"];
  const byReason = new Map<string, string[]>();
  for (const u of e.unpriced)
    byReason.set(u.reason, [...(byReason.get(u.reason) ?? []), `${u.layer}/${u.name}`]);
  return [
    `unpriced (${e.unpriced.length}, not counted in the totals):`,
    ...[...byReason].map(([reason, names]) => `  ${names.join(", ")}: ${reason}`),
  ];
}

/** The Markdown section of summary.md: per layer and stack, each priced resource, the unpriced. */
export function renderCostMarkdown(e: CostEstimate, budgetUsd?: number): string {
  const t = totals(e.lines);
  const lines = [
    `## Cost estimate: stack \`${e.stack}\``,
    "",
    `Monthly, at the ${e.region} prices in \`scripts/src/cost/prices/${e.region}.json\` and the usage in \`lakehouse-lake-storage:costUsage\`. Fixed = billed whether or not data flows (hours, scheduled runs): the idle cost.`,
    "",
    "| layer | fixed | usage-driven | total |",
    "|---|---:|---:|---:|",
    ...layerTotals(e).map(
      ({ layer, totals: x }) =>
        `| ${layer} | ${dollars(x.fixedUsd)} | ${dollars(x.usageUsd)} | ${dollars(x.totalUsd)} |`,
    ),
    `| **stack** | **${dollars(t.fixedUsd)}** | **${dollars(t.usageUsd)}** | **${dollars(t.totalUsd)}** |`,
    "",
    budgetUsd === undefined
      ? "No `monthlyBudgetUsd` set."
      : `Budget (\`monthlyBudgetUsd\`): ${dollars(budgetUsd)}.`,
    "",
    "| layer | resource | type | fixed | usage-driven | how |",
    "|---|---|---|---:|---:|---|",
  ];
  for (const l of [...e.lines].filter((x) => total(x) >= 0.005).sort((a, b) => total(b) - total(a))) {
    const how = l.charges
      .filter((c) => c.usd >= 0.005)
      .map((c) => `${c.kind}: ${c.basis}`)
      .join("; ");
    lines.push(
      `| ${l.layer} | ${l.name} | \`${shortType(l.type)}\` | ${dollars(l.fixedUsd)} | ${dollars(l.usageUsd)} | ${how.replace(/\|/g, "\\|")} |`,
    );
  }
  lines.push("", `### Unpriced (${e.unpriced.length}, not counted)`, "");
  if (e.unpriced.length === 0) lines.push("None.");
  for (const u of e.unpriced) lines.push(`- ${u.layer} **${u.name}** \`${u.type}\`: ${u.reason}`);
  return `${lines.join("\n")}\n`;
}

/** How many changed resources the pull request comment lists. */
const TOP_CHANGES = 10;

/**
 * The PR comment's cost section: monthly delta per layer against the base, and the largest changes.
 * `renamed` maps a base URN to the head URN that keeps it by an alias (the plan diff's renames):
 * such a resource is the same resource, compared with itself, not removed and added.
 */
export function renderCostDiff(
  base: CostEstimate,
  head: CostEstimate,
  renamed: ReadonlyMap<string, string> = new Map(),
): string {
  const baseLayers = new Map(layerTotals(base).map((x) => [x.layer, x.totals]));
  const headLayers = new Map(layerTotals(head).map((x) => [x.layer, x.totals]));
  const layers = [...new Set([...headLayers.keys(), ...baseLayers.keys()])];
  const zero: Totals = { fixedUsd: 0, usageUsd: 0, totalUsd: 0 };
  const bt = totals(base.lines);
  const ht = totals(head.lines);
  const lines = [
    `## Cost: stack \`${head.stack}\``,
    "",
    `Monthly estimate, base branch against this pull request: ${dollars(bt.totalUsd)} -> ${dollars(ht.totalUsd)} (**${signed(ht.totalUsd - bt.totalUsd)}**; idle ${dollars(bt.fixedUsd)} -> ${dollars(ht.fixedUsd)}).`,
    "",
    "| layer | base | this PR | delta | fixed delta | usage delta |",
    "|---|---:|---:|---:|---:|---:|",
  ];
  for (const layer of layers) {
    const b = baseLayers.get(layer) ?? zero;
    const h = headLayers.get(layer) ?? zero;
    lines.push(
      `| ${layer} | ${dollars(b.totalUsd)} | ${dollars(h.totalUsd)} | ${signed(h.totalUsd - b.totalUsd)} | ${signed(h.fixedUsd - b.fixedUsd)} | ${signed(h.usageUsd - b.usageUsd)} |`,
    );
  }
  const before = new Map(base.lines.map((l) => [renamed.get(l.urn) ?? l.urn, l]));
  const after = new Map(head.lines.map((l) => [l.urn, l]));
  const changes = [...new Set([...before.keys(), ...after.keys()])]
    .map((urn) => {
      const b = before.get(urn);
      const h = after.get(urn);
      const line = (h ?? b) as CostLine;
      return {
        line,
        b: b ? total(b) : 0,
        h: h ? total(h) : 0,
        status: !b ? "added" : !h ? "removed" : "changed",
      };
    })
    .filter((c) => Math.abs(c.h - c.b) >= 0.005)
    .sort((x, y) => Math.abs(y.h - y.b) - Math.abs(x.h - x.b));
  lines.push("");
  if (changes.length === 0) lines.push("No resource changes its monthly cost.");
  else {
    lines.push(`**Top changes** (${Math.min(changes.length, TOP_CHANGES)} of ${changes.length})`, "");
    for (const c of changes.slice(0, TOP_CHANGES)) {
      lines.push(
        `- ${c.line.layer} \`${shortType(c.line.type)}\` **${c.line.name}** (${c.status}): ${dollars(c.b)} -> ${dollars(c.h)} (${signed(c.h - c.b)})`,
      );
    }
  }
  const newUnpriced = head.unpriced.filter((u) => !base.unpriced.some((x) => x.urn === u.urn));
  if (newUnpriced.length > 0) {
    lines.push(
      "",
      `**Newly unpriced** (not counted): ${newUnpriced.map((u) => `\`${u.name}\` (${u.reason})`).join(", ")}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/** `aws:ec2/vpcEndpoint:VpcEndpoint` -> `ec2.VpcEndpoint`. */
export function shortType(type: string): string {
  const [provider, module, name] = type.split(":");
  const mod = (module ?? "").split("/")[0];
  return provider === "aws" ? `${mod}.${name}` : `${provider}:${mod}.${name}`;
}
