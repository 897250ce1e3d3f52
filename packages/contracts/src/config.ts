import * as pulumi from "@pulumi/pulumi";
import type { z } from "zod";
import { type ProgramName, projectName, stackFile } from "./layers";

/** One clear configuration error: every bad or missing key, with the stack file to fix. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`invalid configuration in ${file}:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

type Shape = Record<string, z.ZodType>;

/**
 * Reads and validates a program's configuration (namespace `lakehouse-<layer>`) against a zod
 * object shape. Stack config arrives as strings; structured values are JSON. Fails with one
 * `ConfigError` naming each key, the stack file and what was expected.
 */
export function loadConfig<S extends Shape>(
  program: ProgramName,
  shape: S,
  source: (key: string) => string | undefined = (key) => new pulumi.Config(projectName(program)).get(key),
): { [K in keyof S]: z.output<S[K]> } {
  const file = stackFile(program, pulumi.getStack());
  const namespace = projectName(program);
  const problems: string[] = [];
  const result: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(shape)) {
    const raw = source(key);
    const candidates: unknown[] = raw === undefined ? [undefined] : [parseJson(raw), raw];
    // The JSON reading is the one to report: it is what a structured value means.
    const attempts = candidates.map((candidate) => schema.safeParse(candidate));
    const parsed = attempts.find((a) => a.success) ?? attempts[0];
    if (parsed?.success) {
      result[key] = parsed.data;
    } else {
      const issue = parsed?.error.issues[0];
      const where = issue && issue.path.length > 0 ? `.${issue.path.join(".")}` : "";
      const expected = schema.description ? ` (expected ${schema.description})` : "";
      const got = raw === undefined ? "missing" : `got ${JSON.stringify(raw)}`;
      problems.push(`${namespace}:${key}${where}: ${issue?.message ?? "invalid"}${expected}; ${got}`);
    }
  }
  if (problems.length > 0) throw new ConfigError(file, problems);
  return result as { [K in keyof S]: z.output<S[K]> };
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw;
  }
}
