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
 * stack file's values over the defaults declared in the project's `Pulumi.yaml`. Secrets are
 * never decrypted here: an encrypted (`secure:`) value, and a secret the project declares
 * (`secret: true`) that the stack file does not hold yet, both get an offline test value, marked
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
  const secretKeys = new Set<string>();
  for (const key of declaredSecrets(repoRoot, program)) {
    config[key] = offlineSecret(key);
    secretKeys.add(key);
  }
  for (const [key, value] of Object.entries(doc.config ?? {})) {
    if (value && typeof value === "object" && !Array.isArray(value) && "secure" in value) {
      config[key] = offlineSecret(key);
      secretKeys.add(key);
    } else {
      config[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  return { file, config, secretKeys: [...secretKeys] };
}

const offlineSecret = (key: string) => `offline-test-secret-for-${key}`;

/** A project's config declarations (`config:` of its Pulumi.yaml), keyed by `<project>:<key>`. */
export function projectConfigDeclarations(
  repoRoot: string,
  program: ProgramName,
): Record<string, { type?: string; secret?: boolean; default?: unknown; description?: string }> {
  const file = join(repoRoot, pulumiWorkDir(program), "Pulumi.yaml");
  if (!existsSync(file)) return {};
  const project = (parse(readFileSync(file, "utf8")) ?? {}) as { config?: Record<string, unknown> };
  const declarations: ReturnType<typeof projectConfigDeclarations> = {};
  for (const [key, declaration] of Object.entries(project.config ?? {})) {
    const name = key.includes(":") ? key : `${projectName(program)}:${key}`;
    declarations[name] =
      declaration && typeof declaration === "object" && !Array.isArray(declaration)
        ? declaration
        : { default: declaration };
  }
  return declarations;
}

/** `<project>:<key>` -> default, for every key the project's Pulumi.yaml declares with a default (none without one). */
export function projectDefaults(repoRoot: string, program: ProgramName): Record<string, string> {
  const defaults: Record<string, string> = {};
  for (const [name, declaration] of Object.entries(projectConfigDeclarations(repoRoot, program))) {
    if (!("default" in declaration) || declaration.default === null) continue;
    const value = declaration.default;
    defaults[name] = typeof value === "string" ? value : JSON.stringify(value);
  }
  return defaults;
}

/** Keys the project declares `secret: true`: values that only exist encrypted in a stack file. */
export function declaredSecrets(repoRoot: string, program: ProgramName): string[] {
  return Object.entries(projectConfigDeclarations(repoRoot, program))
    .filter(([, d]) => d.secret === true)
    .map(([name]) => name);
}
