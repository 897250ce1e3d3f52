import { resolve } from "node:path";
import { type Layer, pulumiWorkDir } from "@lakehouse/contracts";
import type { DriverFactory } from "./driver";

/**
 * What a destroy will keep, read from each layer's state before it runs: resources with
 * `retainOnDelete` stay in the account (only the state forgets them); protected resources make
 * the destroy of their layer fail until they are unprotected, which is how prod keeps its data.
 */
export async function explainDestroy(
  repoRoot: string,
  stack: string,
  layers: Layer[],
  driverFor: DriverFactory,
): Promise<string[]> {
  const lines: string[] = [];
  for (const layer of layers) {
    let state: Awaited<ReturnType<Awaited<ReturnType<DriverFactory>>["resources"]>>;
    try {
      const driver = await driverFor({ layer, stack, workDir: resolve(repoRoot, pulumiWorkDir(layer)) });
      state = await driver.resources();
    } catch (err) {
      // e.g. the stack does not exist: the destroy of this layer fails below and names why
      lines.push(`[${layer}] state not read, so nothing to keep is listed: ${(err as Error).message}`);
      continue;
    }
    const kept = state.filter((r) => r.retainOnDelete);
    const protectedOnes = state.filter((r) => r.protect);
    lines.push(
      `[${layer}] destroy keeps ${kept.length} of ${state.length} resource(s) in the account (retainOnDelete: removed from the state, not deleted)${kept.length ? ":" : ""}`,
    );
    for (const r of kept) lines.push(`[${layer}]   keeps ${r.type} ${r.urn.split("::").pop()}`);
    if (protectedOnes.length > 0) {
      lines.push(
        `[${layer}] ${protectedOnes.length} resource(s) are protected, so this layer's destroy fails before deleting anything; to destroy it deliberately, first run "pulumi state unprotect --all" in ${pulumiWorkDir(layer)} (stack ${stack}):`,
      );
      for (const r of protectedOnes)
        lines.push(`[${layer}]   protected ${r.type} ${r.urn.split("::").pop()}`);
    }
  }
  return lines;
}
