import { resolve } from "node:path";
import { type Layer, placementOf, pulumiWorkDir, type Topology, topology } from "@lakehouse/contracts";
import { allowFlags, booleanFlag, type ParsedArgs, stacksFlag, stringFlag, UsageError } from "../args";
import type { CommandSpec } from "../command-spec";
import { type Confirmer, confirmRun, terminalConfirmer } from "../data/confirm";
import { backfillRun, type DataOutputs, type DataRun, dayFlag, replayRun } from "../data/data-run";
import { type GlueRuns, runGlueJob, sdkGlueRuns } from "../data/glue-job-run";
import { realDriverFactory } from "../deploy/automation-driver";
import { resolveBackend } from "../deploy/backend";
import type { DriverFactory } from "../deploy/driver";
import { REPO_ROOT } from "../repo-root";

const CONFIRM =
  "in prod, start without asking (CI); without it prod asks at a terminal and refuses elsewhere";

export const backfillSpec: CommandSpec = {
  name: "data",
  subcommand: "backfill",
  synopsis: "backfill --stack <s> --table <refined table> --from YYYY-MM-DD --to YYYY-MM-DD [--yes]",
  description:
    "Reprocesses the days --from..--to of a refined table: one run of its refine Glue job reading every raw file of the dataset with the job bookmark disabled (not read, not moved), rebuilding each day of the range from the raw rows alone by dynamic partition overwrite. Prints what it will do, asks in prod, follows the run; exit 1 when the run does not succeed (its ErrorMessage printed).",
  flags: {
    stack: "the stack (required)",
    table: "the refined table (transformation output refinedTables), e.g. client_events",
    from: "first day to rebuild (partition value, UTC)",
    to: "last day to rebuild (inclusive)",
    yes: CONFIRM,
  },
};

export const replaySpec: CommandSpec = {
  name: "data",
  subcommand: "replay",
  synopsis: "replay --stack <s> --table <Iceberg table> [--yes]",
  description:
    "Rebuilds an Iceberg current-state table from its raw change log: one run of the CDC merge job for that entity with the job bookmark disabled, replacing every row with each key's latest change (deletes stay tombstones) in one Iceberg commit. Prints what it will do, asks in prod, follows the run; exit 1 when the run does not succeed (its ErrorMessage printed).",
  flags: {
    stack: "the stack (required)",
    table: "the Iceberg table (transformation output icebergTables), e.g. orders",
    yes: CONFIRM,
  },
};

export interface DataDeps {
  repoRoot?: string;
  env?: NodeJS.ProcessEnv;
  /** Replaces the Automation API the stack outputs are read with (tests). */
  driverFor?: DriverFactory;
  /** The Glue API of the stack's region (default: @aws-sdk/client-glue with the default credentials). */
  glueFor?: (region: string) => Promise<GlueRuns>;
  confirmer?: Confirmer;
  topology?: Topology;
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
  log?: (line: string) => void;
}

/** `lakehouse data backfill --stack --table --from --to [--yes]`. */
export function backfillCommand(args: ParsedArgs, deps: DataDeps = {}): Promise<number> {
  allowFlags(args, Object.keys(backfillSpec.flags));
  const from = dayFlag("from", stringFlag(args.flags, "from"));
  const to = dayFlag("to", stringFlag(args.flags, "to"));
  return dataCommand("data backfill", args, deps, (stack, placement, outputs, table) =>
    backfillRun(stack, placement, outputs, table, from, to),
  );
}

/** `lakehouse data replay --stack --table [--yes]`. */
export function replayCommand(args: ParsedArgs, deps: DataDeps = {}): Promise<number> {
  allowFlags(args, Object.keys(replaySpec.flags));
  return dataCommand("data replay", args, deps, replayRun);
}

async function dataCommand(
  command: string,
  args: ParsedArgs,
  deps: DataDeps,
  plan: (
    stack: string,
    placement: ReturnType<typeof placementOf>,
    outputs: DataOutputs,
    table: string,
  ) => DataRun,
): Promise<number> {
  const log = deps.log ?? console.log;
  const [stack] = stacksFlag(args.flags, true) as [string];
  const table = stringFlag(args.flags, "table");
  if (table === undefined) throw new UsageError(`${command}: --table is required`);
  const yes = booleanFlag(args.flags, "yes");
  const placement = placementOf(stack, deps.topology ?? topology());
  const outputs = await readOutputs(stack, deps);
  const run = plan(stack, placement, outputs, table);
  for (const line of run.what) log(line);

  const confirmation = await confirmRun(
    command,
    stack,
    run.environment,
    deps.confirmer ?? terminalConfirmer(yes),
  );
  if (!confirmation.go) {
    log(confirmation.why);
    return 1;
  }
  log(confirmation.how);
  const glue = await (deps.glueFor ?? defaultGlue)(run.region);
  try {
    const done = await runGlueJob(glue, run.jobName, run.arguments, {
      log,
      pollMs: deps.pollMs,
      sleep: deps.sleep,
    });
    if (done.state === "SUCCEEDED") {
      log(
        `${command} ${stack} ${table}: ${run.jobName} run ${done.runId} SUCCEEDED in ${done.run.ExecutionTime ?? "?"} s`,
      );
      return 0;
    }
    log(`${command} ${stack} ${table}: ${run.jobName} run ${done.runId} ${done.state}: ${done.error}`);
    return 1;
  } catch (err) {
    const e = err as { name?: string; message?: string; $metadata?: unknown };
    if (e.$metadata === undefined) throw err;
    // An API refusal (ConcurrentRunsExceededException: a scheduled run is under way; EntityNotFoundException; ...).
    const hint =
      e.name === "ConcurrentRunsExceededException"
        ? " (the job allows one run at a time: wait for the current one and run again)"
        : "";
    log(`${command} ${stack} ${table}: Glue refused ${run.jobName}: ${e.name}: ${e.message}${hint}`);
    return 1;
  }
}

const NEEDED: { [L in keyof DataOutputs]: (keyof DataOutputs[L])[] } = {
  transformation: ["refinedTables", "refineJobNames", "icebergTables", "cdcMergeJobName", "jobRoleArn"],
  "lake-storage": ["environment", "refinedDatabaseName", "cdcDatabaseName"],
};

/** The stack outputs a data command reads; a missing one names its layer and how to get it. */
async function readOutputs(stack: string, deps: DataDeps): Promise<DataOutputs> {
  const repoRoot = deps.repoRoot ?? REPO_ROOT;
  const driverFor = deps.driverFor ?? realDriverFactory(resolveBackend(repoRoot, deps.env ?? process.env));
  const read = async (layer: Layer) => {
    const driver = await driverFor({ layer, stack, workDir: resolve(repoRoot, pulumiWorkDir(layer)) });
    const values = await driver.outputs();
    const missing = (NEEDED[layer as keyof DataOutputs] as string[]).filter((k) => values[k] === undefined);
    if (missing.length > 0)
      throw new UsageError(
        `stack ${stack}: ${layer} has no output ${missing.join(", ")} (deploy it: pnpm lakehouse up --stack ${stack} --layers ${layer})`,
      );
    return values;
  };
  return {
    transformation: (await read("transformation")) as unknown as DataOutputs["transformation"],
    "lake-storage": (await read("lake-storage")) as unknown as DataOutputs["lake-storage"],
  };
}

async function defaultGlue(region: string): Promise<GlueRuns> {
  const { GlueClient } = await import("@aws-sdk/client-glue");
  return sdkGlueRuns(new GlueClient({ region }));
}
