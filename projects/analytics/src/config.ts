import { commonConfigShape } from "@lakehouse/components";
import { loadConfig } from "@lakehouse/contracts";

/** Config of the analytics layer (stacks/analytics/Pulumi.<stack>.yaml). */
export const analyticsConfigShape = {
  ...commonConfigShape,
};

export function analyticsConfig() {
  return loadConfig("analytics", analyticsConfigShape);
}
