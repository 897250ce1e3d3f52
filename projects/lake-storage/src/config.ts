import { commonConfigShape } from "@lakehouse/components";
import { loadConfig } from "@lakehouse/contracts";

/** Config of the lake-storage layer (stacks/lake-storage/Pulumi.<stack>.yaml). */
export const lakeStorageConfigShape = {
  ...commonConfigShape,
};

export function lakeStorageConfig() {
  return loadConfig("lake-storage", lakeStorageConfigShape);
}
