import {
  CreateJobCommand,
  GetJobRunCommand,
  type GetJobRunCommandOutput,
  GlueClient,
  type JobRunState,
  StartJobRunCommand,
  type StartJobRunCommandInput,
} from "@aws-sdk/client-glue";
import { type Layer, placementOf, type StackName } from "@lakehouse/contracts";
import { MOTO_CREDENTIALS, type Moto, startMoto } from "@lakehouse/ingestion/test/support/moto";
import { layerFixture, MOCK_ACCOUNT_ID } from "@lakehouse/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseArgs } from "../src/args";
import { backfillCommand, replayCommand } from "../src/commands/data";
import type { Confirmer } from "../src/data/confirm";
import { type GlueRuns, sdkGlueRuns } from "../src/data/glue-job-run";
import type { DriverFactory, StackDriver } from "../src/deploy/driver";
import { main } from "../src/main";

/**
 * `lakehouse data backfill|replay`: the stack outputs come through the driver (here each layer's
 * contract fixture, in the stack's own account from stacks/accounts.yaml), the Glue calls go to
 * moto_server (StartJobRun, GetJobRun with its STARTING -> RUNNING -> SUCCEEDED progression,
 * ConcurrentRunsExceededException) or, for the end states moto never reaches, to recorded
 * GetJobRun answers in the SDK's shape.
 */
type Outputs = Partial<Record<Layer, Record<string, unknown>>>;

function stackOutputs(stack: StackName): Outputs {
  const account = placementOf(stack).account;
  const inAccount = <T>(o: T): T => JSON.parse(JSON.stringify(o).replaceAll(MOCK_ACCOUNT_ID, account));
  return {
    transformation: inAccount(layerFixture("transformation", stack)),
    "lake-storage": inAccount(layerFixture("lake-storage", stack)),
  } as unknown as Outputs;
}

function outputsDriver(outputs: (stack: StackName) => Outputs = stackOutputs) {
  const read: string[] = [];
  const factory: DriverFactory = async (target) => {
    read.push(`${target.stack}/${target.layer}`);
    return { outputs: async () => outputs(target.stack as StackName)[target.layer] ?? {} } as StackDriver;
  };
  return { factory, read };
}

const noTerminal: Confirmer = {
  yes: false,
  interactive: false,
  ask: () => Promise.reject(new Error("asked without a terminal")),
};
const terminal = (answer: string, asked: string[] = []): Confirmer => ({
  yes: false,
  interactive: true,
  ask: async (q) => {
    asked.push(q);
    return answer;
  },
});

/** Recorded Glue answers: StartJobRun's id, then one GetJobRun answer per poll; records every request. */
function recordedGlue(states: { state: JobRunState; error?: string; seconds?: number }[]) {
  const starts: StartJobRunCommandInput[] = [];
  const gets: string[] = [];
  let poll = 0;
  const runId = "jr_5f8c0e1a9b2d4c6e8f0a1b3c5d7e9f1a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d1e";
  const glue: GlueRuns = {
    startJobRun: async (input) => {
      starts.push(input);
      return { $metadata: { httpStatusCode: 200 }, JobRunId: runId } as never;
    },
    getJobRun: async (input) => {
      gets.push(input.RunId as string);
      const s = states[Math.min(poll++, states.length - 1)]!;
      const answer: GetJobRunCommandOutput = {
        $metadata: { httpStatusCode: 200 },
        JobRun: {
          Id: runId,
          Attempt: 0,
          JobName: input.JobName,
          JobMode: "SCRIPT",
          StartedOn: new Date("2026-12-07T13:00:00Z"),
          LastModifiedOn: new Date("2026-12-07T13:05:00Z"),
          JobRunState: s.state,
          Arguments: starts[0]?.Arguments,
          ExecutionTime: s.seconds ?? 0,
          Timeout: 60,
          WorkerType: "G.1X",
          NumberOfWorkers: 2,
          GlueVersion: "5.0",
          ...(s.error ? { ErrorMessage: s.error } : {}),
        },
      };
      return answer;
    },
  };
  return { glue, starts, gets, runId };
}

async function run(
  command: typeof backfillCommand,
  argv: string[],
  glue: GlueRuns,
  confirmer: Confirmer = noTerminal,
  outputs = outputsDriver(),
) {
  const lines: string[] = [];
  const code = await command(parseArgs(["data", ...argv]), {
    driverFor: outputs.factory,
    glueFor: async () => glue,
    confirmer,
    pollMs: 0,
    sleep: async () => {},
    log: (l) => lines.push(l),
  });
  return { code, lines, read: outputs.read };
}

