import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { LayerRun } from "../deploy/orchestrate";

/**
 * Each layer's preview is saved as `<dir>/<layer>.json`, so a workflow can preview layer by
 * layer (each with its own role) and render one comment from all of them at the end.
 */
export function saveRuns(dir: string, runs: LayerRun[]): void {
  mkdirSync(dir, { recursive: true });
  for (const run of runs) writeFileSync(join(dir, `${run.layer}.json`), `${JSON.stringify(run, null, 2)}\n`);
}

export function loadRuns(dir: string): LayerRun[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .map((f) => JSON.parse(readFileSync(join(dir, f), "utf8")) as LayerRun);
}
