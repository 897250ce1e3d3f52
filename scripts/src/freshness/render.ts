import { ASSUMED_MINUTES, type FreshnessReport, hopText } from "./staleness";

const fmt = (minutes: number) =>
  minutes >= 120 ? `${Math.round((minutes / 60) * 10) / 10} h` : `${Math.round(minutes * 10) / 10} min`;
const verdict = (minutes: number, target: number | undefined, problem?: string) =>
  problem
    ? "**cannot be met**"
    : target === undefined
      ? "no target"
      : minutes <= target
        ? "met"
        : "**missed**";

/** The freshness section of summary.md: per table and per dashboard data set, the worst case and its hops. */
export function renderFreshness(report: FreshnessReport): string {
  const lines = [
    "## Freshness (worst case on a healthy path)",
    "",
    "How long a change at the source can take until it is in the table, and until the dashboard shows it, from the planned buffers, batches, schedules and timeouts (retries not counted: a failed run alarms).",
    "",
    "| table | kind | target | in the lake | verdict | hops (minutes) |",
    "|---|---|---:|---:|---|---|",
  ];
  for (const t of report.tables) {
    lines.push(
      `| ${t.key} (\`${t.table}\`) | ${t.kind} | ${t.target === undefined ? "-" : fmt(t.target)} | ${fmt(t.minutes)} | ${verdict(t.minutes, t.target)} | ${hopText(t.hops)} |`,
    );
  }
  lines.push(
    "",
    "| QuickSight data set | reads | import | target | on the dashboard | verdict | its own lag (minutes) |",
    "|---|---|---|---:|---:|---|---|",
  );
  for (const d of report.dataSets) {
    lines.push(
      `| ${d.dataSet} | ${d.tables.join(", ")} | ${d.importMode} | ${d.target === undefined ? "-" : fmt(d.target)} | ${fmt(d.minutes)} | ${verdict(d.minutes, d.target, d.problem)} | ${d.importMode === "SPICE" ? hopText(d.ownHops) || "never refreshed" : "none (queries Athena on view)"}${d.problem ? `: ${d.problem}` : ""} |`,
    );
  }
  lines.push(
    "",
    `Assumed, where no planned setting bounds the time: ${Object.entries(ASSUMED_MINUTES)
      .map(([k, v]) => `${k} ${v} min`)
      .join(", ")}.`,
    "",
  );
  return lines.join("\n");
}

/** The freshness part of the pull request comment: each worst case before and after the change. */
export function renderFreshnessDiff(
  stack: string,
  base: FreshnessReport | { error: string },
  head: FreshnessReport,
): string {
  const lines = [`### Freshness, stack \`${stack}\``, ""];
  const before = "error" in base ? undefined : base;
  if (!before)
    lines.push(`_The base plan's freshness could not be computed: ${(base as { error: string }).error}_`, "");
  lines.push("| table or data set | target | base | this change | verdict |", "|---|---:|---:|---:|---|");
  const row = (
    name: string,
    target: number | undefined,
    was: number | undefined,
    now: number,
    problem?: string,
  ) => {
    const changed = was !== undefined && Math.abs(was - now) > 1e-9;
    lines.push(
      `| ${name} | ${target === undefined ? "-" : fmt(target)} | ${was === undefined ? "-" : fmt(was)} | ${changed ? `**${fmt(now)}**` : fmt(now)} | ${verdict(now, target, problem)} |`,
    );
  };
  for (const t of head.tables)
    row(t.key, t.target, before?.tables.find((b) => b.key === t.key)?.minutes, t.minutes);
  for (const d of head.dataSets)
    row(
      `dashboard: ${d.dataSet}`,
      d.target,
      before?.dataSets.find((b) => b.dataSet === d.dataSet)?.minutes,
      d.minutes,
      d.problem,
    );
  lines.push("");
  return lines.join("\n");
}