const BACKFILL = ["--stack", "dev", "--table", "client_events", "--from", "2026-03-01", "--to", "2026-03-03"];

describe("lakehouse data backfill", () => {
  it("starts the table's refine job with a bookmark-disabled backfill of the days, printing what it does first", async () => {
    const glue = recordedGlue([
      { state: "RUNNING", seconds: 40 },
      { state: "RUNNING", seconds: 95 },
      { state: "SUCCEEDED", seconds: 130 },
    ]);
    const { code, lines, read } = await run(backfillCommand, BACKFILL, glue.glue);
    expect(code).toBe(0);
    expect(read).toEqual(["dev/transformation", "dev/lake-storage"]);
    expect(glue.starts).toEqual([
      {
        JobName: "lakehouse-dev-refine-events",
        Arguments: {
          "--job-bookmark-option": "job-bookmark-disable",
          "--backfill_from": "2026-03-01",
          "--backfill_to": "2026-03-03",
          "--dq_report_only": '["CustomSql","RowCount"]',
        },
      },
    ]);
    const refinedDb = layerFixture("lake-storage", "dev").refinedDatabaseName;
    expect(lines.slice(0, 3)).toEqual([
      `backfill ${refinedDb}.client_events: 3 day partition(s), 2026-03-01 to 2026-03-03`,
      `stack:     dev (environment dev), account ${placementOf("dev").account}, region ${placementOf("dev").region}`,
      "job:       lakehouse-dev-refine-events",
    ]);
    // Progress while it runs, then the end state.
    expect(lines).toContain(`lakehouse-dev-refine-events ${glue.runId}: RUNNING (40 s)`);
    expect(lines).toContain(`lakehouse-dev-refine-events ${glue.runId}: RUNNING (95 s)`);
    expect(lines.at(-1)).toBe(
      `data backfill dev client_events: lakehouse-dev-refine-events run ${glue.runId} SUCCEEDED in 130 s`,
    );
    expect(glue.gets).toEqual([glue.runId, glue.runId, glue.runId]);
  });

  it.each([
    ["FAILED", "AnalysisException: [TABLE_OR_VIEW_NOT_FOUND] refined.client_events"],
    ["TIMEOUT", "Job run timed out after 60 minutes"],
    ["ERROR", "Glue ETL Marketplace: unable to start the run"],
    ["STOPPED", "Job run stopped by user"],
  ] as const)("a run ending %s exits 1 with its ErrorMessage", async (state, error) => {
    const glue = recordedGlue([{ state: "STARTING" }, { state: "RUNNING", seconds: 12 }, { state, error }]);
    const { code, lines } = await run(backfillCommand, BACKFILL, glue.glue);
    expect(code).toBe(1);
    expect(lines.at(-1)).toBe(
      `data backfill dev client_events: lakehouse-dev-refine-events run ${glue.runId} ${state}: ${error}`,
    );
  });

  it("refuses an unknown table in one line naming the valid ones, before any Glue call", async () => {
    const glue = recordedGlue([{ state: "SUCCEEDED" }]);
    await expect(
      run(
        backfillCommand,
        ["--stack", "dev", "--table", "events", "--from", "2026-03-01", "--to", "2026-03-01"],
        glue.glue,
      ),
    ).rejects.toThrow(
      /^unknown refined table "events" in stack dev; refined tables: client_events, ga4_sessions$/,
    );
    await expect(
      run(
        backfillCommand,
        ["--stack", "dev", "--table", "orders", "--from", "2026-03-01", "--to", "2026-03-01"],
        glue.glue,
      ),
    ).rejects.toThrow(
      'unknown refined table "orders" in stack dev (orders is an Iceberg table: lakehouse data replay)',
    );
    expect(glue.starts).toEqual([]);
  });

  it.each([
    [["--from", "2026-02-30", "--to", "2026-03-01"], '--from must be a day YYYY-MM-DD, got "2026-02-30"'],
    [["--from", "2026-03-02", "--to", "2026-03-01"], "--from 2026-03-02 is after --to 2026-03-01"],
    [["--to", "2026-03-01"], "--from is required (a day, YYYY-MM-DD)"],
  ])("refuses days %j", async (days, message) => {
    const glue = recordedGlue([{ state: "SUCCEEDED" }]);
    await expect(
      run(backfillCommand, ["--stack", "dev", "--table", "client_events", ...days], glue.glue),
    ).rejects.toThrow(message);
    expect(glue.starts).toEqual([]);
  });

  it("names a missing stack output and the layer to deploy", async () => {
    const without = outputsDriver((stack) => {
      const o = stackOutputs(stack);
      const { refineJobNames: _, ...rest } = o.transformation ?? {};
      return { ...o, transformation: rest };
    });
    await expect(run(backfillCommand, BACKFILL, recordedGlue([]).glue, noTerminal, without)).rejects.toThrow(
      "stack dev: transformation has no output refineJobNames (deploy it: pnpm lakehouse up --stack dev --layers transformation)",
    );
  });

  it("refuses outputs from another account than stacks/accounts.yaml gives the stack", async () => {
    const elsewhere = outputsDriver((stack) => {
      const o = stackOutputs(stack);
      return {
        ...o,
        transformation: { ...o.transformation, jobRoleArn: "arn:aws:iam::999999999999:role/x" },
      };
    });
    await expect(
      run(backfillCommand, BACKFILL, recordedGlue([]).glue, noTerminal, elsewhere),
    ).rejects.toThrow(`is not in account ${placementOf("dev").account} (stacks/accounts.yaml)`);
  });
});

