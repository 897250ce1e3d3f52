import { commonConfigShape } from "@lakehouse/components";
import { loadConfig } from "@lakehouse/contracts";

/** Config of the transformation layer (stacks/transformation/Pulumi.<stack>.yaml). */
export const transformationConfigShape = {
  ...commonConfigShape,
};

export function transformationConfig() {
  return loadConfig("transformation", transformationConfigShape);
}
