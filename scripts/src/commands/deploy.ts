import { join } from "node:path";
import { LAYERS } from "@lakehouse/contracts";
import { allowFlags, booleanFlag, layersFlag, type ParsedArgs, positiveIntFlag, stacksFlag } from "../args";
import type { CommandSpec } from "../command-spec";
import { realDriverFactory } from "../deploy/automation-driver";
import { resolveBackend } from "../deploy/backend";
import { explainDestroy } from "../deploy/destroy-plan";
import type { DriverFactory, Operation } from "../deploy/driver";
import { runLayers } from "../deploy/orchestrate";
import { requireConfig } from "../deploy/required-config";
import { openRunLog } from "../deploy/run-log";
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

const WHAT: Record<Operation, string> = {
  preview: "Previews the layers' stacks (Automation API, with the policy pack) in DAG order.",
  up: "Deploys the layers' stacks (Automation API, with the policy pack) in DAG order.",
  destroy:
    "Destroys the layers' stacks in reverse DAG order, first listing per layer what it keeps (retainOnDelete) and what protection stops.",
  refresh: "Refreshes the layers' stacks from the cloud in DAG order.",
};

export function deploySpec(operation: Operation): CommandSpec {
  const flags: Record<string, string> = {
    stack: "the stack (required)",
    layers: "only these layers (default: all)",
    parallel: `most layers of one wave at once (default ${DEFAULT_PARALLEL})`,
  };
  if (operation === "preview" || operation === "up") flags.diff = "show a detailed diff";
  if (operation !== "refresh") flags.refresh = "refresh the state first";
  return {
    name: operation,
    synopsis: `--stack <s> [--layers a,b] [--parallel N]${"diff" in flags ? " [--diff]" : ""}${"refresh" in flags ? " [--refresh]" : ""}`,
    description: `${WHAT[operation]} Stacks must exist (lakehouse init); a failed layer stops the layers that need it. Full engine output: .lakehouse/logs/.`,
    flags,
  };
}

/**
 * `lakehouse preview|up|destroy|refresh --stack <s> [--layers a,b] [--parallel N] [--diff] [--refresh]`:
 * the Automation API over the layers in DAG order; exit 1 when a layer failed or was skipped.
 */
export function deployCommand(operation: Operation) {
  return async (args: ParsedArgs, deps: DeployDeps = {}): Promise<number> => {
    const repoRoot = deps.repoRoot ?? REPO_ROOT;
    const show = deps.log ?? console.log;
    allowFlags(args, Object.keys(deploySpec(operation).flags));
    const [stack] = stacksFlag(args.flags, true) as [string];
    const layers = layersFlag(args.flags) ?? [...LAYERS];
    const parallel = positiveIntFlag(args.flags, "parallel", DEFAULT_PARALLEL);
    const diff = booleanFlag(args.flags, "diff");
    const refresh = booleanFlag(args.flags, "refresh");
    if (operation === "preview" || operation === "up") requireConfig(repoRoot, layers, stack);
    const backend = resolveBackend(repoRoot, deps.env ?? process.env);
    const driverFor = deps.driverFor ?? realDriverFactory(backend);
    const runLog = openRunLog(repoRoot, operation, stack);
    const log = (line: string) => {
      show(line);
      runLog.write(line);
    };
    log(`${operation} ${stack}: ${layers.join(", ")} (backend ${backend.url})`);
    if (operation === "destroy")
      for (const line of await explainDestroy(repoRoot, stack, layers, driverFor)) log(line);
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
      logDetail: runLog.write,
    });
    log("");
    log(renderSummaryTable(operation, stack, runs));
    show(`\nfull log: ${runLog.path}`);
    return runs.every((r) => r.status === "succeeded") ? 0 : 1;
  };
}
