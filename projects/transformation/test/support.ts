import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  layerFixture,
  policyOf,
  type RecordedResource,
  readStackConfig,
  runProgram,
} from "@lakehouse/testing";
import { JOBS_DIR } from "../src/job-runtime";
import { program } from "../src/program";

export const repoRoot = join(__dirname, "..", "..", "..");

/** Runs the transformation program with a stack file's config (plus overrides) against upstream fixtures. */
export function runTransformation(
  stack: "dev" | "prod",
  overrides: Record<string, string> = {},
  ingestion: Record<string, unknown> = { ...layerFixture("ingestion", stack) },
) {
  const { config, secretKeys } = readStackConfig(repoRoot, "transformation", stack);
  return runProgram(program, {
    project: "lakehouse-transformation",
    stack,
    config: { ...config, ...overrides },
    secretKeys,
    stackOutputs: (name) => {
      const [, project] = name.split("/");
      if (project === "lakehouse-lake-storage") return { ...layerFixture("lake-storage", stack) };
      if (project === "lakehouse-ingestion") return ingestion;
      return undefined;
    },
  });
}

export interface Statement {
  Sid?: string;
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}
export const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
export const statementsOf = (policy: RecordedResource) =>
  policyOf(policy.inputs.policy).Statement as unknown as Statement[];

/** The `REQUIRED_ARGS = [...]` list a job script declares, read from its source. */
export function requiredArgsOf(scriptFile: string): string[] {
  const source = readFileSync(join(JOBS_DIR, scriptFile), "utf8");
  const match = /^REQUIRED_ARGS = \[([^\]]*)\]/m.exec(source);
  if (!match) throw new Error(`${scriptFile} declares no REQUIRED_ARGS`);
  return [...(match[1] as string).matchAll(/"([^"]+)"/g)].map((m) => m[1] as string);
}
