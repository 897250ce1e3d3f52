import { createRequire } from "node:module";
import { join } from "node:path";
import type { createHandler as CreateHandler } from "../../functions/cdc-handler/handler";
import { bundleCdcHandler, FUNCTIONS_DIR } from "../../src/bundle";

/** The exports of the deployed bundle (`index.js`). */
export interface CdcBundle {
  handler: (
    event: unknown,
    context?: unknown,
  ) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>;
  createHandler: typeof CreateHandler;
}

/**
 * Loads the exact bundle the program deploys (same esbuild call), as Lambda would: a CommonJS
 * module whose external `@aws-sdk/*` imports resolve to the SDK installed here.
 */
export function loadCdcBundle(): CdcBundle {
  const code = bundleCdcHandler();
  const module = { exports: {} as Record<string, unknown> };
  const requireFromFunctions = createRequire(join(FUNCTIONS_DIR, "cdc-handler", "index.js"));
  new Function("module", "exports", "require", code)(module, module.exports, requireFromFunctions);
  return module.exports as unknown as CdcBundle;
}
