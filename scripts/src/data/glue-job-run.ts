import type {
  GetJobRunCommandInput,
  GetJobRunCommandOutput,
  GlueClient,
  JobRun,
  JobRunState,
  StartJobRunCommandInput,
  StartJobRunCommandOutput,
} from "@aws-sdk/client-glue";

/** The two Glue calls a data command makes (the tests inject recorded answers or moto's). */
export interface GlueRuns {
  startJobRun(input: StartJobRunCommandInput): Promise<Pick<StartJobRunCommandOutput, "JobRunId">>;
  getJobRun(input: GetJobRunCommandInput): Promise<Pick<GetJobRunCommandOutput, "JobRun">>;
}

/** GlueRuns over an @aws-sdk/client-glue client. */
export async function sdkGlueRuns(client: GlueClient): Promise<GlueRuns> {
  const { GetJobRunCommand, StartJobRunCommand } = await import("@aws-sdk/client-glue");
  return {
    startJobRun: (input) => client.send(new StartJobRunCommand(input)),
    getJobRun: (input) => client.send(new GetJobRunCommand(input)),
  };
}

/**
 * The states after which a run does nothing more: every JobRunState of the SDK's enum
 * (@aws-sdk/client-glue models/enums JobRunState: STARTING, RUNNING, STOPPING, STOPPED,
 * SUCCEEDED, FAILED, TIMEOUT, ERROR, WAITING, EXPIRED) but the four a run passes through.
 */
const FINAL: ReadonlySet<JobRunState> = new Set<JobRunState>([
  "SUCCEEDED",
  "FAILED",
  "TIMEOUT",
  "STOPPED",
  "ERROR",
  "EXPIRED",
]);

export interface FollowOptions {
  log: (line: string) => void;
  /** Between two GetJobRun calls. @default 15 s (a Glue run takes minutes; GetJobRun is throttled per account) */
  pollMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface FinishedRun {
  runId: string;
  state: JobRunState;
  /** The run's ErrorMessage when it did not succeed. */
  error?: string;
  run: JobRun;
}

/**
 * StartJobRun with `args`, then GetJobRun until the run reaches a final state, printing each
 * state it enters and, while it runs, its execution time. StartJobRun's Arguments replace the
 * job's default arguments of the same name for this run only (Glue API, StartJobRun
 * "Arguments"), so the job's own definition is never changed.
 */
export async function runGlueJob(
  glue: GlueRuns,
  jobName: string,
  args: Record<string, string>,
  options: FollowOptions,
): Promise<FinishedRun> {
  const pollMs = options.pollMs ?? 15_000;
  const sleep = options.sleep ?? ((ms: number) => new Promise((r) => setTimeout(r, ms)));
  const { JobRunId: runId } = await glue.startJobRun({ JobName: jobName, Arguments: args });
  if (!runId) throw new Error(`StartJobRun of ${jobName} answered without a JobRunId`);
  options.log(`started ${jobName} run ${runId}`);
  let last: JobRunState | undefined;
  for (;;) {
    const { JobRun: run } = await glue.getJobRun({ JobName: jobName, RunId: runId });
    const state = run?.JobRunState;
    if (!run || !state) throw new Error(`GetJobRun of ${jobName} ${runId} answered without a JobRunState`);
    if (state !== last || state === "RUNNING")
      options.log(
        `${jobName} ${runId}: ${state}${run.ExecutionTime !== undefined && state === "RUNNING" ? ` (${run.ExecutionTime} s)` : ""}`,
      );
    last = state;
    if (FINAL.has(state))
      return {
        runId,
        state,
        run,
        ...(state === "SUCCEEDED" ? {} : { error: run.ErrorMessage ?? "(no ErrorMessage)" }),
      };
    await sleep(pollMs);
  }
}
