import { waves } from "@lakehouse/contracts";
import { type Affected, affectedSince } from "../affected/affected";
import { allowFlags, booleanFlag, type ParsedArgs, stringFlag, UsageError } from "../args";
import type { CommandSpec } from "../command-spec";
import { REPO_ROOT } from "../repo-root";

export const affectedSpec: CommandSpec = {
  name: "affected",
  synopsis: "--base <git ref> [--json]",
  description:
    "The layers changed since the merge base of <git ref> and HEAD (committed, uncommitted and untracked files), plus every layer downstream, in DAG order.",
  flags: {
    base: "git ref to compare with, e.g. origin/main (required)",
    json: "print JSON: layers, DAG waves, reasons and files",
  },
};

/**
 * `lakehouse affected --base <ref> [--json]`: the layers changed since `base`, in DAG order, one
 * per line. `--json` adds the files, the reasons and `waves`: the affected layers at their
 * position in the full DAG's waves (empty waves kept), which the deploy workflow turns into jobs.
 */
export async function affectedCommand(
  args: ParsedArgs,
  deps: { repoRoot?: string; log?: (line: string) => void } = {},
): Promise<number> {
  const log = deps.log ?? console.log;
  allowFlags(args, Object.keys(affectedSpec.flags));
  const base = stringFlag(args.flags, "base");
  if (!base) throw new UsageError("affected: --base <git ref> is required (e.g. --base origin/main)");
  const affected = affectedSince(deps.repoRoot ?? REPO_ROOT, base);
  if (booleanFlag(args.flags, "json")) log(JSON.stringify(toJson(affected), null, 2));
  else for (const l of affected.layers) log(l);
  return 0;
}

export function toJson(a: Affected) {
  return {
    base: a.base,
    layers: a.layers,
    waves: waves().map((wave) => wave.filter((l) => a.layers.includes(l))),
    reasons: a.reasons,
    files: a.files,
  };
}
