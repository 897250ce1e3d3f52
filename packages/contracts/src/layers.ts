/**
 * The platform's layers and the stack-reference DAG between them (DESIGN section 3).
 * Everything that orders layers (the offline plan, the CLI, `affected`) reads this file.
 */
export const LAYERS = ["network", "lake-storage", "ingestion", "transformation", "analytics"] as const;
export type Layer = (typeof LAYERS)[number];

/** The bootstrap program (root Pulumi.yaml) runs before every layer and is referenced by none. */
export const BOOTSTRAP = "bootstrap" as const;
export type ProgramName = Layer | typeof BOOTSTRAP;

/** Which layers each layer reads through stack references. */
export const LAYER_DEPENDENCIES: { readonly [L in Layer]: readonly Layer[] } = {
  network: [],
  "lake-storage": [],
  ingestion: ["network", "lake-storage"],
  transformation: ["lake-storage", "ingestion"],
  analytics: ["lake-storage", "transformation"],
};

/** The team that owns each layer (CODEOWNERS and the `owner-team` tag agree with this). */
export const LAYER_OWNERS: { readonly [L in Layer]: string } = {
  network: "platform-network",
  "lake-storage": "platform-storage",
  ingestion: "data-ingestion",
  transformation: "data-engineering",
  analytics: "analytics-engineering",
};

export const STACKS = ["dev", "prod"] as const;
export type StackName = (typeof STACKS)[number];

export function isLayer(name: string): name is Layer {
  return (LAYERS as readonly string[]).includes(name);
}

/** Pulumi project name of a layer: `lakehouse-<layer>`. */
export function projectName(program: ProgramName): string {
  return `lakehouse-${program}`;
}

/** Folder of a program's code, relative to the repository root (the bootstrap's Pulumi.yaml is the root one). */
export function projectDir(program: ProgramName): string {
  return `projects/${program}`;
}

/** Folder holding a program's Pulumi.yaml, where `pulumi` commands run. */
export function pulumiWorkDir(program: ProgramName): string {
  return program === BOOTSTRAP ? "." : projectDir(program);
}

/** Folder of a layer's stack files, relative to the repository root. */
export function stackConfigDir(program: ProgramName): string {
  return `stacks/${program}`;
}

/** Stack file of a layer, relative to the repository root (used in error messages). */
export function stackFile(program: ProgramName, stack: string): string {
  return `${stackConfigDir(program)}/Pulumi.${stack}.yaml`;
}

/** Layers that read `layer`'s outputs directly. */
export function dependentsOf(layer: Layer): Layer[] {
  return LAYERS.filter((l) => LAYER_DEPENDENCIES[l].includes(layer));
}

/** `layers` plus every layer downstream of them, in DAG order. */
export function withDownstream(layers: Iterable<Layer>): Layer[] {
  const selected = new Set<Layer>(layers);
  let grew = true;
  while (grew) {
    grew = false;
    for (const l of LAYERS) {
      if (!selected.has(l) && LAYER_DEPENDENCIES[l].some((d) => selected.has(d))) {
        selected.add(l);
        grew = true;
      }
    }
  }
  return LAYERS.filter((l) => selected.has(l));
}

/**
 * Groups layers into waves: every layer of a wave depends only on layers of earlier waves,
 * so the layers of one wave can be deployed concurrently. Dependencies outside `layers`
 * are taken as already deployed.
 */
export function waves(layers: Iterable<Layer> = LAYERS): Layer[][] {
  const pending = new Set<Layer>(layers);
  const done = new Set<Layer>();
  const result: Layer[][] = [];
  while (pending.size > 0) {
    const wave = LAYERS.filter(
      (l) => pending.has(l) && LAYER_DEPENDENCIES[l].every((d) => done.has(d) || !pending.has(d)),
    );
    if (wave.length === 0) throw new Error(`layer dependency cycle among: ${[...pending].join(", ")}`);
    for (const l of wave) {
      pending.delete(l);
    }
    for (const l of wave) {
      done.add(l);
    }
    result.push(wave);
  }
  return result;
}
