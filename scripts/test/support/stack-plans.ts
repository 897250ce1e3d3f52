import { type Layer, type Topology, topology } from "@lakehouse/contracts";
import type { PlanFile } from "../../src/plan/plan-file";
import { runPlan } from "../../src/plan/run-plan";
import { REPO_ROOT } from "../../src/repo-root";
import { importProgram } from "./import-program";

const plans = new Map<string, Promise<PlanFile[]>>();

/**
 * The offline plan of a stack of this repository, as `runPlan` makes it with the programs loaded
 * through import(): computed once per test worker (the files that share it run in one module
 * cache, see vitest.config.mts) for each stack, layer selection and topology, and handed to each
 * caller as a copy of its own, so a test that edits its plan changes no other test's.
 */
export async function stackPlan(
  stack: string,
  options: { layers?: Layer[]; topology?: Topology } = {},
): Promise<PlanFile[]> {
  // keyed by everything the plan depends on besides the repository's files: the stack, the
  // layers asked for and the topology it is planned under (the default one unless given)
  const key = JSON.stringify([stack, options.layers ?? null, options.topology ?? topology()]);
  let plan = plans.get(key);
  if (!plan) {
    plan = runPlan({ repoRoot: REPO_ROOT, stack, ...options, loadProgram: importProgram });
    plans.set(key, plan);
    // a failed plan is not kept: the next caller plans again and sees the failure itself
    plan.catch(() => plans.delete(key));
  }
  return structuredClone(await plan);
}
