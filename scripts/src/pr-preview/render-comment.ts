import { LAYER_DEPENDENCIES, type Layer } from "@lakehouse/contracts";
import type { ResourceStep } from "../deploy/driver";
import type { LayerRun } from "../deploy/orchestrate";

/** GitHub rejects comments over 65,536 characters; the folded diffs share what is left. */
const DIFF_BUDGET = 50_000;

export const COMMENT_MARKER = "<!-- lakehouse-pr-preview -->";

export interface CommentInput {
  stack: string;
  base: string;
  /** Affected layers in DAG order. */
  affected: Layer[];
  /** Why each layer is affected. */
  reasons: Partial<Record<Layer, string[]>>;
  runs: LayerRun[];
}

/** The pull request comment: counts per layer, replacements and deletions first, policy violations, folded diffs. */
export function renderComment(input: CommentInput): string {
  const lines = [COMMENT_MARKER, `## Pulumi preview: stack \`${input.stack}\``, ""];
  if (input.affected.length === 0) {
    lines.push(`No layer is affected by the changes since \`${input.base}\`; nothing to preview.`);
    return `${lines.join("\n")}\n`;
  }
  lines.push(
    `Layers affected since \`${input.base}\`: ${input.affected.join(", ")}.`,
    "",
    "| layer | create | update | replace | delete | same | policy violations | result |",
    "|---|---:|---:|---:|---:|---:|---:|---|",
  );
  const runOf = (l: Layer) => input.runs.find((r) => r.layer === l);
  for (const layer of input.affected) {
    const run = runOf(layer);
    const c = run?.changes;
    const n = (v: number | undefined) => (c ? String(v) : "-");
    const result = !run
      ? "not previewed"
      : run.status === "succeeded"
        ? "ok"
        : `${run.status}: ${run.reason ?? ""}`;
    lines.push(
      `| ${layer} | ${n(c?.create)} | ${n(c?.update)} | ${bold(c?.replace)} | ${bold(c?.delete)} | ${n(c?.same)} | ${run?.result?.policyViolations.length ?? "-"} | ${result.replace(/\|/g, "\\|")} |`,
    );
  }
  const perDiff = Math.floor(DIFF_BUDGET / input.affected.length);
  for (const layer of input.affected) {
    const run = runOf(layer);
    lines.push("", `### ${layer}`, "");
    lines.push(`_Affected by: ${(input.reasons[layer] ?? []).slice(0, 5).join(", ")}_`, "");
    const note = upstreamNote(layer, input);
    if (note) lines.push(`> [!NOTE]`, `> ${note}`, "");
    if (!run) {
      lines.push("Not previewed yet.");
      continue;
    }
    if (run.status !== "succeeded" || !run.result) {
      lines.push(`Preview ${run.status}: ${run.reason ?? "no result"}`);
      continue;
    }
    const destructive = run.result.steps.filter((s) => isReplace(s) || s.op === "delete");
    if (destructive.length > 0) {
      lines.push("> [!WARNING]", "> **Replaced or deleted**", ">");
      for (const s of destructive) lines.push(`> - ${describeStep(s)}`);
      lines.push("");
    }
    if (run.result.policyViolations.length > 0) {
      lines.push("**Policy violations**", "");
      for (const v of run.result.policyViolations) {
        lines.push(
          `- **${v.level}** \`${v.policyPack}/${v.policy}\`${v.urn ? ` on \`${resourceName(v.urn)}\`` : ""}: ${v.message.trim().split("\n")[0]}`,
        );
      }
      lines.push("");
    }
    if (!run.result.stdout.trim()) continue;
    lines.push(
      "<details><summary>Full diff</summary>",
      "",
      "````diff",
      truncate(run.result.stdout.trimEnd(), perDiff),
      "````",
      "",
      "</details>",
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * A downstream preview reads its upstream layers' deployed outputs; when this pull request also
 * changes an upstream layer, say so, naming the outputs its preview showed changing.
 */
function upstreamNote(layer: Layer, input: CommentInput): string | undefined {
  const changedUpstream = LAYER_DEPENDENCIES[layer].filter((d) => input.affected.includes(d));
  if (changedUpstream.length === 0) return undefined;
  const parts = changedUpstream.map((d) => {
    const outputs = input.runs.find((r) => r.layer === d)?.result?.outputChanges ?? [];
    return outputs.length > 0
      ? `${d} (its preview changes outputs ${outputs.map((o) => `\`${o}\``).join(", ")})`
      : `${d} (changed by this pull request, not yet deployed)`;
  });
  return `This preview ran against the currently deployed outputs of ${parts.join(" and ")}. It may differ once the upstream change is deployed.`;
}

const isReplace = (s: ResourceStep) => s.op === "replace" || s.op === "create-replacement";

function describeStep(s: ResourceStep): string {
  const why =
    isReplace(s) && s.replaceKeys?.length
      ? ` (because of ${s.replaceKeys.map((k) => `\`${k}\``).join(", ")})`
      : "";
  return `**${isReplace(s) ? "replace" : "delete"}** \`${s.type}\` \`${resourceName(s.urn)}\`${why}`;
}

/** The resource name is the URN's last `::` segment. */
const resourceName = (urn: string) => urn.split("::").pop() ?? urn;

const bold = (v: number | undefined) => (v === undefined ? "-" : v > 0 ? `**${v}**` : "0");

function truncate(text: string, max: number): string {
  return text.length <= max
    ? text
    : `${text.slice(0, max)}\n... (truncated: the full diff is in the workflow log)`;
}
