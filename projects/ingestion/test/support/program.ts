import { join } from "node:path";
import { type ProgramRun, type RecordedResource, readStackConfig, runProgram } from "@lakehouse/testing";
import { program } from "../../src/program";

export const repoRoot = join(__dirname, "..", "..", "..", "..");

/** Runs the ingestion program with a stack file's config (plus overrides) against the upstream fixtures. */
export function runIngestion(
  stack: "dev" | "prod",
  overrides: Record<string, string> = {},
): Promise<ProgramRun> {
  const { config, secretKeys } = readStackConfig(repoRoot, "ingestion", stack);
  return runProgram(program, {
    project: "lakehouse-ingestion",
    stack,
    config: { ...config, ...overrides },
    secretKeys,
  });
}

/** A recorded resource's input, typed loosely for assertions. */
// biome-ignore lint/suspicious/noExplicitAny: test helper over recorded JSON
export const inputs = (r: RecordedResource): any => r.inputs;

/** The statements of every inline policy on the role whose logical name is `roleName`. */
export function statementsOf(run: ProgramRun, roleName: string) {
  const role = run.recorder.ofType("aws:iam/role:Role").find((r) => r.name === roleName);
  if (!role) throw new Error(`no role ${roleName}`);
  const physical = role.state.name;
  return run.recorder
    .ofType("aws:iam/rolePolicy:RolePolicy")
    .filter((p) => p.inputs.role === physical)
    .flatMap((p) => JSON.parse(String(p.inputs.policy)).Statement as Record<string, unknown>[]);
}
