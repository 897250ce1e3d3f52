import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { UsageError } from "../args";
import type { PlanFile } from "../plan/plan-file";

/**
 * The plan files of `stack` under `dir`: `<dir>/<stack>/*.json` as `lakehouse plan --out <dir>`
 * writes them, or `<dir>/*.json` when `dir` is the stack folder itself.
 */
export function readPlans(dir: string, stack: string): PlanFile[] {
  const candidates = [join(dir, stack), dir].filter((d) => existsSync(d) && statSync(d).isDirectory());
  for (const d of candidates) {
    const plans = readdirSync(d)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .map((f) => JSON.parse(readFileSync(join(d, f), "utf8")) as PlanFile)
      .filter((p) => p.stack === stack && Array.isArray(p.resources));
    if (plans.length > 0) return plans;
  }
  throw new UsageError(
    `--diff ${dir}: no offline plan of stack ${stack} there (expected ${join(dir, stack)}/lakehouse-*.json, written by "lakehouse plan --stack ${stack} --out ${dir}")`,
  );
}
