import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { affectedSince } from "../affected/affected";
import { requireCleanTree } from "../affected/git";
import {
  allowFlags,
  booleanFlag,
  layersFlag,
  type ParsedArgs,
  positiveIntFlag,
  stacksFlag,
  stringFlag,
  UsageError,
} from "../args";
import type { CommandSpec } from "../command-spec";
import { realDriverFactory } from "../deploy/automation-driver";
import { resolveBackend } from "../deploy/backend";
import { runLayers } from "../deploy/orchestrate";
import { requireConfig } from "../deploy/required-config";
import { openRunLog } from "../deploy/run-log";
import {
  guardVerdict,
  parseLabels,
  previewStatefulChanges,
  renderGuard,
  STATEFUL_APPROVAL_LABEL,
} from "../guard/stateful-guard";
import { renderComment } from "../pr-preview/render-comment";
import { loadRuns, saveRuns } from "../pr-preview/results";
import { REPO_ROOT } from "../repo-root";
import { DEFAULT_PARALLEL, type DeployDeps, policyPackDir } from "./deploy";

export const prPreviewSpec: CommandSpec = {
  name: "pr-preview",
  synopsis:
    "--base <ref> --stack <s> [--out comment.md] [--layers a,b] [--results dir] [--render-only] [--parallel N] [--pr-labels json]",
  description:
    "Previews the layers affected since <ref> (Automation API, policy pack, diff, refresh) and writes one pull request comment from every preview saved in --results.",
  flags: {
    base: "the pull request's base, e.g. origin/main (required)",
    stack: "the stack to preview (required)",
    out: "the comment file (default comment.md)",
    layers: "preview only these of the affected layers",
    results: "folder where each layer's preview is saved and read back",
    "render-only": "write the comment from --results without previewing",
    parallel: "most layers previewed at once (default 4)",
    "pr-labels": `the pull request's labels as a JSON array; "${STATEFUL_APPROVAL_LABEL}" lets a stateful replace or delete through (exit 1 otherwise)`,
  },
};

/**
 * `lakehouse pr-preview --base <ref> --stack <s> [--out comment.md] [--layers a,b] [--results dir]
 * [--render-only] [--parallel N]`: previews the layers affected since `base` (with `--layers`,
 * only those of them), saves each layer's result in `--results`, and writes one Markdown comment
 * from every result saved there. `--render-only` writes the comment without previewing.
 */
export async function prPreviewCommand(args: ParsedArgs, deps: DeployDeps = {}): Promise<number> {
  const repoRoot = deps.repoRoot ?? REPO_ROOT;
  const show = deps.log ?? console.log;
  allowFlags(args, Object.keys(prPreviewSpec.flags));
  const base = stringFlag(args.flags, "base");
  if (!base)
    throw new UsageError(
      "pr-preview: --base <git ref> is required (the pull request's base, e.g. origin/main)",
    );
  const [stack] = stacksFlag(args.flags, true) as [string];
  const only = layersFlag(args.flags);
  const out = resolve(stringFlag(args.flags, "out") ?? join(repoRoot, "comment.md"));
  const results = stringFlag(args.flags, "results");
  const renderOnly = booleanFlag(args.flags, "render-only");
  if (renderOnly && results === undefined)
    throw new UsageError(
      "pr-preview: --render-only needs --results <dir> (where earlier runs saved their previews)",
    );
  const parallel = positiveIntFlag(args.flags, "parallel", DEFAULT_PARALLEL);
  const labels = parseLabels(stringFlag(args.flags, "pr-labels"));
  requireCleanTree(repoRoot, "pr-preview");
  const affected = affectedSince(repoRoot, base);
  const resultsDir = resolve(results ?? mkdtempSync(join(tmpdir(), "lakehouse-preview-")));

  let failed = false;
  const runLog = openRunLog(repoRoot, "pr-preview", stack);
  const log = (line: string) => {
    show(line);
    if (!renderOnly) runLog.write(line);
  };
  if (!renderOnly) {
    const layers = affected.layers.filter((l) => !only || only.includes(l));
    requireConfig(repoRoot, layers, stack);
    const backend = resolveBackend(repoRoot, deps.env ?? process.env);
    const driverFor = deps.driverFor ?? realDriverFactory(backend);
    log(
      `pr-preview ${stack}: affected ${affected.layers.join(", ") || "(none)"}; previewing ${layers.join(", ") || "(none)"}`,
    );
    const runs = await runLayers({
      operation: "preview",
      repoRoot,
      stack,
      layers,
      parallel,
      driverFor,
      policyPacks: [policyPackDir(repoRoot)],
      diff: true,
      refresh: true,
      log,
      logDetail: runLog.write,
    });
    saveRuns(resultsDir, runs);
    failed = runs.some((r) => r.status !== "succeeded");
    show(`full log: ${runLog.path}`);
  }
  const runs = loadRuns(resultsDir).filter((r) => affected.layers.includes(r.layer));
  // A replace or delete of a stateful resource fails the check unless the pull request carries the label.
  const verdict = guardVerdict(previewStatefulChanges(runs), labels);
  const comment = renderComment({ stack, base, affected: affected.layers, reasons: affected.reasons, runs });
  const guard = renderGuard(stack, verdict);
  writeFileSync(out, guard ? comment.replace(/\n\n/, `\n\n${guard}\n`) : comment);
  log(`pr-preview ${stack}: comment -> ${out}`);
  if (verdict.blocked)
    log(
      `pr-preview ${stack}: ${verdict.changes.length} stateful resource(s) replaced or deleted (${verdict.changes.map((c) => `${c.op} ${c.layer}/${c.name}`).join(", ")}); the check fails without the label ${STATEFUL_APPROVAL_LABEL}`,
    );
  return failed || verdict.blocked ? 1 : 0;
}