describe("confirmation in prod", () => {
  const PROD = ["--stack", "prod", "--table", "orders"];

  it("dev starts without asking", async () => {
    const glue = recordedGlue([{ state: "SUCCEEDED" }]);
    const { code, lines } = await run(
      replayCommand,
      ["--stack", "dev", "--table", "orders"],
      glue.glue,
      terminal("no"),
    );
    expect(code).toBe(0);
    expect(lines).toContain("dev: no confirmation needed");
  });

  it("prod without a terminal and without --yes starts nothing and exits 1", async () => {
    const glue = recordedGlue([{ state: "SUCCEEDED" }]);
    const { code, lines } = await run(replayCommand, PROD, glue.glue, noTerminal);
    expect(code).toBe(1);
    expect(lines.at(-1)).toBe(
      "data replay on prod (prod) needs confirmation: run it at a terminal, or pass --yes (CI); nothing was started",
    );
    expect(glue.starts).toEqual([]);
  });

  it("prod with --yes starts (CI)", async () => {
    const glue = recordedGlue([{ state: "SUCCEEDED" }]);
    const { code, lines } = await run(replayCommand, [...PROD, "--yes"], glue.glue, {
      ...noTerminal,
      yes: true,
    });
    expect(code).toBe(0);
    expect(lines).toContain("confirmed by --yes");
    expect(glue.starts.map((s) => s.JobName)).toEqual(["lakehouse-prod-cdc-merge"]);
  });

  it("prod at a terminal starts only when the stack's name is typed", async () => {
    const asked: string[] = [];
    const refused = recordedGlue([{ state: "SUCCEEDED" }]);
    const no = await run(replayCommand, PROD, refused.glue, terminal("y", asked));
    expect(no.code).toBe(1);
    expect(no.lines.at(-1)).toBe('not confirmed (answered "y"); nothing was started');
    expect(refused.starts).toEqual([]);
    // Everything it will do is printed before the question.
    expect(no.lines.slice(0, 3)).toEqual([
      `replay ${layerFixture("lake-storage", "prod").cdcDatabaseName}.orders: rebuilt from its whole raw change log`,
      `stack:     prod (environment prod), account ${placementOf("prod").account}, region ${placementOf("prod").region}`,
      "job:       lakehouse-prod-cdc-merge",
    ]);
    const confirmed = recordedGlue([{ state: "SUCCEEDED" }]);
    const yes = await run(replayCommand, PROD, confirmed.glue, terminal("prod", asked));
    expect(yes.code).toBe(0);
    expect(asked).toEqual([
      "type the stack name (prod) to start this run: ",
      "type the stack name (prod) to start this run: ",
    ]);
  });
});

