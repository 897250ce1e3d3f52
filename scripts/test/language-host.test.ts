import { BOOTSTRAP, LAYER_DEPENDENCIES, LAYERS, type ProgramName, waves } from "@lakehouse/contracts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanFile } from "../src/plan/plan-file";
import { REPO_ROOT } from "../src/repo-root";
import { type EngineRecord, startFakeEngine } from "./support/fake-engine";
import { type ProgramExit, programLaunch, runProgramLikePulumi } from "./support/language-host";
import { stackPlan } from "./support/stack-plans";

/**
 * Every project, the root bootstrap included, started the way `pulumi up` starts it: through the
 * program's own `@pulumi/pulumi/cmd/run` with the flags, working directory and environment the
 * nodejs language host derives from that project's Pulumi.yaml (main, runtime options) and its
 * stack file, talking Pulumi's gRPC protocol to an in-process fake engine. Layers run in DAG
 * order; each consumer's stack references read the outputs its producers exported in these runs.
 */
const STACK = "dev";
// An organization other than the file backend's "organization": stack references must follow it.
const ORGANIZATION = "acme-data";
const runs = new Map<ProgramName, { exit: ProgramExit; record: EngineRecord }>();
let plans: PlanFile[] = [];

async function start(program: ProgramName) {
  const engine = await startFakeEngine({
    programDir: programLaunch(REPO_ROOT, program).pwd,
    project: programLaunch(REPO_ROOT, program).project,
    stack: STACK,
    stackOutputs: (name) => {
      const producer = name.split("/")[1]?.replace(/^lakehouse-/, "") as ProgramName;
      return runs.get(producer)?.record.outputs;
    },
  });
  try {
    const exit = await runProgramLikePulumi({
      repoRoot: REPO_ROOT,
      program,
      stack: STACK,
      engine,
      organization: ORGANIZATION,
      timeoutMs: 240_000,
    });
    runs.set(program, { exit, record: engine.record });
  } finally {
    await engine.stop();
  }
}

beforeAll(async () => {
  // One program at a time, in DAG order: each is a full node + ts-node start, and the suite
  // shares two cores with every other package's tests.
  for (const program of [BOOTSTRAP, ...waves().flat()]) await start(program);
  plans = await stackPlan(STACK);
}, 600_000);

afterAll(() => runs.clear());

describe("each Pulumi project runs under the nodejs language host's cmd/run against an engine", () => {
  for (const program of [BOOTSTRAP, ...LAYERS]) {
    it(`${program}: starts, registers what the offline plan shows, and exports its contract`, () => {
      const run = runs.get(program);
      expect(run, `${program} did not run`).toBeDefined();
      const { exit, record } = run!;
      const errors = record.diagnostics.filter((d) => d.severity === 3).map((d) => d.message);
      expect({ code: exit.code, errors, stderr: exit.stderr.trim() }).toEqual({
        code: 0,
        errors: [],
        stderr: "",
      });
      expect(record.shutdown).toBe(true);

      const plan = plans.find((p) => p.layer === program)!;
      const registered = record.resources
        .filter((r) => r.type !== "pulumi:pulumi:Stack")
        .map((r) => `${r.type}::${r.name}`)
        .sort();
      expect(registered.length).toBeGreaterThan(0);
      expect(registered).toEqual(plan.resources.map((r) => `${r.type}::${r.name}`).sort());
      expect(Object.keys(record.outputs ?? {}).sort()).toEqual(Object.keys(plan.outputs).sort());
      // Stack references name the organization the engine runs the program for.
      const producers = program === BOOTSTRAP ? [] : LAYER_DEPENDENCIES[program];
      expect([...new Set(record.stackReferences)].sort()).toEqual(
        producers.map((p) => `${ORGANIZATION}/lakehouse-${p}/${STACK}`).sort(),
      );
    });
  }
});
