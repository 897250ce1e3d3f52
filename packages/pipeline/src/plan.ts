import { join } from "node:path";
import type { PlanFile, PlanResource } from "@lakehouse/cli/src/plan/plan-file";
import { runPlan } from "@lakehouse/cli/src/plan/run-plan";

export const REPO_ROOT = join(__dirname, "..", "..", "..");
export type Stack = "dev" | "prod";

/**
 * A stack as its files configure it, or a variant of it: `dev-hash-key-only` is dev with a source
 * table keyed by its partition key alone (no sort key), the other key schema ingestion allows;
 * `dev-ga4-city` is dev with the GA4 flow pulling one more dimension, `city` (ingestion's
 * `ga4Dimensions`: the stack's list plus `city`), which the ga4_sessions spec does not declare.
 */
export type PlanVariant = Stack | "dev-hash-key-only" | "dev-ga4-city";

const GA4_DIMENSIONS = "lakehouse-ingestion:ga4Dimensions";

const VARIANTS: Record<
  PlanVariant,
  { stack: Stack; alter?: (config: Record<string, string>) => Record<string, string> }
> = {
  dev: { stack: "dev" },
  prod: { stack: "prod" },
  "dev-hash-key-only": {
    stack: "dev",
    alter: ({ "lakehouse-ingestion:sourceRangeKey": _, ...rest }) => rest,
  },
  "dev-ga4-city": {
    stack: "dev",
    // Config values are strings, a structured one as its JSON (readStackConfig, as the engine passes
    // it); ingestion's config holds the key (the stack file's value or Pulumi.yaml's default).
    alter: (config) =>
      config[GA4_DIMENSIONS] === undefined
        ? config
        : { ...config, [GA4_DIMENSIONS]: JSON.stringify([...JSON.parse(config[GA4_DIMENSIONS]), "city"]) },
  },
};

/**
 * The offline plan of one stack (`lakehouse plan`: every layer program under mocks, in DAG order,
 * each fed its producers' real outputs), read the way the local pipeline needs it: a resource's
 * resolved inputs and a layer's outputs. Everything the pipeline configures itself from comes
 * from here, so a change to a stack file or a component changes what runs.
 */
export class StackPlan {
  private constructor(
    readonly stack: PlanVariant,
    private readonly files: PlanFile[],
  ) {}

  /** Plans are computed once per process: the suites (one worker) and the demo share them. */
  private static readonly cache = new Map<PlanVariant, Promise<StackPlan>>();
  private static running: Promise<unknown> = Promise.resolve();

  static load(stack: PlanVariant): Promise<StackPlan> {
    let plan = StackPlan.cache.get(stack);
    if (!plan) {
      // One at a time: a plan runs programs under the process-wide Pulumi runtime and mocks.
      plan = StackPlan.running.then(() => StackPlan.compute(stack));
      StackPlan.running = plan.catch(() => undefined);
      StackPlan.cache.set(stack, plan);
    }
    return plan;
  }

  private static async compute(variant: PlanVariant): Promise<StackPlan> {
    const loadProgram = async (program: string) =>
      (await import(join(REPO_ROOT, "projects", program, "src", "program.ts"))).program;
    const { stack, alter } = VARIANTS[variant];
    const files = await runPlan({
      repoRoot: REPO_ROOT,
      stack,
      layers: ["analytics"],
      loadProgram,
      ...(alter ? { alterConfig: (_program: string, config: Record<string, string>) => alter(config) } : {}),
    });
    return new StackPlan(variant, files);
  }

  private layer(name: string): PlanFile {
    const file = this.files.find((f) => f.layer === name);
    if (!file) throw new Error(`the ${this.stack} plan has no layer ${name}`);
    return file;
  }

  /** Whether `layer` plans a resource of `type` named `name`. */
  has(layer: string, type: string, name: string): boolean {
    return this.layer(layer).resources.some((r) => r.type === type && r.name === name);
  }

  /** The resolved inputs of the one resource of `type` named `name` in `layer`. */
  // biome-ignore lint/suspicious/noExplicitAny: plan inputs are JSON whose shape the caller knows
  inputs(layer: string, type: string, name: string): any {
    const found = this.layer(layer).resources.filter((r) => r.type === type && r.name === name);
    if (found.length !== 1) {
      throw new Error(
        `the ${this.stack} plan of ${layer} has ${found.length} ${type} named ${name}, expected 1`,
      );
    }
    return (found[0] as PlanResource).inputs;
  }

  resources(layer: string, type: string): PlanResource[] {
    return this.layer(layer).resources.filter((r) => r.type === type);
  }

  // biome-ignore lint/suspicious/noExplicitAny: layer outputs are JSON whose shape the contracts give
  outputs(layer: string): Record<string, any> {
    return this.layer(layer).outputs;
  }

  /** The content of the planned S3 object `s3://bucket/key` (a job's SQL, schema or manifest). */
  objectAt(uri: string): string {
    const found = this.resources("transformation", "aws:s3/bucketObjectv2:BucketObjectv2").find(
      (o) => `s3://${o.inputs.bucket}/${o.inputs.key}` === uri,
    );
    if (!found) throw new Error(`the ${this.stack} plan uploads nothing to ${uri}`);
    return String(found.inputs.content);
  }

  /** A Glue job's default arguments, `--name` -> value. */
  jobArguments(name: string): Record<string, string> {
    return this.inputs("transformation", "aws:glue/job:Job", name).defaultArguments;
  }

  /** The analytics layer's named queries: report name -> the SQL Athena runs. */
  reportSql(): Record<string, string> {
    return Object.fromEntries(
      this.resources("analytics", "aws:athena/namedQuery:NamedQuery").map((q) => [
        String(q.inputs.name),
        String(q.inputs.query),
      ]),
    );
  }
}
