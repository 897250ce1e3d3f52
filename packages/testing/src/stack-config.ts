import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type ProgramName, projectName, pulumiWorkDir, stackFile } from "@lakehouse/contracts";
import { parse } from "yaml";

export interface StackConfig {
  /** Path of the stack file, relative to the repository root. */
  file: string;
  /** `namespace:key` -> value as the Pulumi engine passes it (structured values as JSON). */
  config: Record<string, string>;
  secretKeys: string[];
}

/**
 * Reads `stacks/<layer>/Pulumi.<stack>.yaml` the way the engine hands config to a program: the
 * stack file's values over the defaults declared in the project's `Pulumi.yaml`. Encrypted
 * (`secure:`) values cannot be decrypted offline: they become a placeholder and are marked
 * secret, so plans show "[secret]".
 */
export function readStackConfig(repoRoot: string, program: ProgramName, stack: string): StackConfig {
  const file = stackFile(program, stack);
  let text: string;
  try {
    text = readFileSync(join(repoRoot, file), "utf8");
  } catch {
    throw new Error(`stack file ${file} not found: create it to configure stack "${stack}" of ${program}`);
  }
  const doc = (parse(text) ?? {}) as { config?: Record<string, unknown> };
  const config: Record<string, string> = projectDefaults(repoRoot, program);
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(doc.config ?? {})) {
    if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
      config[key] = `offline-placeholder-for-${key}`;
      secretKeys.push(key);
    } else {
      config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  return { file, config, secretKeys };
}

/** `<project>:<key>` -> default, for every key the project's Pulumi.yaml declares with a default (none without one). */
export function projectDefaults(repoRoot: string, program: ProgramName): Record<string, string> {
  const file = join(repoRoot, pulumiWorkDir(program), "Pulumi.yaml");
  if (!existsSync(file)) return {};
  const project = (parse(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  const defaults: Record<string, string> = {};
  for (const [key, declaration] of Object.entries(project.config ?? {})) {
    if (!declaration || typeof declaration !== "object" || !("default" in declaration)) continue;
    const value = (declaration as { default: unknown }).default;
    const name = key.includes(":") ? key : `${projectName(program)}:${key}`;
    defaults[name] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return defaults;
}
