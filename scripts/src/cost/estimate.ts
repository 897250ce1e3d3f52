import type { CostUsage } from "@lakehouse/contracts";
import type { PlanFile } from "../plan/plan-file";
import { FREE_TYPES } from "./free-types";
import { glueRuns } from "./glue-runs";
import type { PriceSnapshot } from "./price-book";
import { type Charge, PRICERS, type PricingContext } from "./pricing";

/** One priced resource. */
export interface CostLine {
  layer: string;
  urn: string;
  type: string;
  name: string;
  fixedUsd: number;
  usageUsd: number;
  charges: Charge[];
}

export interface UnpricedResource {
  layer: string;
  urn: string;
  type: string;
  name: string;
  reason: string;
}

export interface CostEstimate {
  stack: string;
  region: string;
  lines: CostLine[];
  unpriced: UnpricedResource[];
  /** Resources counted as $0 on purpose (FREE_TYPES), by type. */
  free: Record<string, number>;
}

export interface Totals {
  fixedUsd: number;
  usageUsd: number;
  totalUsd: number;
}

/** Providers whose types are cloud resources; anything else (`lakehouse:`) is a component and bills nothing. */
const PROVIDERS = ["aws", "aws-native", "random"];

/** QuickSight bills per user subscription and SPICE capacity, at the account, not per data set. */
const QUICKSIGHT_REASON =
  "QuickSight is billed per author/reader subscription and SPICE capacity at the account, not per resource";

/** Prices every planned resource of one stack; what no function prices is listed as unpriced. */
export function estimateCost(
  stack: string,
  region: string,
  plans: PlanFile[],
  usage: CostUsage,
  prices: PriceSnapshot,
): CostEstimate {
  const all = plans.flatMap((p) => p.resources);
  const ctx: PricingContext = { prices, usage, all, glueRuns: glueRuns(all, usage.eventRunsPerWorkflow) };
  const lines: CostLine[] = [];
  const unpriced: UnpricedResource[] = [];
  const free: Record<string, number> = {};
  for (const plan of plans) {
    for (const r of plan.resources) {
      if (!PROVIDERS.includes(r.type.split(":")[0] as string)) continue;
      const base = { layer: plan.layer, urn: r.urn, type: r.type, name: r.name };
      const pricer = PRICERS[r.type];
      if (!pricer) {
        if (FREE_TYPES[r.type] !== undefined) free[r.type] = (free[r.type] ?? 0) + 1;
        else
          unpriced.push({
            ...base,
            reason: r.type.includes(":quicksight") ? QUICKSIGHT_REASON : "no pricing function for this type",
          });
        continue;
      }
      const result = pricer(r, ctx);
      if ("unpriced" in result) {
        unpriced.push({ ...base, reason: result.unpriced });
        continue;
      }
      const sum = (kind: Charge["kind"]) =>
        result.filter((c) => c.kind === kind).reduce((s, c) => s + c.usd, 0);
      lines.push({ ...base, fixedUsd: sum("fixed"), usageUsd: sum("usage"), charges: result });
    }
  }
  return { stack, region, lines, unpriced, free };
}

export function totals(lines: CostLine[]): Totals {
  const fixedUsd = lines.reduce((s, l) => s + l.fixedUsd, 0);
  const usageUsd = lines.reduce((s, l) => s + l.usageUsd, 0);
  return { fixedUsd, usageUsd, totalUsd: fixedUsd + usageUsd };
}

/** Totals per layer, in the order the layers appear in the estimate. */
export function layerTotals(estimate: CostEstimate): { layer: string; totals: Totals }[] {
  const layers = [...new Set(estimate.lines.map((l) => l.layer))];
  return layers.map((layer) => ({ layer, totals: totals(estimate.lines.filter((l) => l.layer === layer)) }));
}

/** The largest lines by monthly total. */
export function largestLines(estimate: CostEstimate, n: number): CostLine[] {
  return [...estimate.lines].sort((a, b) => b.fixedUsd + b.usageUsd - (a.fixedUsd + a.usageUsd)).slice(0, n);
}
