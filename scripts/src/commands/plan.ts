import { join } from "node:path";
import { layersFlag, type ParsedArgs, stacksFlag, stringFlag } from "../args";
import { runPlan } from "../plan/run-plan";
import { writePlan } from "../plan/write-plan";
import { REPO_ROOT } from "../repo-root";

/** `lakehouse plan [--stack dev|prod] [--layers a,b] [--out dir]`: the offline plan, written to .plan/. */
export async function planCommand(
  args: ParsedArgs,
  log: (line: string) => void = console.log,
): Promise<number> {
  const stacks = stacksFlag(args.flags);
  const layers = layersFlag(args.flags);
  const outDir = stringFlag(args.flags, "out") ?? join(REPO_ROOT, ".plan");
  for (const stack of stacks) {
    const started = performance.now();
    const plans = await runPlan({ repoRoot: REPO_ROOT, stack, layers });
    const files = writePlan(outDir, stack, plans);
    const count = plans.reduce((n, p) => n + p.resources.length, 0);
    log(
      `plan ${stack}: ${plans.length} programs, ${count} resources in ${((performance.now() - started) / 1000).toFixed(1)} s -> ${files.length} files in ${join(outDir, stack)}`,
    );
  }
  return 0;
}
