import { resolve } from "node:path";
import { LAYER_DEPENDENCIES, type Layer, pulumiWorkDir, waves, withDownstream } from "@lakehouse/contracts";
import type { ChangeCounts, DriverFactory, Operation, OperationResult } from "./driver";
import { summarizeFailure } from "./layer-failure";
import { linePrefixer } from "./line-prefixer";

export type RunStatus = "succeeded" | "failed" | "skipped";

export interface LayerRun {
  layer: Layer;
  status: RunStatus;
  durationMs: number;
  changes?: ChangeCounts;
  result?: OperationResult;
  /** Why it failed or was skipped. */
  reason?: string;
}

export interface RunLayersOptions {
  operation: Operation;
  repoRoot: string;
  stack: string;
  layers: Layer[];
  /** Most layers of one wave running at the same time. */
  parallel: number;
  driverFor: DriverFactory;
  policyPacks?: string[];
  diff?: boolean;
  refresh?: boolean;
  /** Every line of engine output and stderr (prefixed with its layer) and every progress message. */
  log: (line: string) => void;
  /** The full text of each failure (for the run's log file). */
  logDetail?: (text: string) => void;
}

/**
 * Runs an operation over layers in DAG order (destroy in reverse): each wave's layers run
 * concurrently, at most `parallel` at a time. A failed layer skips the layers that need it
 * (its dependents; for destroy, its dependencies) while the rest of its wave finishes.
 */
export async function runLayers(options: RunLayersOptions): Promise<LayerRun[]> {
  const ordered = options.operation === "destroy" ? waves(options.layers).reverse() : waves(options.layers);
  const runs = new Map<Layer, LayerRun>();
  const blockedBy = new Map<Layer, Layer>();
  for (const wave of ordered) {
    await inPool(wave, options.parallel, async (layer) => {
      const blocker = blockedBy.get(layer);
      if (blocker) {
        const reason = `not run: ${blocker} failed`;
        options.log(`[${layer}] ${reason}`);
        runs.set(layer, { layer, status: "skipped", durationMs: 0, reason });
        return;
      }
      const run = await runOne(layer, options);
      runs.set(layer, run);
      if (run.status === "failed") {
        for (const other of needing(layer, options.operation)) {
          if (options.layers.includes(other) && !blockedBy.has(other)) blockedBy.set(other, layer);
        }
      }
    });
  }
  return ordered.flat().map((l) => runs.get(l) as LayerRun);
}

async function runOne(layer: Layer, options: RunLayersOptions): Promise<LayerRun> {
  const started = performance.now();
  const out = linePrefixer(layer, options.log);
  const err = linePrefixer(layer, options.log);
  options.log(`[${layer}] ${options.operation} ${options.stack} ...`);
  try {
    const driver = await options.driverFor({
      layer,
      stack: options.stack,
      workDir: resolve(options.repoRoot, pulumiWorkDir(layer)),
    });
    const result = await driver[options.operation]({
      onOutput: out.write,
      onError: err.write,
      policyPacks: options.policyPacks,
      diff: options.diff,
      refresh: options.refresh,
    });
    out.flush();
    err.flush();
    return {
      layer,
      status: "succeeded",
      durationMs: performance.now() - started,
      changes: result.changes,
      result,
    };
  } catch (error) {
    out.flush();
    err.flush();
    const failure = summarizeFailure(error, "", []);
    const reason = failure.summary;
    options.log(`[${layer}] ${options.operation} failed: ${reason}`);
    options.logDetail?.(`[${layer}] ${options.operation} ${options.stack} failed:\n${failure.detail}\n`);
    return { layer, status: "failed", durationMs: performance.now() - started, reason };
  }
}

/** Layers that cannot run once `layer` failed: downstream for deployments, upstream for destroy. */
function needing(layer: Layer, operation: Operation): Layer[] {
  if (operation !== "destroy") return withDownstream([layer]).filter((l) => l !== layer);
  const upstream = new Set<Layer>();
  const visit = (l: Layer) => {
    for (const d of LAYER_DEPENDENCIES[l]) {
      if (!upstream.has(d)) {
        upstream.add(d);
        visit(d);
      }
    }
  };
  visit(layer);
  return [...upstream];
}

/** Runs `work` over `items`, at most `limit` at a time. */
async function inPool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
