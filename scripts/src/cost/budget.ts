import { type CostEstimate, largestLines, totals } from "./estimate";
import { dollars } from "./render";

/** How many of the largest lines an over-budget failure names. */
const NAMED_LINES = 3;

/**
 * Undefined when the estimate is within `budgetUsd` (or no budget is set); otherwise the failure,
 * naming the stack file to change and the largest lines to look at first.
 */
export function budgetViolation(
  e: CostEstimate,
  budgetUsd: number | undefined,
  file: string,
): string | undefined {
  if (budgetUsd === undefined) return undefined;
  const t = totals(e.lines);
  if (t.totalUsd <= budgetUsd) return undefined;
  const largest = largestLines(e, NAMED_LINES)
    .map((l) => `${l.layer} ${l.name} ${dollars(l.fixedUsd + l.usageUsd)}`)
    .join(", ");
  return `estimate ${dollars(t.totalUsd)}/month exceeds monthlyBudgetUsd ${dollars(budgetUsd)} (${file}) by ${dollars(t.totalUsd - budgetUsd)}; largest lines: ${largest}`;
}
