import { resolve } from "node:path";
import {
  BOOTSTRAP,
  LAYER_DEPENDENCIES,
  LAYERS,
  type Layer,
  type ProgramName,
  placementOf,
  projectName,
  type Topology,
  topology,
  useTopology,
} from "@lakehouse/contracts";
import { arnOutputOf, readStackConfig, runProgram } from "@lakehouse/testing";
import type { PlanFile, PlanResource } from "./plan-file";

export type ProgramFn = () => Promise<Record<string, unknown>>;
export type ProgramLoader = (program: ProgramName) => Promise<ProgramFn>;

export interface PlanOptions {
  repoRoot: string;
  stack: string;
  /** Layers asked for; their upstream layers run too (their outputs feed the stack references). */
  layers?: Layer[];
  /** Loads a program's function; default: `projects/<name>/src/program.ts` export `program`. */
  loadProgram?: ProgramLoader;
  /** Replaces a program's outputs before consumers see them (tests use it to drop an output). */
  alterOutputs?: (program: ProgramName, outputs: Record<string, unknown>) => Record<string, unknown>;
  /** Replaces a program's stack config before it runs (the data-path tests plan a variant of a stack). */
  alterConfig?: (program: ProgramName, config: Record<string, string>) => Record<string, string>;
  /** The account topology to plan under (default: `stacks/accounts.yaml`); every program sees it. */
  topology?: Topology;
}

/** A plan failure names the program, the stack and the cause. */
export class PlanError extends Error {
  constructor(
    readonly program: ProgramName,
    readonly stackName: string,
    reason: unknown,
  ) {
    super(
      `offline plan of ${program} (stack ${stackName}) failed: ${reason instanceof Error ? reason.message : String(reason)}`,
    );
    this.name = "PlanError";
  }
}

export const defaultProgramLoader =
  (repoRoot: string): ProgramLoader =>
  async (program) => {
    // require, not import(): the CLI runs under tsx's CommonJS hook, like Pulumi runs programs under ts-node.
    const mod = require(resolve(repoRoot, "projects", program, "src", "program.ts")) as {
      program: ProgramFn;
    };
    return mod.program;
  };

/** Programs to run for a selection: the bootstrap, the selected layers and everything upstream of them, in DAG order. */
export function programsFor(layers?: Layer[]): ProgramName[] {
  if (!layers) return [BOOTSTRAP, ...LAYERS];
  const needed = new Set<Layer>();
  const visit = (l: Layer) => {
    if (needed.has(l)) return;
    needed.add(l);
    for (const d of LAYER_DEPENDENCIES[l]) visit(d);
  };
  for (const l of layers) visit(l);
  return [BOOTSTRAP, ...LAYERS.filter((l) => needed.has(l))];
}

/**
 * Runs the programs of one stack under the mock harness in DAG order, feeding each layer's real
 * exported outputs to its consumers' stack references. No CLI, cloud or network.
 */
export async function runPlan(options: PlanOptions): Promise<PlanFile[]> {
  const previous = options.topology ? topology() : undefined;
  if (options.topology) useTopology(options.topology);
  try {
    return await planStack(options);
  } finally {
    if (options.topology) useTopology(previous);
  }
}

/** Each program runs in the stack's own account and region, as `stacks/accounts.yaml` places it. */
async function planStack(options: PlanOptions): Promise<PlanFile[]> {
  const load = options.loadProgram ?? defaultProgramLoader(options.repoRoot);
  const { account, region } = placementOf(options.stack);
  const outputsByProject = new Map<string, Record<string, unknown>>();
  const plans: PlanFile[] = [];
  for (const program of programsFor(options.layers)) {
    const { config, secretKeys } = readStackConfig(options.repoRoot, program, options.stack);
    const fn = await load(program);
    let run: Awaited<ReturnType<typeof runProgram>>;
    try {
      run = await runProgram(fn, {
        project: projectName(program),
        stack: options.stack,
        account,
        region,
        config: options.alterConfig ? options.alterConfig(program, config) : config,
        secretKeys,
        stackOutputs: (name) => {
          const [, project] = name.split("/");
          return project ? outputsByProject.get(project) : undefined;
        },
      });
    } catch (err) {
      throw new PlanError(program, options.stack, err);
    }
    const outputs = options.alterOutputs ? options.alterOutputs(program, run.outputs) : run.outputs;
    outputsByProject.set(projectName(program), outputs);
    const stackUrn = run.recorder.resources.find((r) => r.type === "pulumi:pulumi:Stack")?.urn;
    const resources: PlanResource[] = run.recorder.resources
      .filter((r) => r.type !== "pulumi:pulumi:Stack")
      .map((r) => ({ r, arn: r.custom ? r.state[arnOutputOf(r.type) ?? ""] : undefined }))
      .map(({ r, arn }) => ({
        urn: r.urn,
        id: r.id,
        type: r.type,
        name: r.name,
        // the ARN output the provider gives the type (arn, endpointArn, flowArn): none for companions
        ...(typeof arn === "string" ? { arn } : {}),
        parent: r.parent === stackUrn ? null : r.parent,
        inputs: r.planInputs,
        protect: r.protect,
        retainOnDelete: r.retainOnDelete,
        ...(r.aliases.length > 0 ? { aliases: r.aliases } : {}),
      }));
    // each distinct call once (a component per table calls getRegion each time)
    const invokes = [
      ...new Map(run.recorder.invokes.map((i) => [`${i.token} ${JSON.stringify(i.args)}`, i])).values(),
    ];
    plans.push({
      layer: program,
      project: projectName(program),
      stack: options.stack,
      account,
      region,
      resources,
      invokes,
      outputs,
      references: run.references,
    });
  }
  return plans;
}