describe("lakehouse data replay", () => {
  it("starts the CDC merge job replaying the table's entity with bookmarks disabled", async () => {
    const glue = recordedGlue([{ state: "SUCCEEDED", seconds: 300 }]);
    const { code } = await run(replayCommand, ["--stack", "dev", "--table", "customers"], glue.glue);
    expect(code).toBe(0);
    expect(glue.starts).toEqual([
      {
        JobName: layerFixture("transformation", "dev").cdcMergeJobName,
        Arguments: { "--job-bookmark-option": "job-bookmark-disable", "--replay_entity": "customers" },
      },
    ]);
  });

  it("refuses a table that is not an Iceberg table of the stack", async () => {
    await expect(
      run(replayCommand, ["--stack", "dev", "--table", "client_events"], recordedGlue([]).glue),
    ).rejects.toThrow(
      'unknown Iceberg table "client_events" in stack dev (client_events is a refined table: lakehouse data backfill); Iceberg tables: orders, customers',
    );
  });

  it("is reached as `lakehouse data replay`, and `lakehouse data` alone names both", async () => {
    await expect(main(["data", "--stack", "dev"])).rejects.toThrow(
      'lakehouse data: expected "data backfill" or "data replay" (lakehouse data --help)',
    );
    const printed: string[] = [];
    expect(await main(["data", "replay", "--help"], (t) => printed.push(t))).toBe(0);
    expect(printed[0]).toMatch(/^usage: lakehouse data replay --stack <s> --table <Iceberg table> \[--yes\]/);
  });
});

describe("against moto_server's Glue", () => {
  let moto: Moto;
  let client: GlueClient;
  const jobName = layerFixture("transformation", "dev").refineJobNames.events as string;
  const transition = (progression: object) =>
    fetch(`${moto.endpoint}/moto-api/state-manager/set-transition`, {
      method: "POST",
      body: JSON.stringify({ model_name: "glue::job_run", transition: progression }),
    });

  beforeAll(async () => {
    moto = await startMoto();
    client = new GlueClient({
      endpoint: moto.endpoint,
      region: placementOf("dev").region,
      credentials: MOTO_CREDENTIALS,
    });
    // The job as the GlueJob component defines it: bookmarks on, one run at a time.
    await client.send(
      new CreateJobCommand({
        Name: jobName,
        Role: `arn:aws:iam::${placementOf("dev").account}:role/lakehouse-dev-glue-jobs`,
        Command: {
          Name: "glueetl",
          ScriptLocation: "s3://assets/glue/transformation/scripts/refine_job.py",
          PythonVersion: "3",
        },
        GlueVersion: "5.0",
        ExecutionProperty: { MaxConcurrentRuns: 1 },
        DefaultArguments: {
          "--job-bookmark-option": "job-bookmark-enable",
          "--source_path": "s3://raw/events/",
          "--partition_keys": "event_date",
        },
      }),
    );
  }, 30_000);
  afterAll(async () => {
    await moto?.stop();
  });

  it("starts the run, follows STARTING -> RUNNING -> SUCCEEDED, and the run's arguments override only the bookmark option", async () => {
    await transition({ progression: "manual", times: 2 });
    const glue = await sdkGlueRuns(client);
    const { code, lines } = await run(backfillCommand, BACKFILL, glue);
    expect(code).toBe(0);
    const states = lines
      .filter((l) => l.startsWith(`${jobName} jr_`))
      .map((l) => l.split(": ")[1]?.split(" ")[0]);
    expect([...new Set(states)]).toEqual(["STARTING", "RUNNING", "SUCCEEDED"]);
    const runId = /run (jr_\w+) SUCCEEDED/.exec(lines.at(-1) as string)?.[1] as string;
    const { JobRun } = await client.send(new GetJobRunCommand({ JobName: jobName, RunId: runId }));
    expect(JobRun?.Arguments).toEqual({
      "--job-bookmark-option": "job-bookmark-disable",
      "--source_path": "s3://raw/events/",
      "--partition_keys": "event_date",
      "--backfill_from": "2026-03-01",
      "--backfill_to": "2026-03-03",
      "--dq_report_only": '["CustomSql","RowCount"]',
    });
  });

  it("a run already under way: Glue's ConcurrentRunsExceededException, one line, exit 1", async () => {
    await transition({ progression: "manual", times: 1000 });
    await client.send(new StartJobRunCommand({ JobName: jobName }));
    const { code, lines } = await run(backfillCommand, BACKFILL, await sdkGlueRuns(client));
    expect(code).toBe(1);
    expect(lines.at(-1)).toMatch(
      /^data backfill dev client_events: Glue refused lakehouse-dev-refine-events: ConcurrentRunsExceededException: .+ \(the job allows one run at a time: wait for the current one and run again\)$/,
    );
  });
});
