import { allowFlags, type ParsedArgs, stacksFlag, stringFlag } from "../args";
import type { CommandSpec } from "../command-spec";
import { budgetViolation } from "../cost/budget";
import { totals } from "../cost/estimate";
import { costHeadline, dollars, renderCostTable } from "../cost/render";
import { stackCost } from "../cost/stack-cost";
import { type ProgramLoader, runPlan } from "../plan/run-plan";
import { readPlans } from "../plan-diff/read-plans";
import { REPO_ROOT } from "../repo-root";

export const costSpec: CommandSpec = {
  name: "cost",
  synopsis: "--stack <s> [--plan <dir>]",
  description:
    "The stack's monthly cost estimate as a table: each priced resource per layer, fixed (idle) and usage-driven, the unpriced resources, and the budget (exit 1 over monthlyBudgetUsd).",
  flags: {
    stack: "the stack to estimate (required)",
    plan: "a plan folder written by `lakehouse plan --out` (default: plan the stack now, offline)",
  },
};

export interface CostDeps {
  repoRoot?: string;
  log?: (line: string) => void;
  loadProgram?: ProgramLoader;
}

/** `lakehouse cost --stack <s> [--plan <dir>]`. */
export async function costCommand(args: ParsedArgs, deps: CostDeps = {}): Promise<number> {
  const repoRoot = deps.repoRoot ?? REPO_ROOT;
  const log = deps.log ?? console.log;
  allowFlags(args, Object.keys(costSpec.flags));
  const [stack] = stacksFlag(args.flags, true) as [string];
  const dir = stringFlag(args.flags, "plan");
  const plans =
    dir === undefined
      ? await runPlan({ repoRoot, stack, loadProgram: deps.loadProgram })
      : readPlans(dir, stack);
  const { estimate, config } = stackCost(repoRoot, stack, plans);
  log(costHeadline(estimate));
  log("");
  log(renderCostTable(estimate));
  const over = budgetViolation(estimate, config.monthlyBudgetUsd, config.file);
  log("");
  if (config.monthlyBudgetUsd === undefined) log(`budget: none set (monthlyBudgetUsd in ${config.file})`);
  else if (over) log(`budget: ${over}`);
  else
    log(
      `budget: ${dollars(totals(estimate.lines).totalUsd)} of ${dollars(config.monthlyBudgetUsd)} (monthlyBudgetUsd in ${config.file})`,
    );
  return over ? 1 : 0;
}
