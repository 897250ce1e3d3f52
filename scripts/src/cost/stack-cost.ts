import type { PlanFile } from "../plan/plan-file";
import { type CostEstimate, estimateCost } from "./estimate";
import { loadPriceSnapshot, type PriceSnapshot } from "./price-book";
import { readStackCostConfig, type StackCostConfig } from "./stack-cost-config";

/** A stack's estimate from its plan, its stack config and its region's committed price snapshot. */
export function stackCost(
  repoRoot: string,
  stack: string,
  plans: PlanFile[],
  pricesDir?: string,
): { estimate: CostEstimate; config: StackCostConfig; prices: PriceSnapshot } {
  const config = readStackCostConfig(repoRoot, stack);
  const prices = loadPriceSnapshot(config.region, pricesDir);
  return { estimate: estimateCost(stack, config.region, plans, config.usage, prices), config, prices };
}
