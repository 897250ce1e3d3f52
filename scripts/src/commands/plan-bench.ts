import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { allowFlags, type ParsedArgs, positiveIntFlag } from "../args";
import type { CommandSpec } from "../command-spec";
import { REPO_ROOT } from "../repo-root";

export const planBenchSpec: CommandSpec = {
  name: "plan-bench",
  synopsis: "[--runs N]",
  description:
    "Times the full offline plan of both stacks, each run in a fresh process, and prints the median.",
  flags: { runs: "number of runs (default 3)" },
};

/**
 * `lakehouse plan-bench [--runs N]`: the whole offline plan of every stack, each run in a fresh
 * process (cold module loading included, as `pnpm lakehouse plan` pays it), wall time per run and the median.
 */
export async function planBenchCommand(
  args: ParsedArgs,
  log: (line: string) => void = console.log,
): Promise<number> {
  allowFlags(args, Object.keys(planBenchSpec.flags));
  const runs = positiveIntFlag(args.flags, "runs", 3);
  const bin = join(REPO_ROOT, "scripts", "bin", "lakehouse.js");
  const times: number[] = [];
  for (let i = 1; i <= runs; i++) {
    const out = mkdtempSync(join(tmpdir(), "lakehouse-bench-"));
    const started = performance.now();
    const child = spawnSync(process.execPath, [bin, "plan", "--out", out], { encoding: "utf8" });
    const seconds = (performance.now() - started) / 1000;
    rmSync(out, { recursive: true, force: true });
    if (child.status !== 0) {
      log(child.stderr);
      return 1;
    }
    times.push(seconds);
    log(`run ${i}: ${seconds.toFixed(2)} s (plan of dev and prod, fresh process)`);
  }
  const sorted = [...times].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median =
    sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
  log(`median of ${runs}: ${median.toFixed(2)} s`);
  return 0;
}
