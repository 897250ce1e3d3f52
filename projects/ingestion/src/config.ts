import { commonConfigShape } from "@lakehouse/components";
import { loadConfig } from "@lakehouse/contracts";

/** Config of the ingestion layer (stacks/ingestion/Pulumi.<stack>.yaml). */
export const ingestionConfigShape = {
  ...commonConfigShape,
};

export function ingestionConfig() {
  return loadConfig("ingestion", ingestionConfigShape);
}
