import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { buildSync } from "esbuild";

/** Where the code that runs in AWS lives. */
export const FUNCTIONS_DIR = join(__dirname, "..", "functions");

/**
 * Bundles the CDC handler into one CommonJS file. The AWS SDK v3 stays external: the nodejs22.x
 * runtime provides it, which keeps the artifact small and reviewable in the plan. Target node20
 * so the very same bundle runs in the tests on this machine. The output is a pure function of
 * the sources (paths are relative to the functions directory, no timestamps), so an unchanged
 * handler never shows up as a diff.
 */
export function bundleCdcHandler(): string {
  return bundleFunction("cdc-handler");
}

/** One function directory under functions/ as one CommonJS file (see bundleCdcHandler). */
export function bundleFunction(dir: string): string {
  const result = buildSync({
    entryPoints: [`${dir}/index.ts`],
    absWorkingDir: FUNCTIONS_DIR,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: ["@aws-sdk/*"],
    legalComments: "none",
    sourcemap: false,
    write: false,
    logLevel: "silent",
  });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for functions/${dir}`);
  return file.text;
}

/** The Lambda deployment package: `index.js` with `exports.handler`. */
export function cdcHandlerArchive(): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundleCdcHandler()) });
}

/** The DMS replication-user function's deployment package. */
export function dmsUserArchive(): pulumi.asset.AssetArchive {
  return new pulumi.asset.AssetArchive({
    "index.js": new pulumi.asset.StringAsset(bundleFunction("dms-user")),
  });
}
