import { join } from "node:path";
import { LAYERS } from "@lakehouse/contracts";
import { allowFlags, booleanFlag, layersFlag, type ParsedArgs, positiveIntFlag, stacksFlag } from "../args";
import { realDriverFactory } from "../deploy/automation-driver";
import { resolveBackend } from "../deploy/backend";
import type { DriverFactory, Operation } from "../deploy/driver";
import { runLayers } from "../deploy/orchestrate";
import { requireConfig } from "../deploy/required-config";
import { renderSummaryTable } from "../deploy/summary-table";
import { REPO_ROOT } from "../repo-root";

export interface DeployDeps {
  repoRoot?: string;
  env?: NodeJS.ProcessEnv;
  /** Replaces the Automation API (tests). */
  driverFor?: DriverFactory;
  log?: (line: string) => void;
}

export const DEFAULT_PARALLEL = 4;

/** The policy pack every preview and up enforces. */
export const policyPackDir = (repoRoot: string) => join(repoRoot, "packages", "policy");

/**
 * `lakehouse preview|up|destroy|refresh --stack <s> [--layers a,b] [--parallel N] [--diff] [--refresh]`:
 * the Automation API over the layers in DAG order; exit 1 when a layer failed or was skipped.
 */
export function deployCommand(operation: Operation) {
  return async (args: ParsedArgs, deps: DeployDeps = {}): Promise<number> => {
    const repoRoot = deps.repoRoot ?? REPO_ROOT;
    const log = deps.log ?? console.log;
    allowFlags(args, ["stack", "layers", "parallel", "diff", "refresh"]);
    const [stack] = stacksFlag(args.flags, true) as [string];
    const layers = layersFlag(args.flags) ?? [...LAYERS];
    const parallel = positiveIntFlag(args.flags, "parallel", DEFAULT_PARALLEL);
    const diff = booleanFlag(args.flags, "diff");
    const refresh = booleanFlag(args.flags, "refresh");
    if (operation === "preview" || operation === "up") requireConfig(repoRoot, layers, stack);
    const backend = resolveBackend(repoRoot, deps.env ?? process.env);
    const driverFor = deps.driverFor ?? realDriverFactory(backend);
    log(`${operation} ${stack}: ${layers.join(", ")} (backend ${backend.url})`);
    const runs = await runLayers({
      operation,
      repoRoot,
      stack,
      layers,
      parallel,
      driverFor,
      policyPacks: operation === "preview" || operation === "up" ? [policyPackDir(repoRoot)] : undefined,
      diff,
      refresh,
      log,
    });
    log("");
    log(renderSummaryTable(operation, stack, runs));
    return runs.every((r) => r.status === "succeeded") ? 0 : 1;
  };
}
