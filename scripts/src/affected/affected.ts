import { LAYERS, type Layer, projectDir, stackConfigDir, withDownstream } from "@lakehouse/contracts";
import { changedFiles } from "./git";
import { dependencyClosure, readWorkspace } from "./workspace-graph";

/** Root files every layer is built with: a change to one affects them all. */
export const ROOT_FILES = [
  "pnpm-lock.yaml",
  "package.json",
  "pnpm-workspace.yaml",
  "turbo.json",
  "tsconfig.base.json",
  "biome.json",
];

export interface Affected {
  base: string;
  files: string[];
  /** Affected layers in DAG order (downstream layers included). */
  layers: Layer[];
  /** Why each layer is affected: the files that touch it, or the upstream layer it follows. */
  reasons: Partial<Record<Layer, string[]>>;
}

/** Maps changed files to the layers they affect, then adds every layer downstream. */
export function affectedLayers(repoRoot: string, files: string[], base = ""): Affected {
  const workspace = readWorkspace(repoRoot);
  const closures = new Map(
    LAYERS.map((l) => {
      const pkg = workspace.find((p) => p.dir === projectDir(l));
      return [l, pkg ? dependencyClosure(workspace, pkg.name) : new Set<string>()];
    }),
  );
  const reasons: Partial<Record<Layer, string[]>> = {};
  const touch = (l: Layer, why: string) => {
    reasons[l] = [...(reasons[l] ?? []), why];
  };
  for (const file of files) {
    if (ROOT_FILES.includes(file)) {
      for (const l of LAYERS) touch(l, file);
      continue;
    }
    for (const l of LAYERS) {
      if (within(file, projectDir(l)) || within(file, stackConfigDir(l))) touch(l, file);
    }
    // the package owning the file (deepest folder), then every layer whose project needs it
    const owner = workspace.filter((p) => within(file, p.dir)).sort((a, b) => b.dir.length - a.dir.length)[0];
    if (owner) {
      for (const l of LAYERS) {
        if (owner.dir !== projectDir(l) && closures.get(l)?.has(owner.name))
          touch(l, `${file} (${owner.name})`);
      }
    }
  }
  const direct = LAYERS.filter((l) => reasons[l]);
  const layers = withDownstream(direct);
  for (const l of layers) {
    if (!reasons[l]) {
      const upstream = direct.filter((d) => withDownstream([d]).includes(l));
      reasons[l] = upstream.map((u) => `downstream of ${u}`);
    }
  }
  return { base, files, layers, reasons };
}

/** `affectedLayers` for the files changed since `base` (committed, uncommitted and untracked). */
export function affectedSince(repoRoot: string, base: string): Affected {
  return affectedLayers(repoRoot, changedFiles(repoRoot, base), base);
}

const within = (file: string, dir: string) => file.startsWith(`${dir}/`);
